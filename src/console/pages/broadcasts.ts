// The broadcast composer (/admin/broadcasts): text and buttons, targets by
// ward, group and channel, a preview as each channel shows it, send now or at
// a time, quiet hours said plainly ("sẽ gửi lúc 07:00") with an explicit
// "gửi cả ban đêm", live counts, and a form token so a double submit sends once.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderForChannel } from '../../channels/render.js';
import type { ChannelCapabilities } from '../../channels/types.js';
import type { Button, OutboundMessage } from '../../engine/messages.js';
import { payloadFor } from '../../engine/payloads.js';
import { msUntilAllowed, parseQuietHours } from '../../broadcast/quiet-hours.js';
import { titleOf } from '../../broadcast/routes.js';
import type { BroadcastTarget } from '../../broadcast/types.js';
import { audit, operatorOf, pageGuard, sessionOf } from '../auth/guard.js';
import type { Operator } from '../auth/session.js';
import type { ConsoleDeps } from '../deps.js';
import { field, fields } from '../form.js';
import { html, type Html } from '../html.js';
import { notice, page, sendPage } from '../layout.js';
import { CHANNEL_LABELS, GROUP_LABELS } from '../stats/read.js';
import type { Ward } from '../../engine/wards/directory.js';
import { scheduleBroadcast, scheduledEntry, type Composed } from '../schedule.js';

const TEXT_MAX = 900;
const RECENT_KEY = 'console:recent-broadcasts';
const NO_BUTTONS: ChannelCapabilities = { buttons: false, maxButtons: 0, images: false, maxTextLength: 2000 };
const ACTIONS: { value: string; label: string; payload: string }[] = [
  { value: 'menu', label: 'Xem menu', payload: payloadFor.command('menu') },
  { value: 'scam', label: 'Cảnh báo lừa đảo', payload: payloadFor.flow('scam-menu') },
  { value: 'check', label: 'Kiểm tra tin nhắn lạ', payload: payloadFor.flow('scam-check') },
];

interface Draft {
  title: string;
  text: string;
  buttons: string[];
  wards: string[];
  groups: string[];
  channels: string[];
  when: 'now' | 'at';
  at: string;
  night: boolean;
  token: string;
}

function allowedWards(deps: ConsoleDeps, operator: Operator): Ward[] {
  const directory = deps.wards();
  if (operator.role === 'admin') return directory.wards;
  const mine = new Set(operator.wards.map((w) => w.toLowerCase()));
  return directory.wards.filter((ward) => mine.has(ward.name.toLowerCase()) || mine.has(ward.id));
}

function readDraft(body: unknown): Draft {
  return {
    title: field(body, 'title').slice(0, 120),
    text: field(body, 'text'),
    buttons: fields(body, 'buttons').filter((b) => ACTIONS.some((a) => a.value === b)),
    wards: fields(body, 'wards'),
    groups: fields(body, 'groups').filter((g) => g in GROUP_LABELS && g !== ''),
    channels: fields(body, 'channels'),
    when: field(body, 'when') === 'at' ? 'at' : 'now',
    at: field(body, 'at'),
    night: field(body, 'night') === 'yes',
    token: field(body, 'formToken'),
  };
}

/** The sender named on the alert: the ward when there is one, else the tutor. */
function sender(wards: Ward[]): string {
  return wards.length === 1 ? wards[0]!.name : wards.length > 1 ? `${wards.length} phường/xã` : 'Trợ lý Học Vụ Số';
}

export function compose(draft: Draft, wards: Ward[]): OutboundMessage {
  const buttons: Button[] = ACTIONS.filter((a) => draft.buttons.includes(a.value)).map((a) => ({ label: a.label, payload: a.payload }));
  return { text: `⚠️ Cảnh báo từ ${sender(wards)}\n${draft.text}`, ...(buttons.length ? { buttons } : {}) };
}

/** Local "YYYY-MM-DDTHH:MM" (the datetime-local field) in the deployment's time zone → epoch ms. */
export function localToEpoch(value: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(guess);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return guess - (shown - guess);
}

function quietNote(deps: ConsoleDeps, at: number, night: boolean): Html | '' {
  const quiet = parseQuietHours(deps.quietHours, deps.timeZone);
  const wait = msUntilAllowed(at, quiet);
  if (!quiet || wait === 0) return '';
  const end = deps.quietHours.split('-')[1];
  return night
    ? html`<p class="notice warn" role="status">Đang trong giờ yên tĩnh (${deps.quietHours}). Bạn đã chọn "gửi cả ban đêm": tin đi ngay.</p>`
    : html`<p class="notice warn" role="status">Giờ yên tĩnh (${deps.quietHours}): tin sẽ gửi lúc ${end}. Chỉ chọn "gửi cả ban đêm" khi thật sự khẩn cấp.</p>`;
}

function previewOf(deps: ConsoleDeps, message: OutboundMessage): Html {
  const catalog = deps.content.catalog;
  const shows = [
    { name: 'Có nút bấm (trang web, Telegram)', capabilities: deps.channels.get('web')?.capabilities ?? { ...NO_BUTTONS, buttons: true, maxButtons: 10 } },
    { name: 'Không có nút (Zalo cá nhân)', capabilities: deps.channels.get('zalo-personal')?.capabilities ?? NO_BUTTONS },
  ];
  return html`<section aria-labelledby="h-preview">
    <h2 id="h-preview">Xem trước</h2>
    <div class="grid">
      ${shows.map(
        (show) =>
          html`<figure class="preview">
            <figcaption>${show.name}</figcaption>
            ${renderForChannel([message], show.capabilities, catalog).map(
              (m) =>
                html`<div class="bubble">
                  ${(m.text ?? '').split('\n').map((line, i) => html`${i ? html`<br />` : ''}${line}`)}${m.buttons?.length ? html`<div class="buttons">${m.buttons.map((b) => html`<span class="button">${b.label}</span>`)}</div>` : ''}
                </div>`,
            )}
          </figure>`,
      )}
    </div>
  </section>`;
}

function composerForm(deps: ConsoleDeps, operator: Operator, csrf: string, draft: Partial<Draft>): Html {
  const wards = allowedWards(deps, operator);
  const channels = [...deps.channels.keys()];
  const checked = (list: string[] | undefined, value: string) => (list?.includes(value) ? html` checked` : '');
  return html`<form method="post" action="/admin/broadcasts" class="card" id="composer">
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="formToken" value="${draft.token || randomUUID()}" />
    <label for="title">Tên đợt gửi (chỉ cán bộ thấy)</label>
    <input id="title" name="title" maxlength="120" value="${draft.title ?? ''}" />
    <label for="text">Nội dung cảnh báo</label>
    <textarea id="text" name="text" rows="5" maxlength="${TEXT_MAX}" required aria-describedby="text-help">${draft.text ?? ''}</textarea>
    <p id="text-help" class="help">Một ý, lời lẽ giản dị. Đầu tin tự có dòng "⚠️ Cảnh báo từ …". <span data-count-for="text"></span></p>
    <fieldset>
      <legend>Nút bấm dưới tin</legend>
      ${ACTIONS.map((a) => html`<label class="check"><input type="checkbox" name="buttons" value="${a.value}" ${checked(draft.buttons, a.value)} /> ${a.label}</label>`)}
    </fieldset>
    <fieldset>
      <legend>Phường/xã nhận tin${operator.role === 'admin' ? ' (không chọn: tất cả)' : ''}</legend>
      ${wards.map((w) => html`<label class="check"><input type="checkbox" name="wards" value="${w.id}" ${checked(draft.wards, w.id)} /> ${w.name}</label>`)}
    </fieldset>
    <fieldset>
      <legend>Nhóm (không chọn: tất cả)</legend>
      ${Object.entries(GROUP_LABELS)
        .filter(([g]) => g)
        .map(([g, label]) => html`<label class="check"><input type="checkbox" name="groups" value="${g}" ${checked(draft.groups, g)} /> ${label}</label>`)}
    </fieldset>
    <fieldset>
      <legend>Kênh (không chọn: tất cả)</legend>
      ${channels.map((c) => html`<label class="check"><input type="checkbox" name="channels" value="${c}" ${checked(draft.channels, c)} /> ${CHANNEL_LABELS[c] ?? c}</label>`)}
    </fieldset>
    <fieldset>
      <legend>Thời gian gửi</legend>
      <label class="check"><input type="radio" name="when" value="now" ${draft.when !== 'at' ? html` checked` : ''} /> Gửi ngay</label>
      <label class="check"><input type="radio" name="when" value="at" ${draft.when === 'at' ? html` checked` : ''} /> Hẹn giờ:</label>
      <label for="at" class="sr-only">Giờ gửi</label><input id="at" name="at" type="datetime-local" value="${draft.at ?? ''}" />
      <label class="check"><input type="checkbox" name="night" value="yes" ${draft.night ? html` checked` : ''} /> Gửi cả ban đêm (chỉ khi khẩn cấp)</label>
    </fieldset>
    <div class="actions"><button type="submit" name="action" value="preview">Xem trước</button> <button type="submit" name="action" value="send" class="primary">Gửi cảnh báo</button></div>
  </form>`;
}

const NO_COUNTS = { queued: 0, sent: 0, failed: 0, skipped: 0 };

/** A broadcast's summary; a scheduled one shows as "Đã hẹn giờ" until it starts, then as the broadcast it became. */
async function summaryOf(deps: ConsoleDeps, id: string) {
  if (!id.startsWith('sched-')) return deps.broadcaster.summary(id);
  const entry = await scheduledEntry(deps, id);
  if (!entry) return undefined;
  if (entry.broadcastId) return deps.broadcaster.summary(entry.broadcastId);
  return { id, title: entry.title, status: 'scheduled', counts: NO_COUNTS };
}

/** The console's recent broadcasts with their counts (a bounded list of ids). */
export async function recentBroadcasts(deps: ConsoleDeps): Promise<Html> {
  const ids = JSON.parse((await deps.store.shared.get(RECENT_KEY)) ?? '[]') as string[];
  const rows = (await Promise.all(ids.map((id) => summaryOf(deps, id)))).filter((s) => s !== undefined);
  if (!rows.length) return html``;
  return html`<section aria-labelledby="h-recent">
    <h2 id="h-recent">Các đợt gửi gần đây</h2>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Đợt gửi</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Xếp hàng</th>
            <th scope="col">Đã gửi</th>
            <th scope="col">Lỗi</th>
            <th scope="col">Bỏ qua</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (s) =>
              html`<tr>
                <th scope="row"><a href="/admin/broadcasts/${s.id}">${s.title}</a></th>
                <td>${statusLabel(s.status)}</td>
                <td>${s.counts.queued}</td>
                <td>${s.counts.sent}</td>
                <td>${s.counts.failed}</td>
                <td>${s.counts.skipped}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

export function statusLabel(status: string): string {
  return status === 'done' ? 'Đã xong' : status === 'sending' ? 'Đang gửi' : status === 'scheduled' ? 'Đã hẹn giờ' : 'Đang chuẩn bị';
}

export async function rememberRecent(deps: ConsoleDeps, id: string): Promise<void> {
  const ids = JSON.parse((await deps.store.shared.get(RECENT_KEY)) ?? '[]') as string[];
  await deps.store.shared.set(RECENT_KEY, JSON.stringify([id, ...ids.filter((x) => x !== id)].slice(0, 30)));
}

export function registerBroadcastPages(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store, ['admin', 'staff']);
  const show = async (request: FastifyRequest, draft: Partial<Draft>, extra: Html | '' = '', status = 200) => {
    const operator = operatorOf(request);
    const session = sessionOf(request)!;
    const body = html`${extra}${composerForm(deps, operator, session.csrf, draft)}${await recentBroadcasts(deps)}`;
    return { markup: page('Gửi cảnh báo', body, session, '/admin/broadcasts'), status };
  };
  http.get('/admin/broadcasts', { preHandler: guard }, async (request, reply) => {
    const { markup } = await show(request, { token: randomUUID() });
    return sendPage(reply, markup);
  });
  http.post('/admin/broadcasts', { preHandler: guard }, async (request, reply) => {
    const operator = operatorOf(request);
    const draft = readDraft(request.body);
    const allowed = allowedWards(deps, operator);
    const chosen = allowed.filter((w) => draft.wards.includes(w.id));
    // Ward staff always send to their own wards only.
    const wards = operator.role === 'admin' ? chosen : chosen.length ? chosen : allowed;
    const problems: string[] = [];
    if (!draft.text) problems.push('Hãy viết nội dung cảnh báo.');
    if (draft.text.length > TEXT_MAX) problems.push(`Nội dung dài quá ${TEXT_MAX} ký tự.`);
    if (operator.role !== 'admin' && wards.length === 0) problems.push('Tài khoản của bạn chưa gắn với phường nào trong danh bạ; nhờ quản trị viên sửa.');
    const at = draft.when === 'at' ? localToEpoch(draft.at, deps.timeZone) : Date.now();
    if (at === undefined) problems.push('Hãy chọn ngày giờ gửi.');
    else if (draft.when === 'at' && at < Date.now() - 60_000) problems.push('Giờ hẹn đã qua.');
    const message = compose(draft, wards);
    const notes = html`${problems.map((p) => notice(p, 'error'))}${quietNote(deps, at ?? Date.now(), draft.night)}`;
    if (problems.length || field(request.body, 'action') !== 'send') {
      const { markup } = await show(request, draft, html`${notes}${draft.text ? previewOf(deps, message) : ''}`, problems.length ? 400 : 200);
      return sendPage(reply, markup, problems.length ? 400 : 200);
    }
    // One submit, one broadcast: a repeated form token (double click, reload, retry) leads to the first result.
    const token = /^[0-9a-f-]{36}$/.test(draft.token) ? draft.token : randomUUID();
    if (!(await deps.store.shared.claim(`console:form:${token}`, 24 * 3600_000))) {
      const first = await waitForResult(deps, token);
      return reply
        .code(303)
        .header('location', first ? `/admin/broadcasts/${first}` : '/admin/broadcasts')
        .send();
    }
    const target: BroadcastTarget = {
      ...(wards.length ? { wards: wards.flatMap((w) => [w.name, ...w.aliases]).slice(0, 200) } : {}),
      ...(draft.groups.length ? { groups: draft.groups as NonNullable<BroadcastTarget['groups']> } : {}),
      ...(draft.channels.length ? { channels: draft.channels.filter((c) => deps.channels.has(c)) } : {}),
    };
    const composed: Composed = { title: draft.title || titleOf(draft.text), message, target, respectQuietHours: !draft.night, by: operator.username };
    const id = await scheduleBroadcast(deps, composed, draft.when === 'at' ? at! : undefined);
    await deps.store.shared.set(`console:form-result:${token}`, id, 24 * 3600_000);
    await rememberRecent(deps, id);
    await audit(deps.store, operator, draft.when === 'at' ? 'broadcast.schedule' : 'broadcast.send', `${id}: ${composed.title}`);
    return reply.code(303).header('location', `/admin/broadcasts/${id}`).send();
  });
}

async function waitForResult(deps: ConsoleDeps, token: string): Promise<string | null> {
  for (let i = 0; i < 20; i++) {
    const id = await deps.store.shared.get(`console:form-result:${token}`);
    if (id) return id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

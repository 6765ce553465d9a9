// "Thử trò chuyện": an operator talks to the pure engine (turn()) as a resident
// of a chosen group, seeing a chosen channel's rendering. The pretend resident's
// state lives under the operator's name in the shared store for two hours;
// no real resident's record is read or written, and no service is called.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderForChannel } from '../../channels/render.js';
import type { ChannelCapabilities } from '../../channels/types.js';
import type { OutboundMessage } from '../../engine/messages.js';
import { turn } from '../../engine/router.js';
import { newUserState, type UserState } from '../../engine/state.js';
import { operatorOf, pageGuard, sessionOf } from '../auth/guard.js';
import type { ConsoleDeps } from '../deps.js';
import { field } from '../form.js';
import { html } from '../html.js';
import { page, sendPage } from '../layout.js';
import { GROUP_LABELS } from '../stats/read.js';

const SIM_TTL_MS = 2 * 3600_000;
const KEPT = 30;

export const SIM_VIEWS: Record<string, { label: string; capabilities: ChannelCapabilities }> = {
  web: { label: 'Trang web / Telegram (có nút)', capabilities: { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000 } },
  zalo: { label: 'Zalo cá nhân (danh sách số)', capabilities: { buttons: false, maxButtons: 0, images: true, maxTextLength: 2000 } },
};

interface Sim {
  group: string;
  view: string;
  state: UserState | null;
  log: { who: 'me' | 'bot' | 'note'; text: string; buttons?: { label: string; payload: string }[] }[];
}

const key = (username: string) => `console:sim:${username}`;

/** One simulated turn: the engine only, rendered for the chosen view. */
export function simulateTurn(deps: Pick<ConsoleDeps, 'content'>, sim: Sim, input: { text?: string; payload?: string; label?: string }, now = Date.now()): Sim {
  const previous = sim.state ?? withGroup(newUserState(now), sim.group);
  const result = turn(
    previous,
    { channel: 'sim', userId: 'sim', messageId: randomUUID(), at: now, ...(input.payload ? { payload: input.payload } : { text: input.text ?? '' }) },
    {
      registry: deps.content.registry,
      catalog: deps.content.catalog,
      now,
    },
  );
  const capabilities = (SIM_VIEWS[sim.view] ?? SIM_VIEWS.web!).capabilities;
  const render = (messages: OutboundMessage[]) =>
    renderForChannel(messages, capabilities, deps.content.catalog).map((m) => ({
      who: 'bot' as const,
      text: m.text ?? (m.image ? '🖼️ (hình)' : ''),
      ...(m.buttons?.length ? { buttons: m.buttons } : {}),
    }));
  const entries: Sim['log'] = [{ who: 'me', text: input.label ?? input.text ?? '' }, ...render(result.outbox)];
  if (result.service) {
    const name = result.service.name === 'qa' ? 'hỏi đáp' : result.service.name === 'scam-check' ? 'kiểm tra lừa đảo' : result.service.name;
    entries.push({ who: 'note', text: `(Ở đây trợ lý chuyển “${result.service.text}” cho phần ${name}; bản thử không gọi phần này.)` }, ...render(result.service.after));
  }
  return { ...sim, state: result.deleteUser ? null : result.state, log: [...sim.log, ...entries].slice(-KEPT) };
}

function withGroup(state: UserState, group: string): UserState {
  if (group && group !== 'new') Object.assign(state.profile, { group, consent: true, onboarded: true });
  return state;
}

export function registerSimulatorRoutes(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store);
  const load = async (request: FastifyRequest): Promise<Sim> => {
    const raw = await deps.store.shared.get(key(operatorOf(request).username));
    return raw ? (JSON.parse(raw) as Sim) : { group: 'new', view: 'web', state: null, log: [] };
  };
  const show = (request: FastifyRequest, sim: Sim) => {
    const session = sessionOf(request)!;
    const csrf = html`<input type="hidden" name="_csrf" value="${session.csrf}" />`;
    const body = html`<p>Thử bất kỳ bài, hướng dẫn hay câu lệnh nào như một người dân. Không đụng đến dữ liệu của người dân thật.</p>
      <form method="post" action="/admin/simulator/reset" class="card row">
        ${csrf}
        <label for="group">Người dân thuộc nhóm</label>
        <select id="group" name="group">
          <option value="new" ${sim.group === 'new' ? html` selected` : ''}>Người mới (chưa làm quen)</option>
          ${Object.entries(GROUP_LABELS)
            .filter(([g]) => g)
            .map(([g, label]) => html`<option value="${g}" ${sim.group === g ? html` selected` : ''}>${label}</option>`)}
        </select>
        <label for="view">Hiển thị như kênh</label>
        <select id="view" name="view">
          ${Object.entries(SIM_VIEWS).map(([v, { label }]) => html`<option value="${v}" ${sim.view === v ? html` selected` : ''}>${label}</option>`)}
        </select>
        <button type="submit">Bắt đầu lại</button>
      </form>
      <section class="chatlog" aria-labelledby="h-log" aria-live="polite">
        <h2 id="h-log">Cuộc trò chuyện thử</h2>
        ${sim.log.length ? '' : html`<p class="empty">Gõ "xin chào" để bắt đầu.</p>`}
        ${sim.log.map(
          (entry) =>
            html`<div class="msg ${entry.who}">${entry.text.split('\n').map((line, i) => html`${i ? html`<br />` : ''}${line}`)}</div>
              ${entry.buttons ? html`<form method="post" action="/admin/simulator" class="buttons">${csrf}${entry.buttons.map((b) => html`<button type="submit" name="payload" value="${b.payload}">${b.label}</button>`)}</form>` : ''}`,
        )}
      </section>
      <form method="post" action="/admin/simulator" class="card row">
        ${csrf}
        <label for="simtext">Tin nhắn của người dân</label>
        <input id="simtext" name="text" maxlength="500" required autocomplete="off" />
        <button type="submit" class="primary">Gửi</button>
      </form>`;
    return page('Thử trò chuyện', body, session, '/admin/simulator');
  };
  http.get('/admin/simulator', { preHandler: guard }, async (request, reply) => sendPage(reply, show(request, await load(request))));
  http.post('/admin/simulator', { preHandler: guard }, async (request, reply) => {
    const sim = await load(request);
    const payload = field(request.body, 'payload');
    const text = field(request.body, 'text').slice(0, 500);
    const label = payload ? sim.log.flatMap((e) => e.buttons ?? []).find((b) => b.payload === payload)?.label : undefined;
    const next = payload || text ? simulateTurn(deps, sim, payload ? { payload, label: label ?? payload } : { text }) : sim;
    await deps.store.shared.set(key(operatorOf(request).username), JSON.stringify(next), SIM_TTL_MS);
    return sendPage(reply, show(request, next));
  });
  http.post('/admin/simulator/reset', { preHandler: guard }, async (request, reply) => {
    const group = field(request.body, 'group');
    const view = field(request.body, 'view');
    const sim: Sim = { group: group in GROUP_LABELS || group === 'new' ? group : 'new', view: view in SIM_VIEWS ? view : 'web', state: null, log: [] };
    await deps.store.shared.set(key(operatorOf(request).username), JSON.stringify(sim), SIM_TTL_MS);
    return sendPage(reply, show(request, sim));
  });
}

// One broadcast's page with live counts (console.js polls counts.json and
// updates a polite live region), and what quiet hours mean for it right now.
import type { FastifyInstance } from 'fastify';
import { msUntilAllowed, parseQuietHours } from '../../broadcast/quiet-hours.js';
import { pageGuard, sessionOf } from '../auth/guard.js';
import type { ConsoleDeps } from '../deps.js';
import { html } from '../html.js';
import { page, sendPage } from '../layout.js';
import { scheduledEntry } from '../schedule.js';
import { statusLabel } from './broadcasts.js';

const ID = /^(bc|sched)-[a-z0-9-]{1,60}$/;

async function countsOf(deps: ConsoleDeps, id: string) {
  const summary = await deps.broadcaster.summary(id);
  if (!summary) return undefined;
  const record = await deps.broadcaster.book.get(id);
  const quiet = parseQuietHours(deps.quietHours, deps.timeZone);
  const waiting = summary.status !== 'done' && record?.respectQuietHours === true && msUntilAllowed(Date.now(), quiet) > 0;
  const note = waiting ? `Đang giờ yên tĩnh: tin sẽ gửi lúc ${deps.quietHours.split('-')[1]}.` : summary.status === 'done' ? 'Đã gửi xong.' : 'Đang gửi…';
  return { ...summary, statusLabel: statusLabel(summary.status), note };
}

export function registerBroadcastStatus(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store, ['admin', 'staff']);
  http.get('/admin/broadcasts/:id', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const session = sessionOf(request)!;
    if (ID.test(id) && id.startsWith('sched-')) {
      const entry = await scheduledEntry(deps, id);
      if (entry?.broadcastId) return reply.code(303).header('location', `/admin/broadcasts/${entry.broadcastId}`).send();
      if (entry) {
        const at = new Intl.DateTimeFormat('vi-VN', { timeZone: deps.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(entry.at);
        return sendPage(
          reply,
          page(
            entry.title,
            html`<p class="notice ok" role="status">Đã hẹn giờ: tin sẽ gửi lúc ${at}.</p>
              <p><a href="/admin/broadcasts">← Gửi cảnh báo khác</a></p>`,
            session,
            '/admin/broadcasts',
          ),
        );
      }
    }
    const counts = ID.test(id) ? await countsOf(deps, id) : undefined;
    if (!counts) return sendPage(reply, page('Không có đợt gửi này', html`<p><a href="/admin/broadcasts">← Quay lại</a></p>`, session), 404);
    const body = html`<section class="card" data-live-counts="/admin/broadcasts/${id}/counts.json">
        <p role="status" aria-live="polite" data-field="note">${counts.note}</p>
        <dl class="counts">
          <div>
            <dt>Trạng thái</dt>
            <dd data-field="statusLabel">${counts.statusLabel}</dd>
          </div>
          <div>
            <dt>Xếp hàng</dt>
            <dd data-field="queued">${counts.counts.queued}</dd>
          </div>
          <div>
            <dt>Đã gửi</dt>
            <dd data-field="sent">${counts.counts.sent}</dd>
          </div>
          <div>
            <dt>Lỗi</dt>
            <dd data-field="failed">${counts.counts.failed}</dd>
          </div>
          <div>
            <dt>Bỏ qua (đã chặn, ngoài kênh)</dt>
            <dd data-field="skipped">${counts.counts.skipped}</dd>
          </div>
        </dl>
      </section>
      <p><a href="/admin/broadcasts">← Gửi cảnh báo khác</a></p>`;
    return sendPage(reply, page(counts.title, body, session, '/admin/broadcasts'));
  });
  http.get('/admin/broadcasts/:id/counts.json', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const counts = ID.test(id) ? await countsOf(deps, id) : undefined;
    if (!counts) return reply.code(404).send({ error: 'Không có đợt gửi này. / No such broadcast.' });
    return { ...counts.counts, status: counts.status, statusLabel: counts.statusLabel, note: counts.note };
  });
}

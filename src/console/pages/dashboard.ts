// GET /admin: the dashboard (counters only, never a scan of the residents) and
// the CSV exports per ward and per lesson.
import type { FastifyInstance } from 'fastify';
import { barChart, pct } from '../charts.js';
import { pageGuard, operatorOf, sessionOf } from '../auth/guard.js';
import type { ConsoleDeps } from '../deps.js';
import { html } from '../html.js';
import { page, sendPage } from '../layout.js';
import { recentBroadcasts } from './broadcasts.js';
import { journeySection } from './journey-section.js';
import { lessonCsv, readDashboard, wardCsv, type Dashboard } from '../stats/read.js';

export function dashboardBody(d: Dashboard) {
  const lessonsShown = d.lessons.filter((l) => l.started > 0);
  return html` ${d.scoped ? html`<p class="notice ok">Số người dân, theo phường: chỉ các phường của bạn. Các biểu đồ khác là số liệu chung của cả nơi triển khai.</p>` : ''}
    <section aria-labelledby="h-summary" class="cards">
      <h2 id="h-summary" class="sr-only">Tóm tắt</h2>
      <div class="stat"><span class="big">${d.residents.toLocaleString('vi-VN')}</span> người dân</div>
      <div class="stat"><span class="big">${(d.activeWeeks.at(-1)?.value ?? 0).toLocaleString('vi-VN')}</span> hoạt động tuần này</div>
      <div class="stat"><span class="big">${d.qa.asked.toLocaleString('vi-VN')}</span> câu hỏi, ${pct(d.qa.notFound, d.qa.asked)} chưa tìm thấy</div>
      <div class="stat"><span class="big">${d.scamChecks.toLocaleString('vi-VN')}</span> lượt kiểm tra lừa đảo</div>
    </section>
    <section aria-labelledby="h-wards">
      <h2 id="h-wards">Theo phường/xã</h2>
      <p><a href="/admin/export/wards.csv" download>Tải bảng theo phường (CSV)</a></p>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">
            Người dân và lượt học xong bài theo phường
          </caption>
          <thead>
            <tr>
              <th scope="col">Phường/xã</th>
              <th scope="col">Người dân</th>
              <th scope="col">Lượt học xong bài</th>
            </tr>
          </thead>
          <tbody>
            ${d.byWard.map(
              (w) =>
                html`<tr>
                  <th scope="row">${w.label}</th>
                  <td>${w.residents}</td>
                  <td>${w.lessonsCompleted}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>
    <div class="grid">
      ${barChart('Người dân theo nhóm', d.byGroup)} ${barChart('Người dân theo kênh', d.byChannel)} ${barChart('Người dân hoạt động mỗi tuần (8 tuần gần nhất)', d.activeWeeks)}
      ${barChart('Từ làm quen đến học xong bài đầu tiên', d.funnel)}
    </div>
    <section aria-labelledby="h-lessons">
      <h2 id="h-lessons">Bài học</h2>
      <p><a href="/admin/export/lessons.csv" download>Tải bảng theo bài học (CSV)</a></p>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">
            Mỗi bài: số người bắt đầu, học xong, điểm trung bình
          </caption>
          <thead>
            <tr>
              <th scope="col">Bài</th>
              <th scope="col">Bắt đầu</th>
              <th scope="col">Học xong</th>
              <th scope="col">Tỉ lệ xong</th>
              <th scope="col">Điểm TB</th>
              <th scope="col">Câu đúng / sai</th>
            </tr>
          </thead>
          <tbody>
            ${(lessonsShown.length ? lessonsShown : d.lessons).map(
              (l) =>
                html`<tr>
                  <th scope="row">${l.title}</th>
                  <td>${l.started}</td>
                  <td>${l.completed}</td>
                  <td>${pct(l.completed, l.started)}</td>
                  <td>${l.averageScore === null ? '–' : `${l.averageScore}%`}</td>
                  <td>${l.right} / ${l.wrong}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>
    <div class="grid">
      ${barChart('Hỏi đáp', [
        { label: 'Đã trả lời', value: d.qa.answered },
        { label: 'Chưa tìm thấy', value: d.qa.notFound },
        { label: 'Chuyển tình nguyện viên', value: d.qa.volunteer },
      ])}
      <section aria-labelledby="h-unanswered" class="chart">
        <h2 id="h-unanswered">Câu hỏi chưa tìm thấy câu trả lời (gần đây)</h2>
        ${
          d.qa.topUnanswered.length
            ? html`<ol>
                ${d.qa.topUnanswered.map((q) => html`<li>${q.text} <span class="muted">(${q.count} lần)</span></li>`)}
              </ol>`
            : html`<p class="empty">Chưa có.</p>`
        }
      </section>
      ${barChart('Kiểm tra lừa đảo: kết luận', d.scamVerdicts)}
    </div>`;
}

export function registerDashboardRoutes(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store, ['admin', 'staff']);
  // This process's latest turns first (its counters are written every half second).
  const read = async (operator: ReturnType<typeof operatorOf>) => {
    await deps.stats.flush();
    return readDashboard(deps.store, deps.content.registry, deps.wards(), operator, deps.timeZone);
  };
  http.get('/admin', { preHandler: guard }, async (request, reply) => {
    // The journey's counters are added straight to the store (no flush needed), so they are read alongside.
    const [dashboard, counts] = await Promise.all([read(operatorOf(request)), deps.store.operators.counts()]);
    const broadcasts = html`${await recentBroadcasts(deps)}
      <p><a href="/admin/broadcasts">Gửi cảnh báo mới →</a></p>`;
    return sendPage(reply, page('Tổng quan', html`${dashboardBody(dashboard)}${journeySection(counts)}${broadcasts}`, sessionOf(request), '/admin'));
  });
  http.get('/admin/export/wards.csv', { preHandler: guard }, async (request, reply) => {
    const dashboard = await read(operatorOf(request));
    const csv = wardCsv(dashboard, await deps.store.operators.counts(), deps.content.registry);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="hoc-vu-so-theo-phuong.csv"').send(csv);
  });
  http.get('/admin/export/lessons.csv', { preHandler: guard }, async (request, reply) => {
    const dashboard = await read(operatorOf(request));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="hoc-vu-so-theo-bai.csv"').send(lessonCsv(dashboard));
  });
}

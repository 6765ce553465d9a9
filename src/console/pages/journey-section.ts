// The dashboard's "Hành trình học": the counters of GET /api/admin/journey
// (reminders and who came back after one, invitations and helpers), for the
// whole deployment: they are kept per deployment, not per ward.
import { JOURNEY_COUNTERS } from '../../journey/routes.js';
import { pct } from '../charts.js';
import { html } from '../html.js';

type JourneyCounts = Record<(typeof JOURNEY_COUNTERS)[number], number>;

/** A table whose first column names each row. */
function rowTable(caption: string, headers: string[], rows: (string | number)[][]) {
  return html`<div class="table-wrap">
    <table>
      <caption class="sr-only">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([label, ...cells]) =>
            html`<tr>
              <th scope="row">${label}</th>
              ${cells.map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function journeySection(counts: Record<string, number>) {
  const c = Object.fromEntries(JOURNEY_COUNTERS.map((name) => [name, counts[name] ?? 0])) as JourneyCounts;
  const reminder = (label: string, sent: number, returned: number) => [label, sent, returned, pct(returned, sent)];
  return html`<section aria-labelledby="h-journey">
    <h2 id="h-journey">Hành trình học</h2>
    <p class="help">Số chung của cả nơi triển khai. Xếp hạng các phường: <a href="/admin/leaderboard">Thi đua</a>.</p>
    <div class="grid">
      ${rowTable(
        'Lời nhắc đã gửi và người dân quay lại sau lời nhắc, theo loại',
        ['Lời nhắc', 'Đã gửi', 'Quay lại sau nhắc', 'Tỉ lệ'],
        [reminder('Nhắc ôn lại câu trả lời sai', c['nudge:sent:review'], c['nudge:returned:review']), reminder('Nhắc học tiếp bài đang dở', c['nudge:sent:resume'], c['nudge:returned:resume'])],
      )}
      ${rowTable(
        'Mỗi người biết dạy một người: lời mời và người hướng dẫn',
        ['Mỗi người dạy một người', 'Số người'],
        [
          ['Người dân đến qua mã mời', c['invite:accepted']],
          ['Người được mời đã học xong ít nhất 1 bài', c['invite:finished']],
          ['Người hướng dẫn được ghi nhận', c['mentor:recognized']],
        ],
      )}
    </div>
  </section>`;
}

// Thi đua (/admin/leaderboard): the ward leaderboard of GET /api/admin/leaderboard,
// from the same computation (collectStandings), with its CSV. Every ward is
// shown to staff too: the board compares wards and holds only totals; their
// own wards are marked.
import type { FastifyInstance } from 'fastify';
import { wardIdOf } from '../../engine/wards/match.js';
import { collectStandings, leaderboardCsvRows, type WardStanding } from '../../journey/standings.js';
import { operatorOf, pageGuard, sessionOf } from '../auth/guard.js';
import type { Operator } from '../auth/session.js';
import type { ConsoleDeps } from '../deps.js';
import { html } from '../html.js';
import { page, sendPage } from '../layout.js';
import { wardsInScope } from '../scope.js';
import { toCsv } from '../stats/read.js';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const score = (value: number) => value.toLocaleString('vi-VN', { maximumFractionDigits: 3 });

function leaderboardBody(wards: WardStanding[], mine: (ward: string) => boolean) {
  return html`<p>Mỗi phường/xã được tính theo tỉ lệ trên số người dân đã đăng ký (đồng ý dùng trợ lý), nên phường đông dân không tự nhiên đứng đầu.</p>
    <p class="help">Điểm = (số người học xong ít nhất 1 bài + số giấy chứng nhận còn hiệu lực + số Người hướng dẫn) ÷ số người đăng ký. Bảng được tính lại từ hồ sơ người dân mỗi lần mở trang.</p>
    <p><a href="/admin/leaderboard.csv" download>Tải bảng thi đua (CSV)</a></p>
    ${
      wards.length
        ? html`<div class="table-wrap">
            <table>
              <caption class="sr-only">
                Bảng thi đua theo phường/xã, hạng cao nhất trước
              </caption>
              <thead>
                <tr>
                  <th scope="col">Hạng</th>
                  <th scope="col">Phường/xã</th>
                  <th scope="col">Đăng ký</th>
                  <th scope="col">Học xong ≥1 bài</th>
                  <th scope="col">Giấy chứng nhận</th>
                  <th scope="col">Người hướng dẫn</th>
                  <th scope="col">Điểm</th>
                </tr>
              </thead>
              <tbody>
                ${wards.map(
                  (w) =>
                    html`<tr${mine(w.ward) ? html` class="mine"` : ''}>
                      <td>${w.rank}</td>
                      <th scope="row">${w.ward}${mine(w.ward) ? html` <span class="muted">(phường của bạn)</span>` : ''}</th>
                      <td>${w.registered}</td>
                      <td>${w.finished} <span class="muted">(${percent(w.finishedRate)})</span></td>
                      <td>${w.certificates} <span class="muted">(${percent(w.certificateRate)})</span></td>
                      <td>${w.helpers} <span class="muted">(${percent(w.helperRate)})</span></td>
                      <td>${score(w.score)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="empty">Chưa có người dân nào đăng ký.</p>`
    }`;
}

function ownWards(deps: ConsoleDeps, operator: Operator): (ward: string) => boolean {
  const directory = deps.wards();
  const scope = operator.role === 'admin' ? undefined : wardsInScope(operator, directory);
  return (ward) => scope?.has(wardIdOf(ward, directory)) ?? false;
}

export function registerLeaderboardRoutes(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store, ['admin', 'staff']);
  http.get('/admin/leaderboard', { preHandler: guard }, async (request, reply) => {
    const { wards } = await collectStandings(deps.store, deps.content.registry);
    const body = leaderboardBody(wards, ownWards(deps, operatorOf(request)));
    return sendPage(reply, page('Thi đua giữa các phường/xã', body, sessionOf(request), '/admin/leaderboard'));
  });
  http.get('/admin/leaderboard.csv', { preHandler: guard }, async (_request, reply) => {
    const { wards } = await collectStandings(deps.store, deps.content.registry);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="thi-dua-theo-phuong.csv"')
      .send(toCsv(leaderboardCsvRows(wards)));
  });
}

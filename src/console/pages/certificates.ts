// Giấy chứng nhận (/admin/certificates): certificates newest first, or one
// found by its code, each with a link to its public /verify page, and a revoke
// form behind a confirm step. Admins see and revoke every certificate; ward
// staff only those issued in their wards; volunteers neither (a list of names
// by ward is more than answering questions needs).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CODE_PATTERN } from '../../certificates/code.js';
import { formatDate } from '../../certificates/render.js';
import { wardIdOf, wardLabel } from '../../engine/wards/match.js';
import type { CertificateRecord } from '../../store/types.js';
import { audit, operatorOf, pageGuard, sessionOf } from '../auth/guard.js';
import type { Operator } from '../auth/session.js';
import type { ConsoleDeps } from '../deps.js';
import { html, type Html } from '../html.js';
import { notice, page, sendPage } from '../layout.js';
import { inScope } from '../scope.js';

/** Read newest first, then limited to the operator's wards; older ones are found by their code. */
const READ = 500;
const SHOWN = 200;

interface Outcome {
  status: number;
  message?: string;
  error?: string;
}

function visible(deps: ConsoleDeps, operator: Operator, record: CertificateRecord): boolean {
  // A certificate without a ward (none given, or its holder deleted their data) is an admin's.
  return operator.role === 'admin' || (record.ward !== undefined && inScope(operator, deps.wards(), record.ward));
}

function statusLine(record: CertificateRecord, timeZone: string) {
  if (record.status === 'valid') return html`<p class="status cert-valid">✅ Còn hiệu lực</p>`;
  const by = record.revokedBy === 'forgotten' ? 'người dân đã xóa dữ liệu của mình' : 'người vận hành thu hồi';
  return html`<p class="status cert-revoked">⛔ Đã thu hồi${record.revokedAt ? ` ngày ${formatDate(record.revokedAt, timeZone)}` : ''} (${by})</p>`;
}

function certificateCard(deps: ConsoleDeps, record: CertificateRecord, csrf: string) {
  const directory = deps.wards();
  const ward = record.ward === undefined ? 'Không ghi phường' : wardLabel(wardIdOf(record.ward, directory), directory);
  const revoke =
    record.status === 'valid'
      ? html`<details>
          <summary>Thu hồi giấy này…</summary>
          <form method="post" action="/admin/certificates/${record.code}/revoke">
            <input type="hidden" name="_csrf" value="${csrf}" />
            <p>Thu hồi thì trang kiểm tra báo "đã thu hồi" và người dân không tự nhận lại được giấy mới. Không hoàn tác được.</p>
            <button type="submit" class="danger">Xác nhận thu hồi ${record.code}</button>
          </form>
        </details>`
      : '';
  return html`<article class="card cert" aria-labelledby="c-${record.code}">
    <h3 id="c-${record.code}"><a href="/verify/${record.code}">${record.code}</a></h3>
    <p class="meta">Cấp ngày <time datetime="${record.issuedAt}">${formatDate(record.issuedAt, deps.timeZone)}</time> · ${ward}</p>
    <p>Tên trên giấy: ${record.name ? html`<strong>${record.name}</strong>` : html`<em>không ghi tên</em>`}</p>
    ${record.areas.length ? html`<p>Lĩnh vực đã đạt: ${record.areas.join(', ')}</p>` : ''} ${statusLine(record, deps.timeZone)} ${revoke}
  </article>`;
}

function roleNote(operator: Operator) {
  const who =
    operator.role === 'admin'
      ? 'Bạn là quản trị viên: thấy và thu hồi được mọi giấy chứng nhận.'
      : `Bạn là cán bộ phường: chỉ thấy và thu hồi giấy chứng nhận cấp cho người dân ở ${operator.wards.join(', ')}.`;
  return html`<p>${who} Tình nguyện viên không xem và không thu hồi được giấy chứng nhận. Mỗi lần thu hồi được ghi vào nhật ký.</p>`;
}

/** A code typed by hand: spaces dropped, letters upper-cased. */
function typedCode(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(/\s+/g, '').toUpperCase() : '';
}

export function registerCertificatePages(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store, ['admin', 'staff']);

  const show = async (request: FastifyRequest, outcome: Outcome = { status: 200 }): Promise<Html> => {
    const operator = operatorOf(request);
    const session = sessionOf(request)!;
    const code = typedCode((request.query as { code?: unknown } | undefined)?.code);
    let listed: CertificateRecord[];
    let heading: string;
    if (code) {
      const found = CODE_PATTERN.test(code) ? await deps.store.certificates.get(code) : null;
      listed = found && visible(deps, operator, found) ? [found] : [];
      heading = `Tìm mã ${code}`;
    } else {
      listed = (await deps.store.certificates.list(READ)).filter((record) => visible(deps, operator, record)).slice(0, SHOWN);
      heading = `Mới cấp gần đây (${listed.length})`;
    }
    const body = html`${notice(outcome.message)}${notice(outcome.error, 'error')} ${roleNote(operator)}
      <form method="get" action="/admin/certificates" class="row" role="search">
        <label for="code">Tìm theo mã (ví dụ HVS-ABCD-EFGH)</label>
        <input id="code" name="code" value="${code}" autocomplete="off" />
        <button type="submit">Tìm</button>
      </form>
      <section aria-labelledby="h-certs">
        <h2 id="h-certs">${heading}</h2>
        ${
          listed.length
            ? listed.map((record) => certificateCard(deps, record, session.csrf))
            : html`<p class="empty">${code ? 'Không tìm thấy giấy chứng nhận có mã này trong phạm vi của bạn.' : 'Chưa có giấy chứng nhận nào.'}</p>`
        }
        ${code ? html`<p><a href="/admin/certificates">← Xem tất cả</a></p>` : ''}
      </section>`;
    return page('Giấy chứng nhận', body, session, '/admin/certificates');
  };

  http.get('/admin/certificates', { preHandler: guard }, async (request, reply) => sendPage(reply, await show(request)));

  http.post('/admin/certificates/:code/revoke', { preHandler: guard }, async (request, reply) => {
    const answer = async (outcome: Outcome) => sendPage(reply, await show(request, outcome), outcome.status);
    const code = (request.params as { code: string }).code;
    const operator = operatorOf(request);
    const record = CODE_PATTERN.test(code) ? await deps.store.certificates.get(code) : null;
    if (!record) return answer({ status: 404, error: 'Không có giấy chứng nhận mang mã này.' });
    if (!visible(deps, operator, record)) return answer({ status: 403, error: 'Giấy chứng nhận này cấp ở phường khác, bạn không thu hồi được.' });
    if (record.status === 'revoked') return answer({ status: 409, error: `Giấy ${code} đã bị thu hồi từ trước.` });
    const revoked = await deps.store.certificates.revoke(code, new Date().toISOString());
    if (!revoked) return answer({ status: 404, error: 'Không có giấy chứng nhận mang mã này.' });
    await audit(deps.store, operator, 'certificate.revoke', code);
    return answer({ status: 200, message: `Đã thu hồi giấy chứng nhận ${code}. Trang kiểm tra /verify/${code} giờ báo "đã thu hồi".` });
  });
}

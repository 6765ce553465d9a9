// Admin-only pages: knowledge-base drafts made from volunteers' answers (an
// admin edits and approves one; the approved entry, checked against the FAQ
// schema, is offered as YAML to add to content/faq/<topic>.yaml), and the
// audit log with the accounts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { FaqEntrySchema } from '../../content/faq-schema.js';
import { ROLE_LABELS, audit, operatorOf, pageGuard, sessionOf } from '../auth/guard.js';
import type { ConsoleDeps } from '../deps.js';
import { field } from '../form.js';
import { html } from '../html.js';
import { notice, page, sendPage } from '../layout.js';
import type { FaqDraft } from '../volunteer.js';

async function faqDrafts(deps: ConsoleDeps): Promise<FaqDraft[]> {
  return (await deps.store.operators.drafts()).filter((d) => d.id.startsWith('faq-')).map((d) => JSON.parse(d.json) as FaqDraft);
}

export function registerAdminPages(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store, ['admin']);
  const showDrafts = async (request: FastifyRequest, message?: string, error?: string) => {
    const session = sessionOf(request)!;
    const drafts = await faqDrafts(deps);
    const open = drafts.filter((d) => d.status === 'draft');
    const approved = drafts.filter((d) => d.status === 'approved' && d.entry);
    const body = html`${notice(message)}${notice(error, 'error')}
      <p>Bản nháp từ câu trả lời của tình nguyện viên. Sửa cho đúng mẫu hỏi đáp (ít nhất 3 cách hỏi, mỗi ý một dòng, nguồn chính thức), rồi duyệt.</p>
      ${open.map(
        (d) =>
          html`<article class="card" aria-labelledby="d-${d.id}">
            <h2 id="d-${d.id}">${d.question}</h2>
            <p class="meta">Đề xuất bởi ${d.by}</p>
            <form method="post" action="/admin/drafts/${d.id}">
              <input type="hidden" name="_csrf" value="${session.csrf}" />
              <label for="id-${d.id}">Mã mục (chữ thường, gạch nối)</label><input id="id-${d.id}" name="entryId" value="${d.id.replace(/^faq-/, 'faq-').slice(0, 40)}" />
              <label for="q-${d.id}">Các cách hỏi (mỗi dòng một câu, ít nhất 3)</label><textarea id="q-${d.id}" name="questions" rows="4">${d.question}</textarea>
              <label for="a-${d.id}">Câu trả lời (mỗi dòng một bong bóng, tối đa 3)</label><textarea id="a-${d.id}" name="answer" rows="4">${d.answer}</textarea>
              <label for="s-${d.id}">Nguồn (trang chính thức https://…)</label><input id="s-${d.id}" name="source" value="" />
              <div class="actions"><button type="submit" name="decision" value="approve" class="primary">Duyệt</button> <button type="submit" name="decision" value="reject">Bỏ</button></div>
            </form>
          </article>`,
      )}
      ${open.length ? '' : html`<p class="empty">Không có bản nháp nào chờ duyệt.</p>`}
      ${
        approved.length
          ? html`<section aria-labelledby="h-approved">
              <h2 id="h-approved">Đã duyệt: thêm vào content/faq/&lt;chủ đề&gt;.yaml rồi chạy npm run content:check</h2>
              <pre class="yaml">${stringify(approved.map((d) => d.entry))}</pre>
            </section>`
          : ''
      }`;
    return page('Bản nháp hỏi đáp', body, session, '/admin/drafts');
  };
  http.get('/admin/drafts', { preHandler: guard }, async (request, reply) => sendPage(reply, await showDrafts(request)));
  http.post('/admin/drafts/:id', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const draft = (await faqDrafts(deps)).find((d) => d.id === id && d.status === 'draft');
    if (!draft) return sendPage(reply, await showDrafts(request, undefined, 'Không có bản nháp này.'), 404);
    const operator = operatorOf(request);
    if (field(request.body, 'decision') === 'reject') {
      await deps.store.operators.saveDraft(id, JSON.stringify({ ...draft, status: 'rejected', reviewedBy: operator.username }));
      await audit(deps.store, operator, 'faq.reject', id);
      return sendPage(reply, await showDrafts(request, 'Đã bỏ bản nháp.'));
    }
    const lines = (name: string) =>
      field(request.body, name)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    const entry = { id: field(request.body, 'entryId'), questions: lines('questions'), answer: lines('answer'), source: field(request.body, 'source') };
    const parsed = FaqEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const why = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return sendPage(reply, await showDrafts(request, undefined, `Chưa đúng mẫu hỏi đáp: ${why}`), 400);
    }
    await deps.store.operators.saveDraft(id, JSON.stringify({ ...draft, status: 'approved', reviewedBy: operator.username, entry }));
    await audit(deps.store, operator, 'faq.approve', id);
    return sendPage(reply, await showDrafts(request, 'Đã duyệt. Mục hỏi đáp ở cuối trang, sẵn sàng thêm vào nội dung.'));
  });
  http.get('/admin/audit', { preHandler: guard }, async (request, reply) => {
    const [entries, accounts] = await Promise.all([deps.store.operators.auditLog(200), deps.store.operators.accounts()]);
    const body = html`<section aria-labelledby="h-accounts">
        <h2 id="h-accounts">Tài khoản</h2>
        <p>Tạo tài khoản: <code>npm run operator -- add --username … --password … --role admin|staff|volunteer [--ward "…"]</code></p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tên</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Phường</th>
              </tr>
            </thead>
            <tbody>
              ${accounts.map(
                (a) =>
                  html`<tr>
                    <th scope="row">${a.username}</th>
                    <td>${ROLE_LABELS[a.role]}</td>
                    <td>${a.wards.join(', ')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="h-log">
        <h2 id="h-log">Nhật ký thao tác (mới nhất trước)</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Lúc</th>
                <th scope="col">Ai</th>
                <th scope="col">Việc</th>
                <th scope="col">Chi tiết</th>
              </tr>
            </thead>
            <tbody>
              ${entries.map(
                (e) =>
                  html`<tr>
                    <td><time datetime="${e.at}">${e.at.replace('T', ' ').slice(0, 19)}</time></td>
                    <td>${e.username}</td>
                    <td>${e.action}</td>
                    <td>${e.detail ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>`;
    return sendPage(reply, page('Nhật ký', body, sessionOf(request), '/admin/audit'));
  });
}

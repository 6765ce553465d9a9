// The volunteer inbox (/admin/questions) and its API (GET /api/admin/questions,
// POST /api/admin/questions/:id/answer), both limited to the operator's wards.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { redact } from '../../privacy/redact.js';
import type { VolunteerQuestion } from '../../store/types.js';
import { apiGuard, operatorOf, pageGuard, sessionOf } from '../auth/guard.js';
import type { Operator } from '../auth/session.js';
import type { ConsoleDeps } from '../deps.js';
import { field } from '../form.js';
import { html } from '../html.js';
import { notice, page, sendPage } from '../layout.js';
import { inScope } from '../scope.js';
import { CHANNEL_LABELS } from '../stats/read.js';
import { ANSWER_MAX, answerQuestion, draftFromAnswer } from '../volunteer.js';
import { wardLabel, wardIdOf } from '../../engine/wards/match.js';

interface Listed extends VolunteerQuestion {
  ward: string;
  /** The few Q&A turns before the question (kept redacted by the Q&A service, redacted again here). */
  before: { q: string; a: string }[];
}

const BEFORE_KEPT = 3;

/** Newest first, only those in scope; the resident's ward is read from their record (a bounded list). */
async function listInScope(deps: ConsoleDeps, operator: Operator, limit: number): Promise<Listed[]> {
  const questions = await deps.store.volunteers.list(limit);
  const records = await Promise.all(questions.map((q) => deps.store.users.load(q.userKey)));
  const directory = deps.wards();
  return questions
    .map((q, i) => ({
      ...q,
      ward: wardLabel(wardIdOf(records[i]?.state.profile.ward, directory), directory),
      before: (records[i]?.data.qa?.history ?? [])
        .filter((turn) => turn.at <= Date.parse(q.at))
        .slice(-BEFORE_KEPT)
        .map((turn) => ({ q: redact(turn.q), a: redact(turn.a) })),
      rawWard: records[i]?.state.profile.ward,
    }))
    .filter((q) => inScope(operator, directory, q.rawWard))
    .map(({ rawWard: _rawWard, ...q }) => q);
}

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

function questionCard(q: Listed, csrf: string, timeZone: string, canDraft: boolean) {
  const context = q.before.length
    ? html`<details>
        <summary>Trò chuyện trước câu hỏi (${q.before.length} lượt)</summary>
        <dl class="before">
          ${q.before.map(
            (t) =>
              html`<dt>Người dân: ${t.q}</dt>
                <dd>Trợ lý: ${t.a}</dd>`,
          )}
        </dl>
      </details>`
    : '';
  const who = html`<p class="meta">Người dân qua ${CHANNEL_LABELS[q.channel] ?? q.channel} · ${q.ward} · <time datetime="${q.at}">${when(q.at, timeZone)}</time></p>
    ${context}`;
  if (q.answered) {
    return html`<article class="card answered" aria-labelledby="q-${q.id}">
      <h3 id="q-${q.id}">${q.question}</h3>
      ${who}
      <p class="status">
        ✅ ${q.answered.by} đã trả lời lúc
        <time datetime="${q.answered.at}">${when(q.answered.at, timeZone)}</time
        >${q.answered.delivery === 'sent' ? '' : q.answered.delivery === 'skipped' ? ' (không gửi được: quá thời hạn trả lời của nền tảng)' : ' (người dân đã chặn trợ lý)'}
      </p>
      <blockquote>${q.answered.text}</blockquote>
      ${canDraft ? html`<form method="post" action="/admin/questions/${q.id}/draft"><input type="hidden" name="_csrf" value="${csrf}" /><button type="submit">Tạo bản nháp hỏi đáp từ câu này</button></form>` : ''}
    </article>`;
  }
  return html`<article class="card" aria-labelledby="q-${q.id}">
    <h3 id="q-${q.id}">${q.question}</h3>
    ${who}
    <form method="post" action="/admin/questions/${q.id}/answer">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <label for="a-${q.id}">Câu trả lời của bạn (gửi cho người dân kèm câu hỏi của họ)</label>
      <textarea id="a-${q.id}" name="text" rows="4" maxlength="${ANSWER_MAX}" required></textarea>
      <button type="submit" class="primary">Gửi câu trả lời</button>
    </form>
  </article>`;
}

export function registerQuestionRoutes(http: FastifyInstance, deps: ConsoleDeps): void {
  const guard = pageGuard(deps.store);
  const show = async (request: FastifyRequest, message?: string, error?: string, status = 200) => {
    const operator = operatorOf(request);
    const session = sessionOf(request)!;
    const questions = await listInScope(deps, operator, 200);
    const open = questions.filter((q) => !q.answered);
    const done = questions.filter((q) => q.answered).slice(0, 30);
    // Anyone who answers may propose a draft; only an admin approves it.
    const canDraft = true;
    const body = html`${notice(message)}${notice(error, 'error')}
      <p>Người dân bấm "nhờ tình nguyện viên" khi trợ lý chưa trả lời được. Thông tin cá nhân trong câu hỏi đã được che.</p>
      <section aria-labelledby="h-open">
        <h2 id="h-open">Chờ trả lời (${open.length})</h2>
        ${open.length ? open.map((q) => questionCard(q, session.csrf, deps.timeZone, canDraft)) : html`<p class="empty">Không còn câu hỏi nào chờ. Cảm ơn bạn!</p>`}
      </section>
      <section aria-labelledby="h-done">
        <h2 id="h-done">Đã trả lời gần đây</h2>
        ${done.map((q) => questionCard(q, session.csrf, deps.timeZone, canDraft))}
      </section>`;
    return { markup: page('Câu hỏi chờ trả lời', body, session, '/admin/questions'), status };
  };
  http.get('/admin/questions', { preHandler: guard }, async (request, reply) => {
    const { markup } = await show(request);
    return sendPage(reply, markup);
  });
  http.post('/admin/questions/:id/answer', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outcome = await answerQuestion(deps, operatorOf(request), id, field(request.body, 'text'));
    const { markup } = outcome.status === 200 ? await show(request, outcome.message) : await show(request, undefined, outcome.error);
    return sendPage(reply, markup, outcome.status);
  });
  http.post('/admin/questions/:id/draft', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const question = /^[a-z0-9-]{1,80}$/.test(id) ? await deps.store.volunteers.get(id) : null;
    const draft = question && (await draftFromAnswer(deps, operatorOf(request), question));
    const { markup } = draft ? await show(request, 'Đã tạo bản nháp; quản trị viên sẽ duyệt trước khi đưa vào hỏi đáp.') : await show(request, undefined, 'Chỉ tạo bản nháp từ câu đã trả lời.');
    return sendPage(reply, markup, draft ? 200 : 400);
  });

  const api = apiGuard(deps.store, deps.adminToken);
  http.get('/api/admin/questions', { preHandler: api }, async (request) => {
    const limit = Math.min(Math.max(Number((request.query as { limit?: string }).limit) || 100, 1), 1000);
    return { questions: await listInScope(deps, operatorOf(request), limit) };
  });
  http.post('/api/admin/questions/:id/answer', { preHandler: api }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outcome = await answerQuestion(deps, operatorOf(request), id, (request.body as { text?: unknown } | undefined)?.text);
    if (outcome.status !== 200) return reply.code(outcome.status).send({ error: outcome.error });
    return { ok: true, message: outcome.message, question: outcome.question };
  });
}

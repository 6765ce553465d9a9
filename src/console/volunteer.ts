// Closing the loop on "nhờ tình nguyện viên": a volunteer's answer goes to the
// resident through their own channel (the web chat keeps it in the inbox),
// with the resident's question quoted so it makes sense days later; then the
// question is marked answered, by whom and when. One answer per question: a
// lease keeps two volunteers from both sending, and the store's answer() is
// conditional.
import { addressOf } from '../engine/state.js';
import type { OutboundMessage } from '../engine/messages.js';
import { payloadFor } from '../engine/payloads.js';
import { redact } from '../privacy/redact.js';
import { targetOf } from '../runtime/delivery.js';
import type { VolunteerAnswer, VolunteerQuestion } from '../store/types.js';
import { audit } from './auth/guard.js';
import type { Operator } from './auth/session.js';
import type { ConsoleDeps } from './deps.js';
import { inScope } from './scope.js';

export const ANSWER_MAX = 1000;

export type AnswerOutcome = { status: 200; question: VolunteerQuestion; message: string } | { status: 400 | 403 | 404 | 409 | 502; error: string };

function dayOf(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit' }).formatToParts(new Date(iso));
  return `${parts.find((p) => p.type === 'day')?.value}/${parts.find((p) => p.type === 'month')?.value}`;
}

export function answerMessages(question: VolunteerQuestion, answer: string, ban: string, timeZone: string, menuLabel: string): OutboundMessage[] {
  const quote = question.question.length > 200 ? `${question.question.slice(0, 199)}…` : question.question;
  return [
    { text: `✉️ Tình nguyện viên trả lời câu hỏi ${ban} gửi ngày ${dayOf(question.at, timeZone)}:\n“${quote}”` },
    { text: answer, buttons: [{ label: menuLabel, payload: payloadFor.command('menu') }] },
  ];
}

export async function answerQuestion(deps: ConsoleDeps, operator: Operator, id: string, rawText: unknown): Promise<AnswerOutcome> {
  const text = typeof rawText === 'string' ? rawText.trim() : '';
  if (!text) return { status: 400, error: 'Hãy viết câu trả lời. / text must not be empty.' };
  if (text.length > ANSWER_MAX) return { status: 400, error: `Câu trả lời dài quá ${ANSWER_MAX} ký tự. / text is longer than ${ANSWER_MAX} characters.` };
  const question = /^[a-z0-9-]{1,80}$/.test(id) ? await deps.store.volunteers.get(id) : null;
  if (!question) return { status: 404, error: 'Không có câu hỏi này (có thể người dân đã xóa dữ liệu). / No such question.' };
  if (question.answered) return { status: 409, error: `Câu hỏi đã được ${question.answered.by} trả lời. / Already answered.` };
  const record = await deps.store.users.load(question.userKey);
  if (!record || record.forgottenAt !== undefined) return { status: 404, error: 'Người dân đã xóa dữ liệu. / The resident deleted their data.' };
  if (!inScope(operator, deps.wards(), record.state.profile.ward)) return { status: 403, error: 'Câu hỏi này thuộc phường khác. / Outside your wards.' };
  if (!(await deps.store.shared.claim(`console:answering:${id}`, 60_000))) return { status: 409, error: 'Một người khác đang trả lời câu hỏi này. / Someone else is answering it.' };
  try {
    const separator = question.userKey.indexOf(':');
    const channel = deps.channels.get(question.userKey.slice(0, separator));
    if (!channel) return { status: 502, error: 'Kênh của người dân hiện không bật. / The resident\u2019s channel is not enabled.' };
    const messages = answerMessages(question, text, addressOf(record.state), deps.timeZone, deps.content.catalog.labels.menu);
    const outcome = await channel.send(question.userKey.slice(separator + 1), messages, targetOf(record));
    if (!outcome.ok && !outcome.skipped && (outcome.retryable || !outcome.unreachable)) {
      return { status: 502, error: `Chưa gửi được, thử lại sau ít phút. / Not delivered yet (${outcome.error ?? 'platform error'}).` };
    }
    const delivery: VolunteerAnswer['delivery'] = outcome.ok ? 'sent' : outcome.skipped ? 'skipped' : 'failed';
    const answered = await deps.store.volunteers.answer(id, { by: operator.username, at: new Date().toISOString(), text: redact(text), delivery });
    if (!answered) return { status: 409, error: 'Câu hỏi đã được trả lời. / Already answered.' };
    await audit(deps.store, operator, 'question.answer', `${id} (${delivery})`);
    const message =
      delivery === 'sent'
        ? 'Đã gửi câu trả lời đến người dân.'
        : delivery === 'skipped'
          ? 'Không gửi được: nền tảng chỉ cho trả lời trong một thời gian sau tin nhắn cuối của người dân. Câu hỏi được đánh dấu đã trả lời.'
          : 'Người dân đã chặn trợ lý nên không nhận được. Câu hỏi được đánh dấu đã trả lời.';
    return { status: 200, question: answered, message };
  } finally {
    await deps.store.shared.delete(`console:answering:${id}`);
  }
}

export interface FaqDraft {
  id: string;
  question: string;
  answer: string;
  by: string;
  at: string;
  status: 'draft' | 'approved' | 'rejected';
  reviewedBy?: string;
  /** Once approved: the FAQ entry to paste into content/faq/<topic>.yaml. */
  entry?: { id: string; questions: string[]; answer: string[]; source: string };
}

export async function draftFromAnswer(deps: ConsoleDeps, operator: Operator, question: VolunteerQuestion): Promise<FaqDraft | undefined> {
  if (!question.answered) return undefined;
  const draft: FaqDraft = { id: `faq-${question.id}`, question: question.question, answer: question.answered.text, by: operator.username, at: new Date().toISOString(), status: 'draft' };
  await deps.store.operators.saveDraft(draft.id, JSON.stringify(draft));
  await audit(deps.store, operator, 'faq.draft', draft.id);
  return draft;
}

// What a turn writes outside the resident's record, in the same atomic commit:
// a question passed to a volunteer, survey answers, the owner of the invitation
// code shown. A crash can neither lose an answer the resident was thanked for
// nor leave a code that leads nowhere. The record's data remembers the ids
// (volunteer questions, survey questions answered), so "xóa dữ liệu" removes
// exactly those entries in the same atomic forget, without a scan.
import type { InboundMessage } from '../engine/messages.js';
import type { TurnResult } from '../engine/router.js';
import { redact } from '../privacy/redact.js';
import type { CommitEffects, SurveyAnswer, UserData } from '../store/types.js';
import type { ServiceResult } from './service-types.js';

const SURVEY_TEXT_MAX = 500;
const VOLUNTEER_IDS_KEPT = 50;

export type SharedWrites = Pick<CommitEffects, 'volunteer' | 'surveyAnswers' | 'inviteCode'>;

export interface TurnFacts {
  userKey: string;
  digest: string;
  inbound: InboundMessage;
  result: TurnResult;
  service: ServiceResult | undefined;
  now: number;
}

/** The turn's writes outside the record; `data` learns the ids they need to be forgotten. */
export function sharedWrites(turn: TurnFacts, data: UserData): SharedWrites {
  const writes: SharedWrites = {};
  const asked = turn.service?.volunteer;
  if (asked) {
    writes.volunteer = {
      id: `${turn.now.toString(36).padStart(9, '0')}-${turn.digest}`,
      at: new Date(turn.now).toISOString(),
      channel: turn.inbound.channel,
      userKey: turn.userKey,
      question: redact(asked.question),
    };
    data.volunteer = [...(data.volunteer ?? []), writes.volunteer.id].slice(-VOLUNTEER_IDS_KEPT);
  }
  for (const event of turn.result.events) {
    if (event.type === 'invite_shown') writes.inviteCode = event.code;
    if (event.type !== 'survey_answered') continue;
    const value = event.kind === 'text' ? redact(String(event.value)).slice(0, SURVEY_TEXT_MAX) : event.value;
    const answer: SurveyAnswer = { survey: event.survey, question: event.question, kind: event.kind, value, at: turn.now };
    (writes.surveyAnswers ??= []).push(answer);
    const answered = ((data.surveys ??= {})[event.survey] ??= []);
    if (!answered.includes(event.question)) answered.push(event.question);
  }
  return writes;
}

// After a turn is committed: the edge of the learner's journey. Survey answers
// go to the surveys part (free text redacted); an invitation code shown is
// registered to its owner; when someone who came through an invitation
// finishes their first lesson, the inviter's count goes up, and at the third
// they are recognized as "Người hướng dẫn" and thanked through their own
// channel. "Xóa dữ liệu" removes the resident's survey answers and code.
import type { Channel } from '../channels/types.js';
import { fillTemplate } from '../engine/template.js';
import type { UserState } from '../engine/state.js';
import { userTag, type Logger } from '../log/logger.js';
import { redact } from '../privacy/redact.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { TurnCommitted } from '../runtime/conversation.js';
import { targetOf } from '../runtime/delivery.js';
import { updateUser } from '../runtime/user-updates.js';
import type { Store } from '../store/types.js';

/** Invited residents who finished a lesson before their inviter is recognized. */
export const MENTOR_AFTER = 3;
const SURVEY_TEXT_MAX = 500;

export interface JourneyHookOptions {
  store: Store;
  content: ContentHolder;
  channel: (name: string) => Channel | undefined;
  logger: Logger;
  now?: () => number;
}

export function journeyHook(options: JourneyHookOptions): (committed: TurnCommitted) => Promise<void> {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  return async ({ userKey, result, previous }) => {
    if (result.deleteUser) return forget(store, userKey, previous ?? null);
    const counts: Record<string, number> = {};
    for (const event of result.events) {
      if (event.type === 'survey_answered') {
        const value = event.kind === 'text' ? redact(String(event.value)).slice(0, SURVEY_TEXT_MAX) : event.value;
        await store.surveys.save(userKey, { survey: event.survey, question: event.question, kind: event.kind, value, at: now() });
      }
      if (event.type === 'invite_shown' && !(await store.invites.register(event.code, userKey))) {
        logger.warn({ user: userTag(userKey) }, 'an invitation code already belongs to another resident');
      }
      if (event.type === 'invite_accepted') counts['invite:accepted'] = 1;
      if (event.type === 'nudge_answered') counts[`nudge:returned:${event.kind}`] = 1;
    }
    if (finishedFirstLesson(options.content, previous ?? null, result.state)) await creditInviter(options, result.state, counts);
    if (Object.keys(counts).length > 0) await store.operators.addCounts(counts);
  };
}

function lessonsDone(content: ContentHolder, state: UserState | null): number {
  return Object.entries(state?.progress ?? {}).filter(([id, progress]) => progress.status === 'completed' && content.registry.get(id)?.kind === 'lesson').length;
}

function finishedFirstLesson(content: ContentHolder, before: UserState | null, after: UserState): boolean {
  return typeof after.profile.invitedBy === 'string' && lessonsDone(content, before) === 0 && lessonsDone(content, after) > 0;
}

/** The inviter's count, once per invited resident (their first lesson happens once); the thanks at the third. */
async function creditInviter(options: JourneyHookOptions, invitee: UserState, counts: Record<string, number>): Promise<void> {
  const inviterKey = await options.store.invites.owner(String(invitee.profile.invitedBy));
  if (!inviterKey) return;
  counts['invite:finished'] = 1;
  const outcome = await updateUser(options.store, inviterKey, ({ state }) => {
    const finished = Number(state.profile.invitesFinished ?? 0) + 1;
    state.profile.invitesFinished = finished;
    if (finished < MENTOR_AFTER || state.profile.mentor === true) return 'counted';
    state.profile.mentor = true;
    return 'recognized';
  });
  if (outcome !== 'recognized') return;
  counts['mentor:recognized'] = 1;
  await thank(options, inviterKey);
}

async function thank(options: JourneyHookOptions, inviterKey: string): Promise<void> {
  const record = await options.store.users.load(inviterKey);
  const separator = inviterKey.indexOf(':');
  const channel = options.channel(inviterKey.slice(0, separator));
  if (!record || !channel) return;
  const texts = [options.content.catalog.journey.mentorThanks].flat().map((text) => ({ text: fillTemplate(text, record.state) }));
  const outcome = await channel.send(inviterKey.slice(separator + 1), texts, targetOf(record)).catch((error: unknown) => ({ ok: false, error: String(error) }));
  if (!outcome.ok) options.logger.warn({ user: userTag(inviterKey), error: outcome.error }, 'the "Người hướng dẫn" thanks was not delivered');
}

async function forget(store: Store, userKey: string, previous: UserState | null): Promise<void> {
  await store.surveys.forget(userKey, Object.keys(previous?.journey?.surveys ?? {}));
  const code = previous?.profile.inviteCode;
  if (typeof code === 'string' && (await store.invites.owner(code)) === userKey) await store.invites.forget(code);
}

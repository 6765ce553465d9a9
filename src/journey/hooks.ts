// After a turn is committed: the edge of the learner's journey that concerns
// another resident. When someone who came through an invitation finishes their
// first lesson, the inviter's count goes up, and at the third they are
// recognized as "Người hướng dẫn" and thanked through their own channel. (Survey
// answers and the invitation code's owner are written by the turn's own
// commit: src/runtime/journey-writes.ts.) The inviter's record is another
// resident's, so it is a second commit: a crash in between loses that one
// count, never doubles it.
import type { Channel } from '../channels/types.js';
import { fillTemplate } from '../engine/template.js';
import type { UserState } from '../engine/state.js';
import { userTag, type Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { TurnCommitted } from '../runtime/conversation.js';
import { targetOf } from '../runtime/delivery.js';
import { updateUser } from '../runtime/user-updates.js';
import type { Store } from '../store/types.js';

/** Invited residents who finished a lesson before their inviter is recognized. */
export const MENTOR_AFTER = 3;

export interface JourneyHookOptions {
  store: Store;
  content: ContentHolder;
  channel: (name: string) => Channel | undefined;
  logger: Logger;
}

/** The after-turn hook: a promise only when the turn has something to write (most turns have not). */
export function journeyHook(options: JourneyHookOptions): (committed: TurnCommitted) => Promise<void> | undefined {
  const { store } = options;
  return ({ result, previous }) => {
    if (result.deleteUser) return undefined;
    const counts: Record<string, number> = {};
    for (const event of result.events) {
      if (event.type === 'invite_accepted') counts['invite:accepted'] = 1;
      if (event.type === 'nudge_answered') counts[`nudge:returned:${event.kind}`] = 1;
    }
    const credit = finishedFirstLesson(options.content, previous ?? null, result.state);
    if (!credit && Object.keys(counts).length === 0) return undefined;
    return (async () => {
      if (credit) await creditInviter(options, result.state, counts);
      if (Object.keys(counts).length > 0) await store.operators.addCounts(counts);
    })();
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

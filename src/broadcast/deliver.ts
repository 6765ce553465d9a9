// Delivers one broadcast to one resident, exactly once as far as the platform
// allows: the sent mark lives in the resident's record; it is checked before
// sending and committed right after the platform accepts the message. Shared by
// the BullMQ and the embedded queues.
import type { Channel } from '../channels/types.js';
import type { OutboundMessage } from '../engine/messages.js';
import { userTag, type Logger } from '../log/logger.js';
import { targetOf } from '../runtime/delivery.js';
import { setReachable, updateUser, type Editable } from '../runtime/user-updates.js';
import type { Store, UserRecord } from '../store/types.js';
import type { BroadcastBook } from './book.js';
import { RetryLaterError, type BroadcastRecord, type DeliveryResult } from './types.js';

/** Sent marks older than this are dropped from the record (no broadcast runs that long). */
const SENT_MARK_KEPT_MS = 45 * 24 * 3600 * 1000;

export interface Composed {
  messages: OutboundMessage[];
  /** Bookkeeping committed with the sent mark (the weekly alert's rotation). */
  remember?: (record: Editable) => void;
  /** Called once the platform accepted it and the sent mark is written (reminder counts). */
  onSent?: () => Promise<void>;
}

export type Composer = (record: BroadcastRecord, userKey: string, user: UserRecord) => Promise<Composed | undefined>;

export interface DeliveryDeps {
  store: Store;
  book: BroadcastBook;
  channels: Map<string, Channel>;
  compose: Composer;
  logger: Logger;
  now?: () => number;
}

export async function deliverOne(deps: DeliveryDeps, record: BroadcastRecord, userKey: string): Promise<DeliveryResult> {
  const { store } = deps;
  const user = userKey ? await store.users.load(userKey) : null;
  if (user?.data.broadcasts?.[record.id] !== undefined) return 'already-sent';
  const separator = userKey.indexOf(':');
  const channel = deps.channels.get(userKey.slice(0, separator));
  if (!user || user.forgottenAt !== undefined || !channel || user.state.profile.unreachable === true) return finish(deps, record, 'skipped');
  const composed = await deps.compose(record, userKey, user);
  if (!composed?.messages.length) return finish(deps, record, 'skipped');
  const outcome = await channel.send(userKey.slice(separator + 1), composed.messages, targetOf(user));
  if (outcome.ok) {
    // The sent mark carries the "sent" count in its commit; a resident forgotten meanwhile has no record to mark.
    if (!(await markSent(deps, record, userKey, composed))) await finish(deps, record, 'sent');
    await composed.onSent?.().catch((error: unknown) => deps.logger.warn({ err: error }, 'broadcast bookkeeping not written'));
    return 'sent';
  }
  if (outcome.skipped) return finish(deps, record, 'skipped');
  if (outcome.unreachable) {
    await setReachable(store, userKey, false);
    return finish(deps, record, 'failed');
  }
  if (outcome.retryable) throw new RetryLaterError(outcome.error ?? 'temporary failure');
  deps.logger.warn({ broadcast: record.id, user: userTag(userKey), error: outcome.error }, 'broadcast message not delivered');
  return finish(deps, record, 'failed');
}

/** True once the mark and the count are committed together; false when the resident is gone. */
async function markSent(deps: DeliveryDeps, record: BroadcastRecord, userKey: string, composed: Composed): Promise<boolean> {
  const now = deps.now?.() ?? Date.now();
  const marked = await updateUser(
    deps.store,
    userKey,
    (editable) => {
      const marks = Object.entries(editable.data.broadcasts ?? {}).filter(([, at]) => now - at < SENT_MARK_KEPT_MS);
      editable.data.broadcasts = { ...Object.fromEntries(marks), [record.id]: now };
      composed.remember?.(editable);
      return true;
    },
    { broadcastSent: record.id },
  );
  return marked === true;
}

/** After the last retry of a retryable failure. */
export async function giveUp(deps: DeliveryDeps, record: BroadcastRecord, userKey: string, error: string): Promise<void> {
  deps.logger.warn({ broadcast: record.id, user: userTag(userKey), error }, 'broadcast message not delivered after retries');
  await finish(deps, record, 'failed');
}

async function finish(deps: DeliveryDeps, record: BroadcastRecord, result: Exclude<DeliveryResult, 'already-sent'>): Promise<DeliveryResult> {
  await deps.book.count(record.id, result);
  return result;
}

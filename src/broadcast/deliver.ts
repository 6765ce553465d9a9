// Delivers one broadcast to one resident, exactly once as far as the platform
// allows: a sent mark is checked before and written right after the platform
// accepts the message. Shared by the BullMQ and the embedded queues.
import type { Channel } from '../channels/types.js';
import type { OutboundMessage } from '../engine/messages.js';
import type { UserState } from '../engine/state.js';
import { userTag, type Logger } from '../log/logger.js';
import { setReachable } from '../runtime/user-updates.js';
import type { Store } from '../store/types.js';
import type { BroadcastBook } from './book.js';
import { RetryLaterError, type BroadcastRecord, type DeliveryResult } from './types.js';

export type Composer = (record: BroadcastRecord, userKey: string, state: UserState) => Promise<OutboundMessage[] | undefined>;

export interface DeliveryDeps {
  store: Store;
  book: BroadcastBook;
  channels: Map<string, Channel>;
  compose: Composer;
  /** Called after a successful send (e.g. weekly rotation bookkeeping). */
  afterSent?: (record: BroadcastRecord, userKey: string) => Promise<void>;
  logger: Logger;
}

export async function deliverOne(deps: DeliveryDeps, record: BroadcastRecord, userKey: string): Promise<DeliveryResult> {
  const { book, store } = deps;
  if (await book.wasSent(record.id, userKey)) return 'already-sent';
  const user = await store.loadUser(userKey);
  const separator = userKey.indexOf(':');
  const channel = deps.channels.get(userKey.slice(0, separator));
  if (!user || !channel || user.state.profile.unreachable === true) return finish(deps, record, 'skipped');
  const messages = await deps.compose(record, userKey, user.state);
  if (!messages?.length) return finish(deps, record, 'skipped');
  const outcome = await channel.send(userKey.slice(separator + 1), messages);
  if (outcome.ok) {
    await book.markSent(record.id, userKey);
    await deps.afterSent?.(record, userKey);
    return finish(deps, record, 'sent');
  }
  if (outcome.unreachable) {
    await setReachable(store, userKey, false);
    return finish(deps, record, 'failed');
  }
  if (outcome.retryable) throw new RetryLaterError(outcome.error ?? 'temporary failure');
  deps.logger.warn({ broadcast: record.id, user: userTag(userKey), error: outcome.error }, 'broadcast message not delivered');
  return finish(deps, record, 'failed');
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

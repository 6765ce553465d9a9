// Walks every resident once and sorts them into recipients (by channel) and
// residents who would be recipients but cannot be reached.
import type { Store } from '../store/types.js';
import { decideRecipient } from './audience.js';
import type { BroadcastRecord } from './types.js';

export interface RecipientBatch {
  byChannel: Map<string, string[]>;
  skipped: number;
}

export async function fanOut(store: Store, record: BroadcastRecord, enabledChannels: Set<string>, onBatch: (batch: RecipientBatch) => Promise<void>, batchSize = 500): Promise<void> {
  let batch: RecipientBatch = { byChannel: new Map(), skipped: 0 };
  let size = 0;
  for await (const { userKey, state } of store.users.scan()) {
    const decision = decideRecipient(record, userKey, state, enabledChannels);
    if (decision === 'exclude') continue;
    size++;
    if (decision === 'skip') batch.skipped++;
    else {
      const channel = userKey.slice(0, userKey.indexOf(':'));
      const list = batch.byChannel.get(channel) ?? [];
      list.push(userKey);
      batch.byChannel.set(channel, list);
    }
    if (size >= batchSize) {
      await onBatch(batch);
      batch = { byChannel: new Map(), skipped: 0 };
      size = 0;
    }
  }
  if (size > 0) await onBatch(batch);
}

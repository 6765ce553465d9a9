// Broadcast records and their counters, in the store's broadcast part.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/types.js';
import type { BroadcastCounts, BroadcastRecord, BroadcastStatus } from './types.js';

export class BroadcastBook {
  constructor(private readonly store: Store) {}

  async create(fields: Omit<BroadcastRecord, 'id' | 'createdAt'>, now = Date.now()): Promise<BroadcastRecord> {
    const record: BroadcastRecord = { id: `bc-${now.toString(36)}-${randomUUID().slice(0, 8)}`, createdAt: now, ...fields };
    await this.store.broadcasts.save(record.id, JSON.stringify(record));
    await this.setStatus(record.id, 'preparing');
    return record;
  }

  async get(id: string): Promise<BroadcastRecord | undefined> {
    const raw = await this.store.broadcasts.get(id);
    return raw ? (JSON.parse(raw) as BroadcastRecord) : undefined;
  }

  counts(id: string): Promise<BroadcastCounts> {
    return this.store.broadcasts.counts(id);
  }

  async count(id: string, counter: keyof BroadcastCounts, by = 1): Promise<void> {
    await this.store.broadcasts.count(id, counter, by);
  }

  async status(id: string): Promise<BroadcastStatus> {
    const status = (await this.store.broadcasts.status(id)) as BroadcastStatus | null;
    if (status !== 'sending') return status ?? 'preparing';
    const counts = await this.counts(id);
    return counts.sent + counts.failed + counts.skipped >= counts.queued ? 'done' : 'sending';
  }

  async setStatus(id: string, status: BroadcastStatus): Promise<void> {
    await this.store.broadcasts.setStatus(id, status);
  }
}

// Broadcast records and their counters, kept in the Store (Redis or embedded).
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/types.js';
import type { BroadcastCounts, BroadcastRecord, BroadcastStatus } from './types.js';

const SENT_MARK_TTL_MS = 45 * 24 * 3600 * 1000;
const COUNTERS = ['queued', 'sent', 'failed', 'skipped'] as const;

export class BroadcastBook {
  constructor(private readonly store: Store) {}

  async create(fields: Omit<BroadcastRecord, 'id' | 'createdAt'>, now = Date.now()): Promise<BroadcastRecord> {
    const record: BroadcastRecord = { id: `bc-${now.toString(36)}-${randomUUID().slice(0, 8)}`, createdAt: now, ...fields };
    await this.store.set(`bc:${record.id}`, JSON.stringify(record));
    await this.setStatus(record.id, 'preparing');
    return record;
  }

  async get(id: string): Promise<BroadcastRecord | undefined> {
    const raw = await this.store.get(`bc:${id}`);
    return raw ? (JSON.parse(raw) as BroadcastRecord) : undefined;
  }

  async counts(id: string): Promise<BroadcastCounts> {
    const values = await Promise.all(COUNTERS.map((name) => this.store.get(`bc:${id}:${name}`)));
    return Object.fromEntries(COUNTERS.map((name, i) => [name, Number(values[i] ?? 0)])) as unknown as BroadcastCounts;
  }

  async count(id: string, counter: keyof BroadcastCounts, by = 1): Promise<void> {
    await this.store.incr(`bc:${id}:${counter}`, by);
  }

  async status(id: string): Promise<BroadcastStatus> {
    const status = (await this.store.get(`bc:${id}:status`)) as BroadcastStatus | null;
    if (status !== 'sending') return status ?? 'preparing';
    const counts = await this.counts(id);
    return counts.sent + counts.failed + counts.skipped >= counts.queued ? 'done' : 'sending';
  }

  async setStatus(id: string, status: BroadcastStatus): Promise<void> {
    await this.store.set(`bc:${id}:status`, status);
  }

  /** Whether this resident already got this broadcast (checked before sending). */
  async wasSent(id: string, userKey: string): Promise<boolean> {
    return (await this.store.get(sentKey(id, userKey))) !== null;
  }

  async markSent(id: string, userKey: string): Promise<void> {
    await this.store.set(sentKey(id, userKey), '1', SENT_MARK_TTL_MS);
  }
}

function sentKey(id: string, userKey: string): string {
  return `bc:${id}:sent:${userKey}`;
}

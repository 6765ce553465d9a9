// The shared parts on LMDB: volunteer questions (keyed by a time-ordered id),
// broadcasts with their counters, recipient lists for the in-process broadcast
// loop, and a key-value table with expiry for caches and leases.
import type { Database, RootDatabase } from 'lmdb';
import type { UserDoc, BroadcastCounter, BroadcastCounts, BroadcastRecipientStore, BroadcastStore, SharedStore, VolunteerQuestion, VolunteerStore } from '../types.js';

export interface Tables {
  root: RootDatabase;
  users: Database<UserDoc, string>;
  sent: Database<number, string>;
  due: Database<number, string>;
  volunteers: Database<VolunteerQuestion, string>;
  shared: Database<{ value: string; expiresAt?: number }, string>;
  broadcasts: Database<BroadcastRow, string>;
  recipients: Database<string[], string>;
}

export interface BroadcastRow {
  record?: string;
  status?: string;
  counts: BroadcastCounts;
  active?: boolean;
  cursors?: Record<string, number>;
}

const NO_COUNTS: BroadcastCounts = { queued: 0, sent: 0, failed: 0, skipped: 0 };

export class EmbeddedVolunteers implements VolunteerStore {
  constructor(private readonly t: Tables) {}

  async list(limit: number): Promise<VolunteerQuestion[]> {
    return [...this.t.volunteers.getRange({ reverse: true, limit })].map(({ value }) => value);
  }

  async remove(id: string): Promise<boolean> {
    return this.t.root.transaction(() => {
      if (this.t.volunteers.get(id) === undefined) return false;
      void this.t.volunteers.remove(id);
      return true;
    });
  }
}

export class EmbeddedShared implements SharedStore {
  constructor(private readonly t: Tables) {}

  private live(key: string): string | undefined {
    const entry = this.t.shared.get(key);
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
    return entry.value;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key) ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.t.shared.put(key, ttlMs ? { value, expiresAt: Date.now() + ttlMs } : { value });
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.t.root.transaction(() => {
      if (this.live(key) !== undefined) return false;
      this.t.shared.put(key, { value: '1', expiresAt: Date.now() + ttlMs });
      return true;
    });
  }

  async delete(key: string): Promise<void> {
    await this.t.shared.remove(key);
  }

  async incr(key: string, by = 1): Promise<number> {
    return this.t.root.transaction(() => {
      const next = Number(this.live(key) ?? 0) + by;
      this.t.shared.put(key, { value: String(next) });
      return next;
    });
  }

  async sweep(now: number): Promise<number> {
    return this.t.root.transaction(() => {
      let removed = 0;
      for (const { key, value } of this.t.shared.getRange({})) {
        if (value.expiresAt !== undefined && value.expiresAt <= now) {
          this.t.shared.remove(key);
          removed++;
        }
      }
      return removed;
    });
  }
}

export class EmbeddedBroadcasts implements BroadcastStore {
  constructor(protected readonly t: Tables) {}

  protected row(id: string): BroadcastRow {
    return this.t.broadcasts.get(id) ?? { counts: { ...NO_COUNTS } };
  }

  protected update(id: string, change: (row: BroadcastRow) => void): Promise<void> {
    return this.t.root.transaction(() => {
      const row = structuredClone(this.row(id));
      change(row);
      this.t.broadcasts.put(id, row);
    });
  }

  save(id: string, record: string): Promise<void> {
    return this.update(id, (row) => void (row.record = record));
  }

  async get(id: string): Promise<string | null> {
    return this.t.broadcasts.get(id)?.record ?? null;
  }

  count(id: string, counter: BroadcastCounter, by: number): Promise<void> {
    return this.update(id, (row) => void (row.counts[counter] += by));
  }

  async counts(id: string): Promise<BroadcastCounts> {
    return { ...this.row(id).counts };
  }

  async status(id: string): Promise<string | null> {
    return this.t.broadcasts.get(id)?.status ?? null;
  }

  setStatus(id: string, status: string): Promise<void> {
    return this.update(id, (row) => void (row.status = status));
  }
}

export class EmbeddedRecipients extends EmbeddedBroadcasts implements BroadcastRecipientStore {
  async active(): Promise<string[]> {
    return [...this.t.broadcasts.getRange({})].filter(({ value }) => value.active).map(({ key }) => key);
  }

  setActive(id: string, active: boolean): Promise<void> {
    return this.update(id, (row) => {
      row.active = active;
      // A finished broadcast keeps its counts, not its recipients.
      if (!active) for (const channel of Object.keys(row.cursors ?? {})) void this.t.recipients.remove(recipientsKey(id, channel));
    });
  }

  async saveRecipients(id: string, channel: string, userKeys: string[]): Promise<void> {
    await this.update(id, (row) => {
      row.cursors = { ...row.cursors, [channel]: row.cursors?.[channel] ?? 0 };
      void this.t.recipients.put(recipientsKey(id, channel), userKeys);
    });
  }

  async recipients(id: string, channel: string): Promise<string[]> {
    return this.t.recipients.get(recipientsKey(id, channel)) ?? [];
  }

  async cursor(id: string, channel: string): Promise<number> {
    return this.row(id).cursors?.[channel] ?? 0;
  }

  setCursor(id: string, channel: string, cursor: number): Promise<void> {
    return this.update(id, (row) => void (row.cursors = { ...row.cursors, [channel]: cursor }));
  }
}

export function recipientsKey(id: string, channel: string): string {
  return `${id}\u0000${channel}`;
}

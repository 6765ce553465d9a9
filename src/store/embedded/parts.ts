// The shared parts on LMDB: volunteer questions (keyed by a time-ordered id),
// broadcasts with their counters, recipient lists for the in-process broadcast
// loop, and a key-value table with expiry for caches and leases.
import type { Database, RootDatabase } from 'lmdb';
import {
  AUDIT_MAX,
  type AuditEntry,
  type OperatorAccount,
  type OperatorStore,
  type SurveyAnswer,
  type UserDoc,
  type BroadcastCounter,
  type BroadcastCounts,
  type BroadcastRecipientStore,
  type BroadcastStore,
  type SharedStore,
  type VolunteerAnswer,
  type VolunteerQuestion,
  type VolunteerStore,
} from '../types.js';

export interface Tables {
  root: RootDatabase;
  users: Database<UserDoc, string>;
  sent: Database<number, string>;
  due: Database<number, string>;
  volunteers: Database<VolunteerQuestion, string>;
  shared: Database<{ value: string; expiresAt?: number }, string>;
  broadcasts: Database<BroadcastRow, string>;
  recipients: Database<string[], string>;
  /** Keys: a:<username>, l:<sequence> and audit-seq (audit), d:<id> (drafts), h:<key> (hits), counts. */
  operators: Database<unknown, string>;
  /** Keys "<survey>\0<question>\0<user key>" (journey-parts.ts). */
  surveys: Database<SurveyAnswer, string>;
  /** Invitation code → user key. */
  invites: Database<string, string>;
}

export interface BroadcastRow {
  record?: string;
  status?: string;
  counts: BroadcastCounts;
  active?: boolean;
  cursors?: Record<string, number>;
}

const NO_COUNTS: BroadcastCounts = { queued: 0, sent: 0, failed: 0, skipped: 0 };

function broadcastRow(t: Tables, id: string): BroadcastRow {
  return t.broadcasts.get(id) ?? { counts: { ...NO_COUNTS } };
}

/** Changes a broadcast's row; call inside a transaction (the broadcast part's own, or a user commit's). */
export function changeBroadcastRow(t: Tables, id: string, change: (row: BroadcastRow) => void): void {
  const row = structuredClone(broadcastRow(t, id));
  change(row);
  t.broadcasts.put(id, row);
}

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

  async get(id: string): Promise<VolunteerQuestion | null> {
    return this.t.volunteers.get(id) ?? null;
  }

  async answer(id: string, answer: VolunteerAnswer): Promise<VolunteerQuestion | null> {
    return this.t.root.transaction(() => {
      const question = this.t.volunteers.get(id);
      if (!question || question.answered) return null;
      const answered = { ...question, answered: answer };
      void this.t.volunteers.put(id, answered);
      return answered;
    });
  }
}

export class EmbeddedOperators implements OperatorStore {
  constructor(private readonly t: Tables) {}

  async account(username: string): Promise<OperatorAccount | null> {
    return (this.t.operators.get(`a:${username}`) as OperatorAccount | undefined) ?? null;
  }

  async saveAccount(account: OperatorAccount): Promise<void> {
    await this.t.operators.put(`a:${account.username}`, account);
  }

  async accounts(): Promise<OperatorAccount[]> {
    return [...this.t.operators.getRange({ start: 'a:', end: 'a;' })].map(({ value }) => value as OperatorAccount);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    return this.t.root.transaction(() => {
      const now = Date.now();
      const entry = this.t.operators.get(`h:${key}`) as { n: number; until: number } | undefined;
      const next = entry && entry.until > now ? { n: entry.n + 1, until: entry.until } : { n: 1, until: now + windowMs };
      void this.t.operators.put(`h:${key}`, next);
      return next.n;
    });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.t.root.transaction(() => {
      // A sequence, not the clock: entries of the same millisecond keep their order.
      const seq = ((this.t.operators.get('audit-seq') as number | undefined) ?? 0) + 1;
      void this.t.operators.put('audit-seq', seq);
      void this.t.operators.put(`l:${seq.toString(36).padStart(10, '0')}`, entry);
      const keys = [...this.t.operators.getKeys({ start: 'l:', end: 'l;' })];
      for (const key of keys.slice(0, Math.max(0, keys.length - AUDIT_MAX))) void this.t.operators.remove(key);
    });
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    return [...this.t.operators.getRange({ start: 'l;', end: 'l:', reverse: true, limit })].map(({ value }) => value as AuditEntry);
  }

  async saveDraft(id: string, json: string): Promise<void> {
    await this.t.operators.put(`d:${id}`, json);
  }

  async drafts(): Promise<{ id: string; json: string }[]> {
    return [...this.t.operators.getRange({ start: 'd;', end: 'd:', reverse: true })].map(({ key, value }) => ({ id: key.slice(2), json: value as string }));
  }

  async addCounts(deltas: Record<string, number>): Promise<void> {
    const entries = Object.entries(deltas).filter(([, by]) => by !== 0);
    if (entries.length === 0) return;
    await this.t.root.transaction(() => {
      const counts = { ...((this.t.operators.get('counts') as Record<string, number> | undefined) ?? {}) };
      for (const [name, by] of entries) counts[name] = (counts[name] ?? 0) + by;
      void this.t.operators.put('counts', counts);
    });
  }

  async counts(): Promise<Record<string, number>> {
    return { ...((this.t.operators.get('counts') as Record<string, number> | undefined) ?? {}) };
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
    return broadcastRow(this.t, id);
  }

  protected update(id: string, change: (row: BroadcastRow) => void): Promise<void> {
    return this.t.root.transaction(() => changeBroadcastRow(this.t, id, change));
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

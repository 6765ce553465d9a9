// Embedded store: LMDB (lmdb-js) under DATA_DIR, no server needed. Writes are
// durable when their promise resolves (synced commits), so an answered turn
// survives a crash or kill -9; several processes may share the folder.
import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { UserState } from '../engine/state.js';
import type { Store, UserRecord } from './types.js';

interface KvEntry {
  value: string;
  expiresAt?: number;
}

const FIELD_SEPARATOR = '\u0000';
const SWEEP_EVERY_MS = 3600_000;

export class LmdbStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly root: RootDatabase;
  private readonly users: Database<UserState, string>;
  private readonly fields: Database<string, string>;
  private readonly kv: Database<KvEntry, string>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.root = open({ path: dir, maxDbs: 8 });
    this.users = this.root.openDB<UserState, string>({ name: 'users', useVersions: true });
    this.fields = this.root.openDB<string, string>({ name: 'user-fields' });
    this.kv = this.root.openDB<KvEntry, string>({ name: 'kv' });
    // Expired claims, caches and sent marks would otherwise pile up: Redis expires keys itself, LMDB does not.
    this.sweeper = setInterval(() => void this.sweepExpired().catch(() => undefined), SWEEP_EVERY_MS).unref();
  }

  async loadUser(userKey: string): Promise<UserRecord | null> {
    const entry = this.users.getEntry(userKey);
    if (!entry?.value) return null;
    return { state: entry.value, version: entry.version ?? 0 };
  }

  async saveUser(userKey: string, state: UserState, expectedVersion: number): Promise<boolean> {
    const write = () => this.users.put(userKey, state, expectedVersion + 1);
    if (expectedVersion === 0) return this.users.ifNoExists(userKey, write);
    return this.users.ifVersion(userKey, expectedVersion, write);
  }

  async deleteUser(userKey: string): Promise<void> {
    await this.root.transaction(() => {
      this.users.remove(userKey);
      for (const key of this.fields.getKeys({ start: userKey + FIELD_SEPARATOR, end: userKey + FIELD_SEPARATOR + '\uffff' })) {
        this.fields.remove(key);
      }
    });
  }

  async *scanUsers(): AsyncIterable<{ userKey: string; state: UserState }> {
    for (const { key, value } of this.users.getRange({})) yield { userKey: key, state: value };
  }

  async userFieldGet(userKey: string, field: string): Promise<string | null> {
    return this.fields.get(userKey + FIELD_SEPARATOR + field) ?? null;
  }

  async userFieldSet(userKey: string, field: string, value: string): Promise<void> {
    await this.fields.put(userKey + FIELD_SEPARATOR + field, value);
  }

  async userFieldIncr(userKey: string, field: string, by = 1): Promise<number> {
    const key = userKey + FIELD_SEPARATOR + field;
    return this.fields.transaction(() => {
      const next = Number(this.fields.get(key) ?? 0) + by;
      this.fields.put(key, String(next));
      return next;
    });
  }

  async userFieldDelete(userKey: string, field: string): Promise<void> {
    await this.fields.remove(userKey + FIELD_SEPARATOR + field);
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return this.kv.transaction(() => {
      if (this.liveEntry(key)) return false;
      this.kv.put(key, { value: '1', expiresAt: Date.now() + ttlMs });
      return true;
    });
  }

  private liveEntry(key: string): KvEntry | undefined {
    const entry = this.kv.get(key);
    if (!entry) return undefined;
    return entry.expiresAt !== undefined && entry.expiresAt <= Date.now() ? undefined : entry;
  }

  async get(key: string): Promise<string | null> {
    return this.liveEntry(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.kv.put(key, ttlMs ? { value, expiresAt: Date.now() + ttlMs } : { value });
  }

  async delete(key: string): Promise<void> {
    await this.kv.remove(key);
  }

  async incr(key: string, by = 1): Promise<number> {
    return this.kv.transaction(() => {
      const next = Number(this.liveEntry(key)?.value ?? 0) + by;
      this.kv.put(key, { value: String(next) });
      return next;
    });
  }

  async listPush(key: string, value: string): Promise<number> {
    return this.kv.transaction(() => {
      const list = JSON.parse(this.liveEntry(key)?.value ?? '[]') as string[];
      list.push(value);
      this.kv.put(key, { value: JSON.stringify(list) });
      return list.length;
    });
  }

  async listRange(key: string, start: number, stop: number): Promise<string[]> {
    const list = JSON.parse(this.liveEntry(key)?.value ?? '[]') as string[];
    return list.slice(start, stop < 0 ? list.length + stop + 1 : stop + 1);
  }

  async ping(): Promise<boolean> {
    try {
      this.kv.get('__ping__');
      return true;
    } catch {
      return false;
    }
  }

  async bytesForUser(userKey: string): Promise<number> {
    const state = this.users.getBinary(userKey)?.length ?? 0;
    let fields = 0;
    for (const { key, value } of this.fields.getRange({ start: userKey + FIELD_SEPARATOR, end: userKey + FIELD_SEPARATOR + '\uffff' })) {
      fields += key.length + value.length;
    }
    return state + fields;
  }

  /** Removes expired deduplication and cache entries. */
  async sweepExpired(now = Date.now()): Promise<number> {
    let removed = 0;
    await this.kv.transaction(() => {
      for (const { key, value } of this.kv.getRange({})) {
        if (value.expiresAt !== undefined && value.expiresAt <= now) {
          this.kv.remove(key);
          removed++;
        }
      }
    });
    return removed;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.root.close();
  }
}

// The shared parts on Redis: volunteer questions (a hash and a time index),
// broadcasts (one hash each, counters incremented atomically) and a small
// key-value space for caches and leases that name no resident.
import type { RedisClient as Redis } from '../../cluster/redis-connection.js';
import {
  AUDIT_MAX,
  type AuditEntry,
  type BroadcastCounter,
  type BroadcastCounts,
  type BroadcastStore,
  type OperatorAccount,
  type OperatorStore,
  type SharedStore,
  type VolunteerAnswer,
  type VolunteerQuestion,
  type VolunteerStore,
} from '../types.js';

const COUNTERS: BroadcastCounter[] = ['queued', 'sent', 'failed', 'skipped'];

export class RedisVolunteers implements VolunteerStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: [string, string],
  ) {}

  async list(limit: number): Promise<VolunteerQuestion[]> {
    const [hash, index] = this.keys;
    const ids = await this.redis.zrevrange(index, 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const items = await this.redis.hmget(hash, ...ids);
    return items.filter((item): item is string => item !== null).map((item) => JSON.parse(item) as VolunteerQuestion);
  }

  async remove(id: string): Promise<boolean> {
    const [hash, index] = this.keys;
    const [[, removed]] = (await this.redis.multi().hdel(hash, id).zrem(index, id).exec()) as [[Error | null, number]];
    return removed === 1;
  }

  async get(id: string): Promise<VolunteerQuestion | null> {
    const raw = await this.redis.hget(this.keys[0], id);
    return raw ? (JSON.parse(raw) as VolunteerQuestion) : null;
  }

  async answer(id: string, answer: VolunteerAnswer): Promise<VolunteerQuestion | null> {
    // Read, check and write in one script: two volunteers answering at once cannot both win.
    const raw = (await this.redis.eval(ANSWER, 1, this.keys[0], id, JSON.stringify(answer))) as string | null;
    return raw ? (JSON.parse(raw) as VolunteerQuestion) : null;
  }
}

const ANSWER = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local q = cjson.decode(raw)
if q.answered then return false end
q.answered = cjson.decode(ARGV[2])
local out = cjson.encode(q)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out`;

export class RedisOperators implements OperatorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private k(name: string): string {
    return `${this.prefix}op:${name}`;
  }

  async account(username: string): Promise<OperatorAccount | null> {
    const raw = await this.redis.hget(this.k('accounts'), username);
    return raw ? (JSON.parse(raw) as OperatorAccount) : null;
  }

  async saveAccount(account: OperatorAccount): Promise<void> {
    await this.redis.hset(this.k('accounts'), account.username, JSON.stringify(account));
  }

  async accounts(): Promise<OperatorAccount[]> {
    return Object.values(await this.redis.hgetall(this.k('accounts'))).map((raw) => JSON.parse(raw) as OperatorAccount);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const counter = this.k(`hit:${key}`);
    const [[, count]] = (await this.redis
      .multi()
      .incr(counter)
      .pexpire(counter, Math.max(1, Math.round(windowMs)), 'NX')
      .exec()) as [[Error | null, number]];
    return count;
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.k('audit'), JSON.stringify(entry))
      .ltrim(this.k('audit'), 0, AUDIT_MAX - 1)
      .exec();
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    return (await this.redis.lrange(this.k('audit'), 0, Math.max(0, limit - 1))).map((raw) => JSON.parse(raw) as AuditEntry);
  }

  async saveDraft(id: string, json: string): Promise<void> {
    await this.redis.hset(this.k('drafts'), id, json);
  }

  async drafts(): Promise<{ id: string; json: string }[]> {
    return Object.entries(await this.redis.hgetall(this.k('drafts')))
      .map(([id, json]) => ({ id, json }))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  async addCounts(deltas: Record<string, number>): Promise<void> {
    const entries = Object.entries(deltas).filter(([, by]) => by !== 0);
    if (entries.length === 0) return;
    const multi = this.redis.multi();
    for (const [name, by] of entries) multi.hincrby(this.k('counts'), name, by);
    await multi.exec();
  }

  async counts(): Promise<Record<string, number>> {
    return Object.fromEntries(Object.entries(await this.redis.hgetall(this.k('counts'))).map(([name, value]) => [name, Number(value)]));
  }
}

/** A broadcast's hash: its record, status and counters (the user commit adds to "sent", see CommitEffects.broadcastSent). */
export function broadcastKey(prefix: string, id: string): string {
  return `${prefix}bc:${id}`;
}

export class RedisBroadcasts implements BroadcastStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return broadcastKey(this.prefix, id);
  }

  async save(id: string, record: string): Promise<void> {
    await this.redis.hset(this.key(id), 'record', record);
  }

  async get(id: string): Promise<string | null> {
    return this.redis.hget(this.key(id), 'record');
  }

  async count(id: string, counter: BroadcastCounter, by: number): Promise<void> {
    await this.redis.hincrby(this.key(id), counter, by);
  }

  async counts(id: string): Promise<BroadcastCounts> {
    const values = await this.redis.hmget(this.key(id), ...COUNTERS);
    return Object.fromEntries(COUNTERS.map((name, i) => [name, Number(values[i] ?? 0)])) as BroadcastCounts;
  }

  async status(id: string): Promise<string | null> {
    return this.redis.hget(this.key(id), 'status');
  }

  async setStatus(id: string, status: string): Promise<void> {
    await this.redis.hset(this.key(id), 'status', status);
  }
}

export class RedisShared implements SharedStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(key: string): string {
    return `${this.prefix}kv:${key}`;
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.key(key));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs) await this.redis.set(this.key(key), value, 'PX', Math.max(1, Math.round(ttlMs)));
    else await this.redis.set(this.key(key), value);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key(key), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async incr(key: string, by = 1): Promise<number> {
    return this.redis.incrby(this.key(key), by);
  }
}

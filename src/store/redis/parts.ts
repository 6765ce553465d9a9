// The shared parts on Redis: volunteer questions (a hash and a time index),
// broadcasts (one hash each, counters incremented atomically) and a small
// key-value space for caches and leases that name no resident.
import type { Redis } from 'ioredis';
import type { BroadcastCounter, BroadcastCounts, BroadcastStore, SharedStore, VolunteerQuestion, VolunteerStore } from '../types.js';

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
}

export class RedisBroadcasts implements BroadcastStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}bc:${id}`;
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

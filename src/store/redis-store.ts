// Redis store (ioredis). One user's keys share a hash tag {u:<userKey>} so they
// live in one Redis Cluster slot; a turn costs one read and one scripted write.
import { Redis } from 'ioredis';
import type { UserState } from '../engine/state.js';
import type { Store, UserRecord } from './types.js';


// Compare-and-set: writes only when the version is the one the turn read.
const SAVE_IF_VERSION = `
local current = redis.call('HGET', KEYS[1], 'v')
if (current or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(ARGV[1]) + 1), 's', ARGV[2])
return 1`;

const CLAIM_ONCE = `return redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') and 1 or 0`;

type RedisWithScripts = Redis & {
  saveIfVersion(key: string, expected: string, json: string): Promise<number>;
};

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly redis: RedisWithScripts;
  private readonly prefix: string;

  /** `prefix` namespaces every key (tests use their own). */
  constructor(url: string, options: { prefix?: string } = {}) {
    this.prefix = options.prefix ?? 'hvs:';
    const redis = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: false });
    redis.defineCommand('saveIfVersion', { numberOfKeys: 1, lua: SAVE_IF_VERSION });
    redis.on('error', () => {
      // Reported through ping() and /healthz; ioredis reconnects by itself.
    });
    this.redis = redis as RedisWithScripts;
  }

  private stateKey(userKey: string): string {
    return `${this.prefix}{u:${userKey}}:s`;
  }

  private fieldsKey(userKey: string): string {
    return `${this.prefix}{u:${userKey}}:f`;
  }

  async loadUser(userKey: string): Promise<UserRecord | null> {
    const [version, json] = await this.redis.hmget(this.stateKey(userKey), 'v', 's');
    if (!version || !json) return null;
    return { version: Number(version), state: JSON.parse(json) as UserState };
  }

  async saveUser(userKey: string, state: UserState, expectedVersion: number): Promise<boolean> {
    const result = await this.redis.saveIfVersion(this.stateKey(userKey), String(expectedVersion), JSON.stringify(state));
    return result === 1;
  }

  async deleteUser(userKey: string): Promise<void> {
    await this.redis.del(this.stateKey(userKey), this.fieldsKey(userKey));
  }

  async *scanUsers(): AsyncIterable<{ userKey: string; state: UserState }> {
    const stream = this.redis.scanStream({ match: `${this.prefix}{u:*}:s`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      // One SCAN batch is loaded in one pipelined round trip (auto-pipelining).
      const userKeys = keys.map((key) => key.slice(`${this.prefix}{u:`.length, -'}:s'.length));
      const records = await Promise.all(userKeys.map((userKey) => this.loadUser(userKey)));
      for (const [i, record] of records.entries()) if (record) yield { userKey: userKeys[i]!, state: record.state };
    }
  }

  async userFieldGet(userKey: string, field: string): Promise<string | null> {
    return this.redis.hget(this.fieldsKey(userKey), field);
  }

  async userFieldSet(userKey: string, field: string, value: string): Promise<void> {
    await this.redis.hset(this.fieldsKey(userKey), field, value);
  }

  async userFieldIncr(userKey: string, field: string, by = 1): Promise<number> {
    return this.redis.hincrby(this.fieldsKey(userKey), field, by);
  }

  async userFieldDelete(userKey: string, field: string): Promise<void> {
    await this.redis.hdel(this.fieldsKey(userKey), field);
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(CLAIM_ONCE, 1, this.prefix + key, String(Math.max(1, Math.round(ttlMs))))) === 1;
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs) await this.redis.set(this.prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
    else await this.redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async incr(key: string, by = 1): Promise<number> {
    return this.redis.incrby(this.prefix + key, by);
  }

  async listPush(key: string, value: string): Promise<number> {
    return this.redis.rpush(this.prefix + key, value);
  }

  async listRange(key: string, start: number, stop: number): Promise<string[]> {
    return this.redis.lrange(this.prefix + key, start, stop);
  }

  async ping(): Promise<boolean> {
    try {
      return (await withTimeout(this.redis.ping(), 1000)) === 'PONG';
    } catch {
      return false;
    }
  }

  async bytesForUser(userKey: string): Promise<number> {
    const state = (await this.redis.memory('USAGE', this.stateKey(userKey))) ?? 0;
    const fields = (await this.redis.memory('USAGE', this.fieldsKey(userKey))) ?? 0;
    return Number(state) + Number(fields);
  }

  /** The underlying connection, for modules that need Redis itself (BullMQ). */
  get client(): Redis {
    return this.redis;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

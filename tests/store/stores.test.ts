import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { newUserState } from '../../src/engine/state.js';
import { newDoc, tombstone } from '../../src/runtime/records.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { FORGOTTEN_TTL_MS } from '../../src/store/types.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { storeContract } from './contract.js';

let dir = '';
storeContract('embedded (LMDB)', {
  async create() {
    dir = await mkdtemp(path.join(tmpdir(), 'hvs-store-'));
    return new LmdbStore(dir);
  },
  async reopen() {
    return new LmdbStore(dir);
  },
  async cleanup() {
    await rm(dir, { recursive: true, force: true });
  },
  async residue(text, userKey) {
    // Reads every table of the database file, as a person inspecting it would.
    const root = open({ path: dir, maxDbs: 16 });
    const found: string[] = [];
    for (const name of ['users.v2', 'sent', 'deliveries-due', 'volunteer-questions', 'shared', 'broadcasts', 'broadcast-recipients', 'operators', 'survey-answers', 'invite-codes', 'certificates']) {
      const db = root.openDB({ name, useVersions: name === 'users.v2' });
      for (const { key, value } of db.getRange({})) {
        const ownRecord = (name === 'users.v2' || name === 'sent') && key === userKey;
        if (!ownRecord && `${String(key)} ${JSON.stringify(value)}`.includes(text)) found.push(`${name}:${String(key)}`);
      }
    }
    await root.close();
    return found;
  },
});

const runRedis = await shouldRunRedisTests();
let prefix = '';
describe.runIf(runRedis)('with Redis', () => {
  storeContract('Redis', {
    async create() {
      prefix = testPrefix();
      return new RedisStore(REDIS_URL, { prefix });
    },
    async reopen() {
      return new RedisStore(REDIS_URL, { prefix });
    },
    async cleanup() {
      await cleanPrefix(prefix);
    },
    async residue(text, userKey) {
      const redis = new Redis(REDIS_URL);
      const found: string[] = [];
      for (const key of await redis.keys(`${prefix}*`)) {
        const type = await redis.type(key);
        const dump =
          type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1)) : type === 'string' ? ((await redis.get(key)) ?? '') : type;
        if (key !== `${prefix}{u:${userKey}}` && `${key} ${dump}`.includes(text)) found.push(key);
      }
      redis.disconnect();
      return found;
    },
  });

  it("a forgotten user's tombstone expires by itself in Redis", async () => {
    const p = testPrefix();
    const store = new RedisStore(REDIS_URL, { prefix: p });
    try {
      await store.users.commit('web:t', 0, newDoc(newUserState(1)));
      const record = (await store.users.load('web:t'))!;
      await store.users.forget('web:t', 1, tombstone(record, record.state, 'x', [], 1));
      const ttl = await store.client.pttl(`${p}{u:web:t}`);
      expect(ttl).toBeGreaterThan(FORGOTTEN_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(FORGOTTEN_TTL_MS);
    } finally {
      await store.close();
      await cleanPrefix(p);
    }
  });
});

describe('embedded store housekeeping', () => {
  it('sweeps expired shared entries and old tombstones, and keeps live ones', async () => {
    const sweepDir = await mkdtemp(path.join(tmpdir(), 'hvs-sweep-'));
    const store = new LmdbStore(sweepDir);
    try {
      await store.shared.set('short', 'x', 50);
      await store.shared.set('long', 'y', 60_000);
      await store.shared.set('forever', 'z');
      await store.users.commit('web:t', 0, newDoc(newUserState(1)));
      const record = (await store.users.load('web:t'))!;
      await store.users.forget('web:t', 1, tombstone(record, record.state, 'x', [], Date.now() - FORGOTTEN_TTL_MS - 1));
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await store.sweepExpired()).toBe(2);
      expect(await store.shared.get('long')).toBe('y');
      expect(await store.shared.get('forever')).toBe('z');
      expect(await store.users.load('web:t')).toBeNull();
    } finally {
      await store.close();
      await rm(sweepDir, { recursive: true, force: true });
    }
  });
});

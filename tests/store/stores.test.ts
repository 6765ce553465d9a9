import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LmdbStore } from '../../src/store/lmdb-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { storeContract } from './contract.js';
import { describe, expect, it } from 'vitest';

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
  });
});

describe('embedded store housekeeping', () => {
  it('sweeps expired entries and keeps live ones', async () => {
    const sweepDir = await mkdtemp(path.join(tmpdir(), 'hvs-sweep-'));
    const store = new LmdbStore(sweepDir);
    try {
      await store.set('short', 'x', 50);
      await store.set('long', 'y', 60_000);
      await store.set('forever', 'z');
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await store.sweepExpired()).toBe(1);
      expect(await store.get('long')).toBe('y');
      expect(await store.get('forever')).toBe('z');
    } finally {
      await store.close();
      await rm(sweepDir, { recursive: true, force: true });
    }
  });
});

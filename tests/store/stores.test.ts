import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LmdbStore } from '../../src/store/lmdb-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { storeContract } from './contract.js';
import { describe } from 'vitest';

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

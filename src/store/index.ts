// Chooses the store from configuration: Redis when REDIS_URL is set, else the embedded database.
import path from 'node:path';
import { LmdbStore } from './embedded/index.js';
import { RedisStore } from './redis/index.js';
import type { Store } from './types.js';

export type * from './types.js';
export { LmdbStore, RedisStore };

export function createStore(options: { redisUrl?: string; redisPrefix?: string; dataDir: string }): Store {
  if (options.redisUrl) return new RedisStore(options.redisUrl, { prefix: options.redisPrefix });
  return new LmdbStore(path.join(options.dataDir, 'store'));
}

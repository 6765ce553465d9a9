// Redis is real in tests. Outside CI a missing server skips the Redis tests;
// under CI=true it fails them, so nothing that needs Redis is silently skipped.
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Whether Redis tests run: they must under CI=true, so a missing server fails loudly there. */
export async function shouldRunRedisTests(): Promise<boolean> {
  const available = await redisAvailable();
  if (!available && process.env.CI === 'true') throw new Error(`CI=true but no Redis answers at ${REDIS_URL}`);
  return available;
}

export function testPrefix(): string {
  return `hvs-test:${randomUUID().slice(0, 8)}:`;
}

/** Removes every key under a test prefix. */
export async function cleanPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

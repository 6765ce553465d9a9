// A BullMQ worker killed (SIGKILL) in the middle of a broadcast: another worker
// takes its jobs over. Nothing is lost; a duplicate is possible only for a
// message the killed worker had handed to the platform but not yet marked sent
// (at most the jobs it had in flight: one, with concurrency 1).
import { seedUser } from '../helpers/store.js';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { Broadcaster } from '../../src/broadcast/index.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { newUserState } from '../../src/engine/state.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { ROOT } from '../helpers/engine.js';
import { killGroup, spawnTs } from '../helpers/process.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
const countsKey = `${prefix}deliveries`;
const USERS = 300;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) await killGroup(child);
  await cleanPrefix(prefix);
});

function startWorker(): Promise<ChildProcess> {
  const child = spawnTs('tests/helpers/broadcast-worker.ts', [prefix, countsKey, '150', '1'], { env: { ...process.env, REDIS_URL }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

describe.runIf(runRedis)('a broadcast worker killed halfway', () => {
  it('another worker finishes: every subscriber gets the alert, nothing lost', async () => {
    const redis = new Redis(REDIS_URL);
    const store = new RedisStore(REDIS_URL, { prefix });
    const state = newUserState(Date.now());
    state.profile = { consent: true, onboarded: true, subscribed: true };
    await Promise.all(Array.from({ length: USERS }, (_, i) => seedUser(store, `fake:${i}`, state)));
    const content = (await ContentHolder.load(defaultContentPaths(ROOT), flowSources)) as ContentHolder;
    const operator = new Broadcaster({
      rawEnv: {},
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      store,
      content,
      channels: [{ name: 'fake' } as never],
      logger: pino({ level: 'silent' }),
      runWorkers: false,
      schedule: false,
    });
    const first = await startWorker();
    const record = await operator.create({ createdBy: 'operator', respectQuietHours: false, audience: 'subscribers', target: {}, content: { kind: 'message', text: 'Cảnh báo' }, title: 'crash test' });
    while ((await redis.hlen(countsKey)) < USERS / 3) await new Promise((resolve) => setTimeout(resolve, 20));
    await killGroup(first); // SIGKILL to the worker's process group; throws unless it is gone
    const killedAt = await redis.hlen(countsKey);
    expect(killedAt).toBeLessThan(USERS);
    // Nothing delivers while no worker runs: the killed one really stopped.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await redis.hlen(countsKey)).toBe(killedAt);
    await startWorker();
    let summary = await operator.summary(record.id);
    // The job the killed worker was running stays locked for BullMQ's lock duration (30 s) before the stalled check hands it over.
    for (let i = 0; i < 900 && summary?.status !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      summary = await operator.summary(record.id);
    }
    const perUser = (await redis.hvals(countsKey)).map(Number);
    expect(summary?.status).toBe('done');
    expect(perUser).toHaveLength(USERS);
    expect(perUser.filter((n) => n > 1).length).toBeLessThanOrEqual(1);
    await operator.close();
    await store.close();
    redis.disconnect();
  }, 150_000);
});

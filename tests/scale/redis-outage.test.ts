// Redis lost while running: /readyz and /healthz say so (503), and the logs say
// it in a few plain lines rather than a stream of stack traces.
import { afterAll, describe, expect, it } from 'vitest';
import { RedisProxy } from '../helpers/redis-proxy.js';
import { cleanPrefix, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { startTutorProcess, type TutorProcess } from '../helpers/tutor-process.js';
import { sleep } from './helpers.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
let tutor: TutorProcess | undefined;
afterAll(async () => {
  await tutor?.kill().catch(() => undefined);
  await cleanPrefix(prefix);
});

describe.runIf(runRedis)('Redis lost while running', () => {
  it('answers 503 on /readyz and /healthz and logs few lines, few stack traces', async () => {
    const proxy = await RedisProxy.start();
    tutor = await startTutorProcess({ REDIS_URL: proxy.url(), REDIS_PREFIX: prefix, BROADCAST_WORKERS: 'true', LOG_LEVEL: 'info' });
    expect((await fetch(`${tutor.url}/readyz`)).status).toBe(200);
    const before = tutor.output().length;
    await proxy.close();
    await sleep(6000);
    const after = tutor.output().slice(before);
    expect((await fetch(`${tutor.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${tutor.url}/healthz`)).status).toBe(503);
    expect((await fetch(`${tutor.url}/livez`)).status).toBe(200);
    const lines = after.split('\n').filter(Boolean).length;
    const stacks = (after.match(/\\n\s+at |\n\s+at /g) ?? []).length;
    console.log(`6 s without Redis: ${lines} log lines, ${stacks} stack frames`);
    expect(lines).toBeLessThan(30);
  }, 60_000);
});

// A content reload on one process reaches every process on the same Redis within
// 2 s: through pub/sub, and through the generation key for a process that missed
// the message. /healthz shows the version (hash) each one serves.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { startTutorProcess, type TutorProcess } from '../helpers/tutor-process.js';
import { ADMIN_TOKEN, contentCopy, health, untilAllServe } from './helpers.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
const tutors: TutorProcess[] = [];
let removeContent: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const tutor of tutors) await tutor.kill().catch(() => undefined);
  await removeContent?.();
  await cleanPrefix(prefix);
});

describe.runIf(runRedis)('content reload across processes', () => {
  it('admin API on one, SIGHUP on the other, and a missed message: every process serves the new version within 2 s', async () => {
    const copy = await contentCopy();
    removeContent = copy.remove;
    const env = { REDIS_URL, REDIS_PREFIX: prefix, ADMIN_TOKEN, CONTENT_ROOT: copy.root, BROADCAST_WORKERS: 'false' };
    const [a, b] = await Promise.all([startTutorProcess(env), startTutorProcess(env)]);
    tutors.push(a, b);
    const before = (await health(a.url)).content!;
    expect(before.version).toMatch(/^[0-9a-f]{16}$/);
    expect((await health(b.url)).content!.version).toBe(before.version);

    // 1. Admin API on A.
    await copy.touch('first change');
    const reload = await fetch(`${a.url}/api/admin/content/reload`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reload.status).toBe(200);
    const first = (await health(a.url)).content!;
    expect(first.version).not.toBe(before.version);
    const viaApiMs = await untilAllServe([a.url, b.url], (h) => h.content?.version === first.version, 2000);

    // 2. SIGHUP on B.
    await copy.touch('second change');
    process.kill(b.pid, 'SIGHUP');
    const viaSignalMs = await untilAllServe([a.url, b.url], (h) => (h.content?.generation ?? 0) > first.generation && h.content?.version !== first.version, 2000);
    const second = (await health(a.url)).content!;
    expect((await health(b.url)).content!.version).toBe(second.version);

    // 3. A process that missed the message: only the generation key moves (no publish).
    await copy.touch('third change');
    const redis = new Redis(REDIS_URL);
    await redis.incr(`${prefix}content:generation`);
    redis.disconnect();
    const viaKeyMs = await untilAllServe([a.url, b.url], (h) => h.content?.version !== second.version && (h.content?.generation ?? 0) > second.generation, 2000);
    const third = [(await health(a.url)).content!, (await health(b.url)).content!];
    expect(third[0]!.version).toBe(third[1]!.version);
    console.log(`content reload reached both processes: admin API ${viaApiMs} ms, SIGHUP ${viaSignalMs} ms, generation key only ${viaKeyMs} ms`);
  }, 90_000);
});

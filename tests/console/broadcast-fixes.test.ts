// The broadcast fixes of issue 13: a retried BullMQ fan-out counts each
// recipient once and reaches "done"; QUIET_HOURS and TIMEZONE are checked at
// start-up; a weekly alert whose start failed releases its claim.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Broadcaster } from '../../src/broadcast/index.js';
import { broadcastEnvSchema } from '../../src/broadcast/config.js';
import { runWeeklyAlert } from '../../src/broadcast/weekly.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { newUserState } from '../../src/engine/state.js';
import { newDoc } from '../../src/runtime/records.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { RedisStore } from '../../src/store/redis/index.js';
import type { Store } from '../../src/store/types.js';
import { ROOT } from '../helpers/engine.js';
import { MemoryChannel } from '../helpers/fake-channel.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

const runRedis = await shouldRunRedisTests();
const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('broadcast settings are checked at start-up', () => {
  it.each(['24:00-07:00', '21:00-7:60', '21:60-07:00', '9-17'])('refuses QUIET_HOURS=%s with a clear reason', (value) => {
    const parsed = broadcastEnvSchema.safeParse({ QUIET_HOURS: value });
    expect(parsed.success).toBe(false);
  });

  it('names the problem for 24:00 and for an unknown time zone', () => {
    const quiet = broadcastEnvSchema.safeParse({ QUIET_HOURS: '24:00-07:00' });
    expect(JSON.stringify(quiet.error?.issues)).toContain('hours 0–23 and minutes 0–59');
    const zone = broadcastEnvSchema.safeParse({ TIMEZONE: 'Mars/Olympus' });
    expect(zone.success).toBe(false);
    expect(JSON.stringify(zone.error?.issues)).toContain('not a time zone');
  });

  it('accepts real settings', () => {
    expect(broadcastEnvSchema.parse({ QUIET_HOURS: '21:00-07:00', TIMEZONE: 'Asia/Ho_Chi_Minh' })).toMatchObject({ QUIET_HOURS: '21:00-07:00' });
    expect(broadcastEnvSchema.parse({ QUIET_HOURS: '0:00-23:59', TIMEZONE: 'UTC' }).TIMEZONE).toBe('UTC');
  });
});

describe('weekly alert claim', () => {
  it('is released when the start fails, so a later run starts the week', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hvs-weekly-'));
    const store = new LmdbStore(dir);
    cleanups.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    let calls = 0;
    const options = {
      cron: '0 9 * * 6',
      timeZone: 'Asia/Ho_Chi_Minh',
      store,
      logger,
      attempts: 1,
      start: async () => {
        calls++;
        if (calls === 1) throw new Error('queue down');
        return 'bc-week';
      },
    };
    expect(await runWeeklyAlert(options)).toBeUndefined();
    expect(await runWeeklyAlert(options)).toBe('bc-week');
    // Started once: the claim holds for the rest of the week.
    expect(await runWeeklyAlert(options)).toBeUndefined();
    expect(calls).toBe(2);
  });
});

/** A store whose first walk over the residents breaks after `failAfter` of them (a fan-out attempt dying). */
function failingFirstScan(store: Store, failAfter: number): Store {
  let scans = 0;
  const users = new Proxy(store.users, {
    get(target, name, receiver) {
      if (name !== 'scan') return Reflect.get(target, name, receiver);
      return async function* () {
        const first = scans++ === 0;
        let seen = 0;
        for await (const entry of target.scan()) {
          if (first && ++seen > failAfter) throw new Error('connection lost mid-scan');
          yield entry;
        }
      };
    },
  });
  return new Proxy(store, { get: (target, name, receiver) => (name === 'users' ? users : Reflect.get(target, name, receiver)) });
}

describe.runIf(runRedis)('BullMQ fan-out retried after a failure', () => {
  it('queues each recipient once, sends each once, and reaches "done"', async () => {
    const prefix = testPrefix();
    const real = new RedisStore(REDIS_URL, { prefix });
    cleanups.push(async () => {
      await real.close();
      await cleanPrefix(prefix);
    });
    const recipients = 1200;
    await Promise.all(
      Array.from({ length: recipients }, (_, i) => {
        const state = newUserState(Date.now());
        state.profile = { consent: true, onboarded: true, ...(i % 100 === 0 ? { unreachable: true } : {}) };
        return real.users.commit(`fake:u${i}`, 0, newDoc(state));
      }),
    );
    const store = failingFirstScan(real, 700);
    const content = (await ContentHolder.load(defaultContentPaths(ROOT), flowSources)) as ContentHolder;
    const channel = new MemoryChannel('fake');
    const broadcaster = new Broadcaster({
      rawEnv: { QUIET_HOURS: '00:00-00:00', BROADCAST_RATE_DEFAULT: '2000', BROADCAST_CONCURRENCY: '50' },
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      store,
      content,
      channels: [channel],
      logger,
      runWorkers: true,
      schedule: false,
      stalledIntervalMs: 1000,
    });
    cleanups.unshift(() => broadcaster.close());
    await broadcaster.start();
    const record = await broadcaster.create({ createdBy: 'operator', respectQuietHours: false, audience: 'all-not-opted-out', target: {}, content: { kind: 'message', text: 'x' }, title: 't' });
    const until = Date.now() + 40_000;
    let summary = (await broadcaster.summary(record.id))!;
    while (summary.status !== 'done' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      summary = (await broadcaster.summary(record.id))!;
    }
    expect(summary.status).toBe('done');
    expect(summary.counts).toEqual({ queued: recipients, sent: recipients - 12, failed: 0, skipped: 12 });
    expect(channel.sent).toHaveLength(recipients - 12);
    expect(new Set(channel.sent.map((s) => s.userId)).size).toBe(recipients - 12);
  }, 60_000);
});

describe('npm run broadcast during quiet hours', () => {
  it('says the alert waits for the morning instead of polling "sent 0" forever', async () => {
    const { startTestTutor, removeDir } = await import('../helpers/tutor.js');
    const { execFile } = await import('node:child_process');
    const tutor = await startTestTutor({ ADMIN_TOKEN: 'cli-admin-token-0123', QUIET_HOURS: '00:00-23:59' });
    cleanups.push(async () => {
      await tutor.close();
      await removeDir(tutor.dataDir);
    });
    await tutor.chat({ userId: 'q1', messageId: 'q1-1', text: 'xin chào' });
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'src/cli/broadcast.ts'), '--text', 'Cảnh báo thử ban đêm', '--url', tutor.url],
        { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: 'cli-admin-token-0123', QUIET_HOURS: '00:00-23:59' }, timeout: 30_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(out).toContain('sẽ gửi lúc 23:59');
    expect(out).toContain('tự chạy vào buổi sáng');
  }, 60_000);
});

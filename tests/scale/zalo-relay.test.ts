// One zca-js login per account across processes sharing a Redis: the lease
// holder logs in and listens; a standby and a worker (which never logs in)
// send through the holder; when the holder stops, the standby takes over.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ZaloPersonalChannel } from '../../src/channels/zalo-personal/channel.js';
import { zaloPersonalEnvSchema } from '../../src/channels/zalo-personal/env.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { Metrics } from '../../src/server/metrics.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { readConfig } from '../../src/tutor.js';
import { FakeZca } from '../channels/zalo/fake-zca.js';
import { ROOT } from '../helpers/engine.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
let dir = '';
afterAll(async () => {
  await cleanPrefix(prefix);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(runRedis)('one Zalo personal login across processes', () => {
  it('the holder logs in; standby and worker send through it; the standby takes over when the holder stops', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hvs-zalo-relay-'));
    const rawEnv = { REDIS_URL, REDIS_PREFIX: prefix, LEASE_TTL_MS: '900', ZALO_MODE: 'personal', ZALO_SEND_INTERVAL_MS: '0', ZALO_SEND_PER_SECOND: '50' };
    const { core } = readConfig(rawEnv);
    const content = (await ContentHolder.load(defaultContentPaths(ROOT), flowSources)) as ContentHolder;
    const stores: RedisStore[] = [];
    const make = (name: string, fake: FakeZca) => {
      const store = new RedisStore(REDIS_URL, { prefix });
      stores.push(store);
      const context = {
        core,
        rawEnv,
        conversation: { handle: async () => ({ messages: [], duplicate: false, forgotten: false }) },
        http: Fastify(),
        store,
        content,
        logger: pino({ level: 'silent' }),
        metrics: new Metrics(),
      };
      return new ZaloPersonalChannel(context, {
        env: zaloPersonalEnvSchema.parse(rawEnv),
        client: fake,
        credentialsFile: path.join(dir, name, 'credentials.json'),
        qrPath: path.join(dir, name, 'qr.png'),
        print: () => undefined,
      });
    };
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const fakes = [new FakeZca(), new FakeZca()];
    const channels = [make('a', fakes[0]!), make('b', fakes[1]!)];
    const worker = make('worker', new FakeZca());
    try {
      // Before any process holds the account: a worker's send says so at once.
      const asked = Date.now();
      expect(await worker.send('5000', [{ text: 'Chưa ai đăng nhập' }])).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/no process is logged in/) });
      expect(Date.now() - asked).toBeLessThan(1000);
      await Promise.all(channels.map((channel) => channel.start()));
      const loggedIn = () => fakes.map((fake) => fake.api !== undefined);
      await vi.waitFor(() => expect(loggedIn().filter(Boolean)).toHaveLength(1), { timeout: 5000 });
      await new Promise((resolve) => setTimeout(resolve, 1200)); // a few renewals: still one login
      expect(loggedIn().filter(Boolean)).toHaveLength(1);
      const h = loggedIn().indexOf(true);
      const s = 1 - h;
      expect(channels[s]!.health().detail).toMatch(/standby/);

      expect(await channels[s]!.send('5001', [{ text: 'Từ tiến trình chờ' }])).toMatchObject({ ok: true });
      expect(await worker.send('5002', [{ text: 'Từ worker' }])).toMatchObject({ ok: true });
      expect(fakes[h]!.sent.map((m) => [m.threadId, m.text])).toEqual([
        ['5001', 'Từ tiến trình chờ'],
        ['5002', 'Từ worker'],
      ]);
      expect(fakes[s]!.sent).toEqual([]);

      await channels[h]!.stop();
      await vi.waitFor(() => expect(fakes[s]!.api).toBeDefined(), { timeout: 5000 });
      await vi.waitFor(() => expect(channels[s]!.health().ok).toBe(true), { timeout: 5000 });
      expect(await worker.send('5003', [{ text: 'Sau khi đổi' }])).toMatchObject({ ok: true });
      expect(fakes[s]!.sent.map((m) => m.text)).toEqual(['Sau khi đổi']);
    } finally {
      vi.restoreAllMocks();
      for (const channel of [...channels, worker]) await channel.stop();
      for (const store of stores) await store.close();
    }
  }, 30_000);
});

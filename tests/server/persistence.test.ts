// Every answered turn survives a restart and a kill -9, with either store.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { RedisStore } from '../../src/store/redis/index.js';
import type { Store } from '../../src/store/types.js';
import { ROOT } from '../helpers/engine.js';
import { killGroup, spawnTs } from '../helpers/process.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { labels, payloadOf, startTestTutor, texts } from '../helpers/tutor.js';

const runRedis = await shouldRunRedisTests();
const dirs: string[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  for (const prefix of prefixes) await cleanPrefix(prefix);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawnTs('src/main.ts', [], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CONTENT_ROOT: process.env.TEST_CONTENT_ROOT ?? ROOT, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`tutor exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await killGroup(child);
  throw new Error('tutor did not start');
}

async function chat(url: string, userId: string, body: Record<string, string>) {
  const response = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, ...body }) });
  expect(response.status).toBe(200);
  return response.json() as Promise<{ messages: { text?: string; buttons?: { label: string; payload: string }[] }[] }>;
}

describe('restart in the same process', () => {
  it('continues where the resident was after the tutor restarts', async () => {
    const first = await startTestTutor();
    dirs.push(first.dataDir);
    await first.chat({ userId: 'r', text: 'xin chào' });
    await first.chat({ userId: 'r', text: 'đồng ý' });
    await first.close();
    const second = await startTestTutor({}, first.dataDir);
    const reply = await second.chat({ userId: 'r', text: '1' });
    expect(texts(reply.body).join(' ')).toContain('phường/xã');
    await second.close();
  });
});

const stores: [string, boolean, () => Promise<{ env: Record<string, string>; open: () => Store }>][] = [
  [
    'embedded',
    true,
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'hvs-kill-'));
      dirs.push(dir);
      return { env: { DATA_DIR: dir }, open: () => new LmdbStore(path.join(dir, 'store')) };
    },
  ],
  [
    'Redis',
    runRedis,
    async () => {
      const prefix = testPrefix();
      prefixes.push(prefix);
      const dir = await mkdtemp(path.join(tmpdir(), 'hvs-kill-'));
      dirs.push(dir);
      return { env: { DATA_DIR: dir, REDIS_URL, REDIS_PREFIX: prefix }, open: () => new RedisStore(REDIS_URL, { prefix }) };
    },
  ],
];

describe.each(stores)('kill -9 with the %s store', (_name, enabled, prepare) => {
  it.runIf(enabled)(
    'keeps every answered turn and goes on after a restart',
    async () => {
      const { env, open } = await prepare();
      const first = await startChild(env);
      let reply = await chat(first.url, 'k9', { text: 'xin chào' });
      reply = await chat(first.url, 'k9', { payload: payloadOf({ messages: reply.messages } as never, 'Đồng ý') });
      reply = await chat(first.url, 'k9', { text: 'người cao tuổi' });
      expect(labels(reply as never)).toContain('Bỏ qua');
      await killGroup(first.child); // SIGKILL to the tutor's process group, then checks it is gone

      const store = open();
      const saved = await store.users.load('web:k9');
      expect(saved?.state.profile).toMatchObject({ consent: true, group: 'elderly' });
      await store.close();

      const second = await startChild(env);
      reply = await chat(second.url, 'k9', { text: 'bỏ qua' });
      expect(reply.messages.map((m) => m.text).join(' ')).toContain('cảnh báo lừa đảo');
      reply = await chat(second.url, 'k9', { text: 'có' });
      expect(reply.messages.map((m) => m.text).join(' ')).toContain('📌');
      const store2 = open();
      expect((await store2.users.load('web:k9'))!.state.profile.subscribed).toBe(true);
      await store2.close();
      await killGroup(second.child);
    },
    60_000,
  );
});

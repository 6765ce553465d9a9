// Token refresh and rotation against the fake OAuth server: two keepers (as in
// two processes) share one store, with each store; exactly one refresh per
// rotation; a refused pair shows in health and the log with the steps to reconnect.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenKeeper } from '../../../src/channels/zalo-oa/tokens.js';
import { LmdbStore, RedisStore, type Store } from '../../../src/store/index.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../../helpers/redis.js';
import { APP_ID, APP_SECRET, FakeOa } from './fake-oa.js';

const runRedis = await shouldRunRedisTests();
const oa = new FakeOa();
const cleanups: (() => Promise<void>)[] = [];
beforeAll(() => oa.start());
afterAll(() => oa.close());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function capture(): { logger: pino.Logger; lines: () => string[] } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  return { logger: pino({ level: 'info' }, stream), lines: () => lines };
}

function keeper(store: Store, seed: { accessToken?: string; refreshToken?: string }, logger = pino({ level: 'silent' })): TokenKeeper {
  const instance = new TokenKeeper({ kv: store.shared, seed, logger, oauthBase: oa.url, appId: APP_ID, appSecret: APP_SECRET });
  cleanups.unshift(async () => instance.stop());
  return instance;
}

async function embedded(): Promise<Store[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hvs-oa-tokens-'));
  const store = new LmdbStore(dir);
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  // One embedded database serves every process on the machine through the same files; one handle stands for both here.
  return [store, store];
}

async function redis(): Promise<Store[]> {
  const prefix = testPrefix();
  const stores = [new RedisStore(REDIS_URL, { prefix }), new RedisStore(REDIS_URL, { prefix })];
  cleanups.push(async () => {
    for (const store of stores) await store.close();
    await cleanPrefix(prefix);
  });
  return stores;
}

const kinds: [string, () => Promise<Store[]>][] = [['embedded', embedded], ...(runRedis ? ([['redis', redis]] as [string, () => Promise<Store[]>][]) : [])];

describe.each(kinds)('Zalo OA tokens (%s store)', (_kind, open) => {
  it('two processes starting together spend the first refresh token exactly once and share the new pair', async () => {
    const [storeA, storeB] = await open();
    const seed = oa.issuePair();
    const before = oa.refreshes.length;
    oa.refreshDelayMs = 300;
    const a = keeper(storeA!, seed);
    const b = keeper(storeB!, seed);
    await Promise.all([a.start(), b.start()]);
    oa.refreshDelayMs = 0;
    const refreshes = oa.refreshes.slice(before);
    expect(refreshes).toEqual([expect.objectContaining({ refreshToken: seed.refreshToken, answered: 'ok' })]);
    const [tokenA, tokenB] = await Promise.all([a.accessToken(), b.accessToken()]);
    expect(tokenA).toBeDefined();
    expect(tokenA).toBe(tokenB);
    expect(tokenA).not.toBe(seed.accessToken);
    expect(a.health()).toMatchObject({ ok: true });
  });

  it('rotates again when a token nears its expiry, each time with the newest refresh token, once across both', async () => {
    const [storeA, storeB] = await open();
    const seed = oa.issuePair();
    oa.lifetimeS = 2;
    const before = oa.refreshes.length;
    const a = keeper(storeA!, seed);
    const b = keeper(storeB!, seed);
    await Promise.all([a.start(), b.start()]);
    // 2 s tokens are refreshed when a tenth of their life is left: about every 1.8 s.
    await vi.waitFor(() => expect(oa.refreshes.length - before).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 100 });
    oa.lifetimeS = 90_000;
    const refreshes = oa.refreshes.slice(before);
    expect(refreshes.every((r) => r.answered === 'ok')).toBe(true);
    // Every refresh token was spent once: nobody reused an old one.
    expect(new Set(refreshes.map((r) => r.refreshToken)).size).toBe(refreshes.length);
    // Each process holds an issued token (the other's newer one reaches it on its next read).
    expect(oa.knows(await a.accessToken())).toBe(true);
    expect(oa.knows(await b.accessToken())).toBe(true);
  });

  it('after the API refuses an access token, both processes renew with one refresh', async () => {
    const [storeA, storeB] = await open();
    const seed = oa.issuePair();
    const a = keeper(storeA!, seed);
    const b = keeper(storeB!, seed);
    await Promise.all([a.start(), b.start()]);
    const stale = await a.accessToken();
    const before = oa.refreshes.length;
    oa.refreshDelayMs = 200;
    await Promise.all([a.renew(stale), b.renew(stale), a.renew(stale)]);
    oa.refreshDelayMs = 0;
    expect(oa.refreshes.length - before).toBe(1);
    const fresh = await b.accessToken();
    expect(fresh).not.toBe(stale);
    expect(await a.accessToken()).toBe(fresh);
  });

  it('reports a revoked pair in health and the log with the steps to reconnect, and takes a new pair from the environment', async () => {
    const [store] = await open();
    const seed = oa.issuePair();
    const { logger, lines } = capture();
    const first = keeper(store!, seed, logger);
    await first.start();
    expect(first.health().ok).toBe(true);
    oa.revokeAll();
    await first.renew(await first.accessToken());
    expect(first.health()).toMatchObject({ ok: false, detail: expect.stringContaining('ZALO_OA_REFRESH_TOKEN') });
    expect(first.health().detail).toContain('developers.zalo.me');
    expect(await first.accessToken()).toBeUndefined();
    const logged = lines().map((line) => JSON.parse(line));
    expect(logged.find((l) => l.level === 50)?.msg).toMatch(/expired or revoked.*Kết nối lại OA.*To reconnect/);
    expect(lines().join('\n')).not.toContain(seed.refreshToken);

    // The ward reconnects: a new pair in the environment, a restart.
    const fresh = oa.issuePair();
    await first.stop();
    const second = keeper(store!, fresh, logger);
    await second.start();
    expect(second.health()).toMatchObject({ ok: true });
    expect(await second.accessToken()).toBeDefined();
  });

  it('a process still started with the old environment adopts the stored chain instead of the spent token', async () => {
    const [storeA, storeB] = await open();
    const seed = oa.issuePair();
    const a = keeper(storeA!, seed);
    await a.start();
    const before = oa.refreshes.length;
    const late = keeper(storeB!, seed);
    await late.start();
    expect(oa.refreshes.length).toBe(before);
    expect(late.health().ok).toBe(true);
    expect(await late.accessToken()).toBe(await a.accessToken());
  });
});

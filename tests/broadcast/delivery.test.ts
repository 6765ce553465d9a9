// Broadcast delivery with each queue: audience, rotation, skips, failures, and
// exactly-once after a crash.
import { seedUser } from '../helpers/store.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BroadcastBook } from '../../src/broadcast/book.js';
import { deliverOne } from '../../src/broadcast/deliver.js';
import { Broadcaster } from '../../src/broadcast/index.js';
import type { EmbeddedBroadcastQueue } from '../../src/broadcast/embedded-queue.js';
import { newUserState, type Scalar } from '../../src/engine/state.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { RedisStore } from '../../src/store/redis/index.js';
import type { Store } from '../../src/store/types.js';
import { ROOT } from '../helpers/engine.js';
import { MemoryChannel } from '../helpers/fake-channel.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

const runRedis = await shouldRunRedisTests();
const content = (await ContentHolder.load(defaultContentPaths(ROOT), flowSources)) as ContentHolder;
const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function addUser(store: Store, userKey: string, profile: Record<string, Scalar>): Promise<void> {
  const state = newUserState(Date.now());
  state.profile = { consent: true, onboarded: true, ...profile };
  await seedUser(store, userKey, state);
}

async function embeddedStore(): Promise<LmdbStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hvs-bc-'));
  const store = new LmdbStore(dir);
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

function broadcaster(store: Store, channels: MemoryChannel[], env: Record<string, string> = {}, redis?: { url: string; prefix: string }) {
  const instance = new Broadcaster({
    rawEnv: { QUIET_HOURS: '00:00-00:00', BROADCAST_RATE_DEFAULT: '1000', ...env },
    redisUrl: redis?.url,
    redisPrefix: redis?.prefix ?? 'hvs:',
    store,
    content,
    channels,
    logger,
    runWorkers: true,
    schedule: false,
    stalledIntervalMs: 1000,
  });
  cleanups.unshift(() => instance.close());
  return instance;
}

async function waitForDone(instance: Broadcaster, id: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const summary = (await instance.summary(id))!;
    if (summary.status === 'done') return summary;
    if (Date.now() > until) throw new Error(`broadcast not done: ${JSON.stringify(summary)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('weekly scam alert (embedded)', () => {
  it('rotates through the library: each subscriber gets the next pattern, never a repeat', async () => {
    const store = await embeddedStore();
    const channel = new MemoryChannel('fake');
    await addUser(store, 'fake:1', { subscribed: true });
    await addUser(store, 'fake:2', { subscribed: true });
    await addUser(store, 'fake:3', { subscribed: false });
    await addUser(store, 'fake:4', {});
    await addUser(store, 'fake:5', { subscribed: true, unreachable: true });
    const instance = broadcaster(store, [channel]);
    await instance.start();
    const first = await instance.startWeeklyAlert();
    expect(await waitForDone(instance, first.id)).toMatchObject({ counts: { queued: 3, sent: 2, skipped: 1, failed: 0 } });
    const second = await instance.startWeeklyAlert();
    await waitForDone(instance, second.id);
    const toUser1 = channel.sent.filter((s) => s.userId === '1').map((s) => s.messages[0]!);
    expect(toUser1).toHaveLength(2);
    expect(toUser1[0]!.text).not.toBe(toUser1[1]!.text);
    expect(toUser1[0]!.buttons!.map((b) => b.label)).toEqual(['Xem chi tiết', 'Làm bài kiểm tra nhanh']);
    const patterns = toUser1.map((m) => m.buttons![0]!.payload);
    expect(new Set(patterns).size).toBe(2);
    const user1 = await store.users.load('fake:1');
    expect(patterns[1]).toBe(`f:scam-${user1!.state.profile.lastScamAlert}`);
    expect(channel.sent.some((s) => ['3', '4', '5'].includes(s.userId))).toBe(false);
  });
});

describe('operator alerts (embedded)', () => {
  it('targets by channel, ward and group; skips who turned alerts off', async () => {
    const store = await embeddedStore();
    const fake = new MemoryChannel('fake');
    const other = new MemoryChannel('other');
    await addUser(store, 'fake:a', { ward: 'Phường Hòa Bình', group: 'elderly' });
    await addUser(store, 'fake:b', { ward: 'phuong hoa binh', group: 'worker' });
    await addUser(store, 'fake:c', { ward: 'Phường Hòa Bình', group: 'elderly', subscribed: false });
    await addUser(store, 'other:d', { ward: 'Phường Hòa Bình', group: 'elderly' });
    const instance = broadcaster(store, [fake, other]);
    await instance.start();
    const record = await instance.create({
      createdBy: 'operator',
      respectQuietHours: true,
      audience: 'all-not-opted-out',
      target: { channels: ['fake'], wards: ['Phường Hòa Bình'], groups: ['elderly'] },
      content: { kind: 'message', text: '⚠️ Cảnh báo khẩn' },
      title: 'test',
    });
    expect(await waitForDone(instance, record.id)).toMatchObject({ counts: { queued: 1, sent: 1, failed: 0, skipped: 0 } });
    expect(fake.sent.map((s) => s.userId)).toEqual(['a']);
    expect(other.sent).toEqual([]);
  });

  it('counts a blocked user as failed and marks them unreachable', async () => {
    const store = await embeddedStore();
    const channel = new MemoryChannel('fake');
    channel.outcomeFor = (userId) => (userId === 'blocked' ? { ok: false, unreachable: true, error: '403' } : { ok: true });
    await addUser(store, 'fake:ok', {});
    await addUser(store, 'fake:blocked', {});
    const instance = broadcaster(store, [channel]);
    await instance.start();
    const record = await instance.create({ createdBy: 'operator', respectQuietHours: false, audience: 'all-not-opted-out', target: {}, content: { kind: 'message', text: 'x' }, title: 't' });
    expect(await waitForDone(instance, record.id)).toMatchObject({ counts: { queued: 2, sent: 1, failed: 1 } });
    expect((await store.users.load('fake:blocked'))!.state.profile.unreachable).toBe(true);
  });

  it('waits for the morning during quiet hours', async () => {
    const store = await embeddedStore();
    const channel = new MemoryChannel('fake');
    await addUser(store, 'fake:night', {});
    const instance = broadcaster(store, [channel], { QUIET_HOURS: '00:00-23:59', TIMEZONE: 'UTC' });
    await instance.start();
    const record = await instance.create({ createdBy: 'operator', respectQuietHours: true, audience: 'all-not-opted-out', target: {}, content: { kind: 'message', text: 'x' }, title: 't' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(channel.sent).toEqual([]);
    expect((await instance.summary(record.id))!.status).toBe('sending');
  });

  it('resumes after a restart without sending anyone twice', async () => {
    const store = await embeddedStore();
    const channel = new MemoryChannel('fake');
    for (let i = 0; i < 60; i++) await addUser(store, `fake:u${i}`, {});
    const first = broadcaster(store, [channel], { BROADCAST_RATE_DEFAULT: '200' });
    await first.start();
    const record = await first.create({ createdBy: 'operator', respectQuietHours: false, audience: 'all-not-opted-out', target: {}, content: { kind: 'message', text: 'x' }, title: 't' });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await first.close();
    const sentBefore = channel.sent.length;
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(60);
    const second = broadcaster(store, [channel], { BROADCAST_RATE_DEFAULT: '1000' });
    await second.start();
    await (second.queue as EmbeddedBroadcastQueue).idle();
    expect(await waitForDone(second, record.id)).toMatchObject({ counts: { queued: 60, sent: 60 } });
    const perUser = new Map<string, number>();
    for (const { userId } of channel.sent) perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
    expect(perUser.size).toBe(60);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('a worker killed right after the sent mark', () => {
  const stores: [string, () => Promise<Store>][] = [['embedded', embeddedStore]];
  if (runRedis) {
    stores.push([
      'Redis',
      async () => {
        const prefix = testPrefix();
        const store = new RedisStore(REDIS_URL, { prefix });
        cleanups.push(async () => {
          await store.close();
          await cleanPrefix(prefix);
        });
        return store;
      },
    ]);
  }
  it.each(stores)('leaves the broadcast counted, so it still reaches "done" (%s)', async (_name, makeStore) => {
    const store = await makeStore();
    const channel = new MemoryChannel('fake');
    await addUser(store, 'fake:k1', {});
    const book = new BroadcastBook(store);
    const record = await book.create({ createdBy: 'operator', respectQuietHours: false, audience: 'all-not-opted-out', target: {}, content: { kind: 'message', text: 'x' }, title: 't' });
    await book.count(record.id, 'queued', 1);
    await book.setStatus(record.id, 'sending');
    // The process dies the moment the commit with the sent mark is written: the caller never hears back.
    const commit = store.users.commit.bind(store.users);
    let killed = false;
    store.users.commit = async (...args) => {
      const result = await commit(...args);
      if (!killed && args[2].data.broadcasts?.[record.id] !== undefined) {
        killed = true;
        throw new Error('killed');
      }
      return result;
    };
    const deps = { store, book, channels: new Map([['fake', channel]]), compose: async () => ({ messages: [{ text: 'Cảnh báo' }] }), logger };
    await expect(deliverOne(deps, record, 'fake:k1')).rejects.toThrow('killed');
    // Another worker takes the job over: the mark says it was sent, and it was counted with the mark.
    expect(await deliverOne(deps, record, 'fake:k1')).toBe('already-sent');
    expect(await book.counts(record.id)).toEqual({ queued: 1, sent: 1, failed: 0, skipped: 0 });
    expect(await book.status(record.id)).toBe('done');
    expect(channel.sent).toHaveLength(1);
  });
});

describe.runIf(runRedis)('BullMQ (Redis)', () => {
  it('delivers an operator alert to every recipient once, within the rate limit', async () => {
    const prefix = testPrefix();
    const store = new RedisStore(REDIS_URL, { prefix });
    cleanups.push(async () => {
      await store.close();
      await cleanPrefix(prefix);
    });
    const channel = new MemoryChannel('fake');
    for (let i = 0; i < 40; i++) await addUser(store, `fake:r${i}`, i % 10 === 0 ? { subscribed: false } : {});
    const instance = broadcaster(store, [channel], { BROADCAST_RATE_DEFAULT: '10' }, { url: REDIS_URL, prefix });
    await instance.start();
    const started = Date.now();
    const record = await instance.create({ createdBy: 'operator', respectQuietHours: false, audience: 'all-not-opted-out', target: {}, content: { kind: 'message', text: 'x' }, title: 't' });
    expect(await waitForDone(instance, record.id)).toMatchObject({ counts: { queued: 36, sent: 36, failed: 0, skipped: 0 } });
    expect(new Set(channel.sent.map((s) => s.userId)).size).toBe(36);
    expect(channel.sent).toHaveLength(36);
    // 10 per second: 36 messages need at least three more windows after the first burst of 10.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });
});

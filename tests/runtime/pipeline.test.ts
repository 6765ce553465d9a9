// The turn pipeline end to end on both stores: one commit per turn, the saved
// reply given back on a retry, services run once per message id across commit
// conflicts, partial deliveries resumed without duplicates, recovery of a reply
// left unsent by a crashed process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, SendOutcome, SendTarget } from '../../src/channels/types.js';
import type { InboundMessage, OutboundMessage } from '../../src/engine/messages.js';
import { messageIdDigest } from '../../src/engine/state.js';
import { Conversation, type ServiceHandler } from '../../src/runtime/conversation.js';
import { Deliveries } from '../../src/runtime/delivery.js';
import { Metrics } from '../../src/server/metrics.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { RedisStore } from '../../src/store/redis/index.js';
import type { Store } from '../../src/store/types.js';
import { loadTestContent } from '../ai/qa-harness.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

class PushChannel implements Channel {
  readonly name = 'push';
  readonly capabilities = { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000 };
  readonly sent: string[] = [];
  /** How many messages of the next call the platform accepts before failing (undefined: all). */
  acceptNext?: number;
  /** While set, the platform has not answered yet (a reply still being sent). */
  hold?: Promise<void>;
  async start() {}
  async stop() {}
  async send(_userId: string, messages: OutboundMessage[], _target?: SendTarget): Promise<SendOutcome> {
    await this.hold;
    const accept = this.acceptNext ?? messages.length;
    this.acceptNext = undefined;
    for (const message of messages.slice(0, accept)) this.sent.push(message.text ?? '');
    return accept >= messages.length ? { ok: true } : { ok: false, retryable: true, accepted: accept, error: 'network' };
  }
}

const runRedis = await shouldRunRedisTests();
const factories: [string, boolean, () => Promise<{ store: () => Store; cleanup: () => Promise<void> }>][] = [
  [
    'embedded',
    true,
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'hvs-pipe-'));
      return { store: () => new LmdbStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'Redis',
    runRedis,
    async () => {
      const prefix = testPrefix();
      return { store: () => new RedisStore(REDIS_URL, { prefix }), cleanup: () => cleanPrefix(prefix) };
    },
  ],
];

for (const [name, enabled, factory] of factories) {
  describe.runIf(enabled)(`turn pipeline on the ${name} store`, () => {
    const open: { close(): Promise<void> }[] = [];
    let cleanup = async () => {};
    afterEach(async () => {
      for (const item of open.splice(0)) await item.close();
      await cleanup();
    });

    async function process(options: { services?: Partial<Record<'qa', ServiceHandler>>; channel?: PushChannel; recoverAfterMs?: number; makeStore: () => Store }) {
      const store = options.makeStore();
      const content = await loadTestContent();
      const metrics = new Metrics();
      const logger = pino({ level: 'silent' });
      const conversation = new Conversation({ store, content, services: options.services ?? {}, logger, metrics });
      const channel = options.channel ?? new PushChannel();
      const deliveries = new Deliveries({
        store,
        channel: (n) => (n === channel.name ? channel : undefined),
        logger,
        metrics,
        recoverAfterMs: options.recoverAfterMs ?? 60_000,
        recoveryIntervalMs: 60_000,
      });
      conversation.useDeliveries(deliveries);
      open.push({
        close: async () => {
          await deliveries.close();
          await store.close();
        },
      });
      return { store, conversation, deliveries, channel };
    }

    const message = (userId: string, messageId: string, text: string, channel = 'push'): InboundMessage => ({ channel, userId, messageId, at: Date.now(), text });

    it('commits once and gives the saved reply back to a retried message id, sending nothing twice', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      const a = await process({ makeStore: made.store });
      const first = await a.conversation.handle(message('r1', 'm1', 'xin chào'));
      await a.deliveries.idle();
      const again = await a.conversation.handle(message('r1', 'm1', 'xin chào'));
      await a.deliveries.idle();
      expect(again).toMatchObject({ duplicate: true, messages: first.messages });
      expect(a.channel.sent).toEqual(first.messages.map((m) => m.text ?? ''));
      const record = (await a.store.users.load('push:r1'))!;
      expect(record.version).toBe(1);
      expect(record.sent).toBe(first.messages.length);
    });

    it('runs a service once per message id when another process commits first, and commits its data change once', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      let calls = 0;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const qa: ServiceHandler = async () => {
        calls++;
        await held;
        return {
          messages: [{ text: 'câu trả lời' }],
          update: (data) => void (data.qa = { quota: { day: 'd', used: (data.qa?.quota?.used ?? 0) + 1 } }),
          volunteer: { question: 'câu hỏi 0912345678' },
        };
      };
      const a = await process({ makeStore: made.store, services: { qa } });
      const b = await process({ makeStore: made.store });
      await a.conversation.handle(message('r2', 'm0', 'xin chào'));
      const asking = a.conversation.handle(message('r2', 'q1', 'lam lai can cuoc o dau vay'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await b.conversation.handle(message('r2', 't1', 'menu'));
      release();
      const answer = await asking;
      expect(calls).toBe(1);
      expect(answer.messages.map((m) => m.text)).toContain('câu trả lời');
      const record = (await a.store.users.load('push:r2'))!;
      expect(record.version).toBe(3);
      expect(record.data.qa?.quota?.used).toBe(1);
      const questions = await a.store.volunteers.list(10);
      expect(questions).toHaveLength(1);
      expect(questions[0]!.question).not.toContain('0912345678');
    });

    it('resumes a reply the platform took only partly: the rest goes out, nothing twice', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      const channel = new PushChannel();
      const a = await process({ makeStore: made.store, channel, recoverAfterMs: 1 });
      channel.acceptNext = 1;
      const reply = await a.conversation.handle(message('r3', 'm1', 'xin chào'));
      await a.deliveries.idle();
      expect(reply.messages.length).toBeGreaterThan(1);
      expect(channel.sent).toEqual([reply.messages[0]!.text]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await a.deliveries.recoverOverdue()).toBe(1);
      await a.deliveries.idle();
      expect(channel.sent).toEqual(reply.messages.map((m) => m.text));
      expect(await a.deliveries.recoverOverdue()).toBe(0);
    });

    it('a reply committed by a process that died before sending is delivered by another, once', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      const dead = new PushChannel();
      dead.acceptNext = 0;
      const a = await process({ makeStore: made.store, channel: dead, recoverAfterMs: 1 });
      const reply = await a.conversation.handle(message('r4', 'm1', 'xin chào'));
      await a.deliveries.idle();
      expect(dead.sent).toEqual([]);
      const alive = new PushChannel();
      const b = await process({ makeStore: made.store, channel: alive, recoverAfterMs: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await b.deliveries.recoverOverdue();
      await b.deliveries.idle();
      expect(alive.sent).toEqual(reply.messages.map((m) => m.text));
      // The platform redelivers the message to the live process: the saved reply, nothing sent again.
      const again = await b.conversation.handle(message('r4', 'm1', 'xin chào'));
      await b.deliveries.idle();
      expect(again.duplicate).toBe(true);
      expect(alive.sent).toHaveLength(reply.messages.length);
    });

    it('keeps delivered turns out of the next commit even while their sent marks are still on the way', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      const a = await process({ makeStore: made.store });
      let release!: () => void;
      const marksHeld = new Promise<void>((resolve) => (release = resolve));
      const markSent = a.store.users.markSent.bind(a.store.users);
      a.store.users.markSent = async (marks) => {
        await marksHeld;
        return markSent(marks);
      };
      for (const [i, text] of ['xin chào', 'đồng ý', '1', 'menu'].entries()) {
        await a.conversation.handle(message('r6', `m${i}`, text));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const record = (await a.store.users.load('push:r6'))!;
      // No mark reached the store, yet a push channel's commit holds only this turn: the delivered ones are not written again.
      expect(record.sent).toBe(0);
      expect(record.outbox.turns.map((turn) => turn.id)).toEqual([messageIdDigest('m3')]);
      release();
      await a.deliveries.idle();
      expect((await a.store.users.load('push:r6'))!.sent).toBe(record.outbox.seq);
    });

    it('does not repeat a step still being sent when an older button is pressed meanwhile', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      const a = await process({ makeStore: made.store });
      const press = (messageId: string, payload: string): InboundMessage => ({ channel: 'push', userId: 'r7', messageId, at: Date.now(), payload });
      const consent = (await a.conversation.handle(message('r7', 'm1', 'xin chào'))).messages.flatMap((m) => m.buttons ?? [])[0]!.payload;
      await a.deliveries.idle();
      let release = () => {};
      a.channel.hold = new Promise((resolve) => (release = resolve));
      const next = await a.conversation.handle(press('m2', consent));
      expect(next.messages.some((m) => m.buttons?.length)).toBe(true);
      // The next step is on its way (the platform has not answered) when the old button is pressed again.
      const meanwhile = await a.conversation.handle(press('m3', consent));
      expect(meanwhile.messages.map((m) => m.text)).toEqual(['Bước đó đã qua rồi ạ. Mình vừa gửi bước mới cho bạn rồi.']);
      release();
      await a.deliveries.idle();
      expect(a.channel.sent.filter((text) => text === next.messages.at(-1)!.text)).toHaveLength(1);
      // Once it arrived, a stale press shows the current step again.
      const later = await a.conversation.handle(press('m4', consent));
      expect(later.messages[0]!.text).toBe('Bước đó đã qua rồi ạ. Mình đang ở bước này:');
      expect(later.messages.at(-1)!.buttons?.length).toBeGreaterThan(0);
    });

    it('forgets everything in the deletion commit, and a retried deletion still says forgotten', async () => {
      const made = await factory();
      cleanup = made.cleanup;
      const a = await process({ makeStore: made.store });
      await a.conversation.handle(message('r5', 'm1', 'xin chào', 'web'));
      await a.conversation.handle(message('r5', 'm2', 'xóa dữ liệu', 'web'));
      const deleted = await a.conversation.handle(message('r5', 'm3', 'có', 'web'));
      expect(deleted.forgotten).toBe(true);
      const retried = await a.conversation.handle(message('r5', 'm3', 'có', 'web'));
      expect(retried).toMatchObject({ duplicate: true, forgotten: true, messages: deleted.messages });
      const record = (await a.store.users.load('web:r5'))!;
      expect(record.forgottenAt).toBeDefined();
      expect(record.state.profile).toEqual({});
      const users: string[] = [];
      for await (const { userKey } of a.store.users.scan()) users.push(userKey);
      expect(users).not.toContain('web:r5');
    });
  });
}

// Limits that hold across processes sharing one Redis: the web flood limit
// (@fastify/rate-limit's Redis store) and the per-chat gap between replies.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { PacedSender } from '../../src/channels/shared/paced-sender.js';
import { sharedChatSlots } from '../../src/cluster/pacing.js';
import { Metrics } from '../../src/server/metrics.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { startTutorProcess, type TutorProcess } from '../helpers/tutor-process.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
const tutors: TutorProcess[] = [];
afterAll(async () => {
  for (const tutor of tutors) await tutor.kill().catch(() => undefined);
  await cleanPrefix(prefix);
});

describe.runIf(runRedis)('limits shared through Redis', () => {
  it('the web flood limit counts requests to every process together', async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix, WEB_CHAT_RATE_PER_MINUTE: '10', BROADCAST_WORKERS: 'false' };
    const [a, b] = await Promise.all([startTutorProcess(env), startTutorProcess(env)]);
    tutors.push(a, b);
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const url = i % 2 === 0 ? a.url : b.url;
      const response = await fetch(`${url}/api/chat/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'flood' }) });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  }, 60_000);

  it('two senders (as two processes) keep the gap between messages to one chat', async () => {
    const store = new RedisStore(REDIS_URL, { prefix });
    const sentAt: number[] = [];
    const sender = () =>
      new PacedSender(
        'telegram',
        { perChatIntervalMs: 150, globalPerSecond: 0, maxAttempts: 1, baseBackoffMs: 1, maxBackoffMs: 1, sharedChatSlot: sharedChatSlots(store, 'telegram') },
        pino({ level: 'silent' }),
        new Metrics(),
      );
    const [a, b] = [sender(), sender()];
    const call = () => async () => {
      sentAt.push(Date.now());
      return { ok: true as const };
    };
    await Promise.all([a.sendMessages('chat-1', [[call()], [call()], [call()]]), b.sendMessages('chat-1', [[call()], [call()], [call()]])]);
    sentAt.sort((x, y) => x - y);
    const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]!);
    expect(sentAt).toHaveLength(6);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(140);
    await store.close();
  });
});

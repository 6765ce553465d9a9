// The metrics the dashboard and the alert rules read are really written by the
// running tutor: model latency, tokens and errors, delivery lag, the lease
// holder and the broadcast queue depth (BullMQ on Redis), as /metrics serves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../ai/fake-openai.js';
import { FakeBotApi } from '../channels/telegram/fake-bot-api.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { BENCH_BOT_TOKEN } from '../helpers/tutor-process.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const runRedis = await shouldRunRedisTests();

/** The value of one sample line of /metrics, e.g. `hvs_lease_held{lease="telegram-poller"}`. */
async function sample(tutor: TestTutor, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${tutor.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!runRedis)('metrics of a running tutor (Redis, Telegram polling, a model)', () => {
  const prefix = testPrefix();
  let fake: FakeOpenAI;
  let api: FakeBotApi;
  let tutor: TestTutor;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: 'Đủ 60 tuổi thì đổi thẻ căn cước, xem hướng dẫn "Làm, đổi, cấp lại thẻ căn cước".\nNGUON: guide-id-card' });
    api = await FakeBotApi.start();
    tutor = await startTestTutor({
      REDIS_URL,
      REDIS_PREFIX: prefix,
      OPENAI_API_KEY: 'test-key-123',
      OPENAI_BASE_URL: fake.url,
      AI_TIMEOUT_MS: '2000',
      TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_MODE: 'polling',
      TELEGRAM_RATE_PER_CHAT_MS: '0',
    });
  });
  afterAll(async () => {
    await tutor?.close();
    if (tutor) await removeDir(tutor.dataDir);
    await api?.close();
    await fake?.close();
    await cleanPrefix(prefix);
  });

  it('model latency and tokens on an answer, errors when the model fails', async () => {
    await tutor.chat({ userId: 'metrics-1', messageId: 'm1', text: '60 tuoi co phai doi the can cuoc ko' });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(await sample(tutor, 'hvs_ai_request_duration_seconds_count{purpose="qa",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(await sample(tutor, 'hvs_ai_tokens_total{purpose="qa",kind="prompt"}')).toBeGreaterThanOrEqual(10);
    expect(await sample(tutor, 'hvs_ai_tokens_total{purpose="qa",kind="completion"}')).toBeGreaterThanOrEqual(10);
    fake.behaviour = { kind: 'status', status: 500 };
    await tutor.chat({ userId: 'metrics-2', messageId: 'm2', text: 'the can cuoc bi gay cap lai het bao nhieu tien' });
    expect(await sample(tutor, 'hvs_ai_request_duration_seconds_count{purpose="qa",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(await sample(tutor, 'hvs_service_calls_total{service="qa",outcome="ok"}')).toBeGreaterThanOrEqual(2);
  });

  it('the poller lease holder, and the lag of a delivered reply', async () => {
    await eventually(async () => (await sample(tutor, 'hvs_lease_held{lease="telegram-poller"}')) === 1, 'the poller lease');
    await api.waitFor(() => api.callsTo('getUpdates').length > 0, 'polling');
    const from = { id: 5550101, is_bot: false, first_name: 'Cư dân', language_code: 'vi' };
    api.queueUpdate({ message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: 'Cư dân' }, from, text: '/start' } });
    await api.waitFor(() => api.callsTo('sendMessage', from.id).length > 0, 'the reply');
    await tutor.idle();
    expect(await sample(tutor, 'hvs_delivery_lag_seconds_count{channel="telegram"}')).toBeGreaterThanOrEqual(1);
    expect(await sample(tutor, 'hvs_deliveries_total{channel="telegram",outcome="sent"}')).toBeGreaterThanOrEqual(1);
  });

  it('the broadcast queue depth, sampled from start-up', async () => {
    await eventually(async () => (await sample(tutor, 'hvs_queue_depth{queue="broadcast-fanout",state="waiting"}')) !== undefined, 'a queue depth sample');
    expect(await sample(tutor, 'hvs_queue_depth{queue="broadcast-telegram",state="waiting"}')).toBe(0);
  });
});

// A trace id per turn, carried on the message (no AsyncLocalStorage without
// OpenTelemetry): the turn's log line and its reply's delivery (a send refused)
// carry it; lines outside turns have none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../channels/telegram/fake-bot-api.js';
import { BENCH_BOT_TOKEN } from '../helpers/tutor-process.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

let api: FakeBotApi;
let tutor: TestTutor;
beforeAll(async () => {
  api = await FakeBotApi.start();
  tutor = await startTestTutor({ TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN, TELEGRAM_API_ROOT: api.url, TELEGRAM_MODE: 'polling', TELEGRAM_RATE_PER_CHAT_MS: '0', LOG_LEVEL: 'info' });
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
  await api.close();
});

const lines = () =>
  tutor.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function update(chatId: number, messageId: number, text: string): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Cư dân', language_code: 'vi' };
  return { message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Cư dân' }, from, text } };
}

describe('trace ids', () => {
  it('one id per turn, from the update to the retried delivery of its reply; none outside turns', async () => {
    await api.waitFor(() => api.callsTo('getUpdates').length > 0, 'polling');
    // The first reply's delivery is refused (blocked): the paced sender logs it, during delivery.
    api.failNext('sendMessage', { status: 403, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    api.queueUpdate(update(601, 1, '/start'));
    await api.waitFor(() => lines().some((line) => line.msg === 'reply not delivered'), 'the refused delivery');
    await tutor.idle();
    api.queueUpdate(update(601, 2, 'menu'));
    await api.waitFor(() => lines().filter((line) => line.msg === 'turn').length === 2, 'the second turn');
    await tutor.idle();
    const all = lines();
    const turns = all.filter((line) => line.msg === 'turn');
    expect(turns).toHaveLength(2);
    const [first, second] = turns.map((line) => line.trace as string);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toMatch(/^[0-9a-f]{16}$/);
    expect(first).not.toBe(second);
    // The refused send of the first reply, as the runtime's delivery logs it, carries the first turn's id.
    expect(all.find((line) => line.msg === 'reply not delivered')).toMatchObject({ trace: first, sent: 0, retryLater: false });
    expect(all.find((line) => line.msg === 'Học Vụ Số is ready')!.trace).toBeUndefined();
  });
});

// A malformed platform update is logged and answered 200: the platform would
// otherwise redeliver it forever, and no redelivery could ever succeed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startTelegramTestBed, TelegramTestUser, WEBHOOK_SECRET, type TelegramTestBed } from '../channels/telegram/helpers.js';
import { botUpdate, FakeBotApi } from '../channels/zalo/fake-bot-api.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const warnings = (logs: string[], message: string) =>
  logs
    .join('')
    .split('\n')
    .filter((line) => line.includes(`"msg":"${message}"`));

describe('Telegram webhook', () => {
  let bed: TelegramTestBed;
  beforeAll(async () => {
    bed = await startTelegramTestBed('webhook');
  });
  afterAll(async () => {
    await bed?.close();
    if (bed) await removeDir(bed.tutor.dataDir);
  });

  it.each([
    ['a keyboard that is not a list of rows', { inline_keyboard: 5 }],
    ['reply_markup that is a string', 'not a keyboard'],
    ['rows of things that are not buttons', { inline_keyboard: [[null, 7]] }],
  ])('answers 200 to a button press echoing %s, and the press still counts', async (_name, markup) => {
    const user = new TelegramTestUser(bed, 5100 + Math.floor(Math.random() * 800));
    await user.say('xin chào');
    const consent = user.findButton('Đồng ý');
    const press = { update_id: bed.api.newUpdateId(), ...user.callback({ ...consent.message, reply_markup: markup }, consent.data) };
    const response = await postWebhook(bed.tutor.url, press, WEBHOOK_SECRET);
    expect(response.status).toBe(200);
    await bed.channel.idle();
    await bed.tutor.conversation.idle?.();
    await expect
      .poll(() => bed.api.calls.some((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(user.chatId) && /nhóm nào/.test(String(c.body.text))), { timeout: 5000 })
      .toBe(true);
  });

  it('answers 200 to a callback query without an id, and logs it', async () => {
    const user = new TelegramTestUser(bed, 5999);
    const before = warnings(bed.tutor.logs, 'malformed telegram update ignored').length;
    const update = { update_id: bed.api.newUpdateId(), callback_query: { from: user.from, chat_instance: 'ci', data: 'c:menu' } };
    const response = await postWebhook(bed.tutor.url, update, WEBHOOK_SECRET);
    expect(response.status).toBe(200);
    expect(warnings(bed.tutor.logs, 'malformed telegram update ignored').length).toBe(before + 1);
  });
});

describe('Zalo Bot webhook', () => {
  const TOKEN = '1459232241454765289:AbCdEfGhIjKlMnOp';
  const SECRET = 'webhook-secret-for-tests';
  const api = new FakeBotApi(TOKEN);
  let tutor: TestTutor;
  beforeAll(async () => {
    await api.start();
    tutor = await startTestTutor({
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_BOT_API_ROOT: api.url,
      ZALO_BOT_MODE: 'webhook',
      ZALO_BOT_WEBHOOK_SECRET: SECRET,
      ZALO_BOT_SEND_INTERVAL_MS: '0',
      ZALO_BOT_RATE: '100',
    });
  });
  afterAll(async () => {
    await tutor?.close();
    await api.close();
    if (tutor) await removeDir(tutor.dataDir);
  });

  const post = (body: unknown) =>
    fetch(`${tutor.url}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': SECRET }, body: JSON.stringify(body) });
  const withMessage = (chatId: string, change: Record<string, unknown>) => {
    const update = botUpdate(chatId, 'xin chào') as { message: Record<string, unknown> };
    return { ...update, message: { ...update.message, ...change } };
  };

  it.each([
    ['a text that is not a string', withMessage('zm-1', { text: 42 })],
    ['a display name that is not a string', withMessage('zm-2', { from: { id: 'zm-2', display_name: { first: 'Minh' } } })],
    ['a chat id thousands of characters long', withMessage('z'.repeat(5000), {})],
    ['a date that is not a number', withMessage('zm-3', { date: 'hôm qua' })],
    ['a message that is a string', { event_name: 'message.text.received', message: 'xin chào' }],
  ])('answers 200 to an update with %s, and logs it', async (_name, update) => {
    const before = warnings(tutor.logs, 'malformed Zalo Bot update ignored').length;
    const response = await post(update);
    expect(response.status).toBe(200);
    expect(warnings(tutor.logs, 'malformed Zalo Bot update ignored').length).toBe(before + 1);
  });

  it('still answers the well-formed update that came in the same body', async () => {
    const response = await post([withMessage('zm-4', { text: 42 }), botUpdate('zm-5', 'xin chào')]);
    expect(response.status).toBe(200);
    await expect.poll(() => api.calls.some((c) => c.method === 'sendMessage' && c.body.chat_id === 'zm-5'), { timeout: 8000 }).toBe(true);
    expect(api.calls.some((c) => c.body.chat_id === 'zm-4')).toBe(false);
  });
});

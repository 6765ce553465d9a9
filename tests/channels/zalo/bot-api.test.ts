// The Zalo Bot API channel against a fake Bot API on 127.0.0.1: webhook and
// polling, a whole lesson each, rate limits, secret checks, unsupported types.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../../src/channels/types.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeBotApi, botUpdate } from './fake-bot-api.js';
import { walkLesson } from './lesson-script.js';

const TOKEN = '1459232241454765289:AbCdEfGhIjKlMnOp';
const SECRET = 'webhook-secret-for-tests';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function envFor(api: FakeBotApi, extra: Record<string, string>): Record<string, string> {
  return { ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_API_ROOT: api.url, ZALO_BOT_SEND_INTERVAL_MS: '0', ZALO_BOT_RATE: '100', ZALO_BOT_POLL_TIMEOUT_S: '1', ...extra };
}

/** Waits until messages to the chat arrive and stop arriving; returns their texts (captions for photos). */
async function repliesAfter(api: FakeBotApi, chatId: string, before: number): Promise<string[]> {
  const sent = () => delivered(api, chatId);
  await vi.waitFor(() => expect(sent().length).toBeGreaterThan(before), { timeout: 8000 });
  let seen = -1;
  while (seen !== sent().length) {
    seen = sent().length;
    await sleep(120);
  }
  return sent()
    .slice(before)
    .map((c) => c.body.text ?? c.body.caption);
}

const delivered = (api: FakeBotApi, chatId: string) => api.calls.filter((c) => c.delivered && (c.method === 'sendMessage' || c.method === 'sendPhoto') && c.body.chat_id === chatId);
const messagesTo = (api: FakeBotApi, chatId: string) => delivered(api, chatId).length;

describe('Zalo Bot API, webhook mode', () => {
  const api = new FakeBotApi(TOKEN);
  let tutor: TestTutor;
  beforeAll(async () => {
    await api.start();
    tutor = await startTestTutor(envFor(api, { ZALO_BOT_MODE: 'webhook', ZALO_BOT_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://hocvuso.example.vn' }));
  });
  afterAll(async () => {
    await tutor.close();
    await api.close();
    await removeDir(tutor.dataDir);
  });

  const post = (body: unknown, secret: string | null = SECRET) =>
    fetch(`${tutor.url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-bot-api-secret-token': secret }) },
      body: JSON.stringify(body),
    });

  const say = async (chatId: string, text: string) => {
    const before = messagesTo(api, chatId);
    expect((await post(botUpdate(chatId, text))).status).toBe(200);
    return repliesAfter(api, chatId, before);
  };

  it('registers the webhook with its secret at start', () => {
    expect(api.callsOf('getMe')).toHaveLength(1);
    expect(api.callsOf('setWebhook')[0]!.body).toEqual({ url: 'https://hocvuso.example.vn/webhooks/zalo', secret_token: SECRET });
  });

  it.each([
    ['a wrong secret', 'not-the-secret-at-all'],
    ['no secret', null],
  ])('refuses a call with %s (401) and processes nothing', async (_name, secret) => {
    const callsBefore = api.calls.length;
    const response = await post(botUpdate('z-intruder', 'xin chào'), secret);
    expect(response.status).toBe(401);
    await sleep(200);
    expect(api.calls.length).toBe(callsBefore);
    expect(await tutor.store.users.load('zalo-bot:z-intruder')).toBeNull();
  });

  it('runs a whole lesson answered with numbers, showing "typing" first', async () => {
    await walkLesson((text) => say('z-1001', text), 'numbers');
    expect((await tutor.store.users.load('zalo-bot:z-1001'))!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 3 });
    const first = api.calls.findIndex((c) => c.body.chat_id === 'z-1001');
    expect(api.calls[first]!.body).toEqual({ chat_id: 'z-1001', action: 'typing' });
  });

  it('waits for retry_after on 429, then delivers', async () => {
    api.failNext('sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 1 } } });
    const started = Date.now();
    const replies = await say('z-1002', 'xin chào');
    expect(replies.join('\n')).toContain('Trợ lý Học Vụ Số');
    const attempts = api.callsOf('sendMessage', 'z-1002');
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(attempts[0]!.body).toEqual(attempts[1]!.body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('answers a message id once when Zalo delivers it again, also wrapped in { ok, result }', async () => {
    const update = botUpdate('z-1003', 'xin chào');
    await post(update);
    const first = await repliesAfter(api, 'z-1003', 0);
    await post(update);
    await post({ ok: true, result: update });
    await sleep(400);
    expect(messagesTo(api, 'z-1003')).toBe(first.length);
  });

  it.each([
    ['sticker', 'message.sticker.received'],
    ['voice', 'message.voice.received'],
    ['location', 'message.location.received'],
    ['file', 'message.unsupported.received'],
  ])('answers a %s politely', async (kind, event) => {
    const chatId = `z-${kind}`;
    expect((await post(botUpdate(chatId, undefined, event))).status).toBe(200);
    const replies = await repliesAfter(api, chatId, 0);
    expect(replies.join('\n')).toMatch(/\S/);
  });

  it('sends a lesson image as a photo by its public URL, with the text as caption', async () => {
    const outcome = await channel(tutor).send('z-1004', [{ text: 'Mã QR mẫu', image: 'images/qr mau.png' }]);
    expect(outcome.ok).toBe(true);
    expect(api.callsOf('sendPhoto', 'z-1004')[0]!.body).toEqual({ chat_id: 'z-1004', photo: 'https://hocvuso.example.vn/media/images/qr%20mau.png', caption: 'Mã QR mẫu' });
  });

  it('reports a blocked resident as unreachable, without retrying; a reply that meets the block marks them', async () => {
    await say('z-1005', 'xin chào');
    api.failNext('sendMessage', { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: user blocked the bot' } });
    const before = api.callsOf('sendMessage', 'z-1005').length;
    const outcome = await channel(tutor).send('z-1005', [{ text: 'Cảnh báo lừa đảo mới' }]);
    expect(outcome).toMatchObject({ ok: false, unreachable: true, accepted: 0 });
    expect(api.callsOf('sendMessage', 'z-1005').length).toBe(before + 1);
    api.failNext('sendMessage', { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: user blocked the bot' } });
    expect((await post(botUpdate('z-1005', 'giúp'))).status).toBe(200);
    await tutor.idle();
    expect((await tutor.store.users.load('zalo-bot:z-1005'))!.state.profile.unreachable).toBe(true);
  });

  it('shows in /healthz', async () => {
    const health = await (await fetch(`${tutor.url}/healthz`)).json();
    expect(health.channels['zalo-bot']).toMatchObject({ ok: true });
  });
  it('answers the webhook only after the turn is saved: a failed turn gets 500, and the redelivery is answered', async () => {
    const spy = vi.spyOn(tutor.conversation, 'handle').mockRejectedValueOnce(new Error('store down'));
    const update = botUpdate('z-1006', 'xin chào');
    expect((await post(update)).status).toBe(500);
    expect(await tutor.store.users.load('zalo-bot:z-1006')).toBeNull();
    expect((await post(update)).status).toBe(200);
    expect(await tutor.store.users.load('zalo-bot:z-1006')).not.toBeNull();
    expect((await repliesAfter(api, 'z-1006', 0)).join('\n')).toContain('Trợ lý Học Vụ Số');
    spy.mockRestore();
  });
});

describe('Zalo Bot API, polling mode', () => {
  const api = new FakeBotApi(TOKEN);
  let tutor: TestTutor;
  beforeAll(async () => {
    await api.start();
    tutor = await startTestTutor(envFor(api, { ZALO_BOT_MODE: 'polling' }));
  });
  afterAll(async () => {
    await tutor.close();
    await api.close();
    await removeDir(tutor.dataDir);
  });

  const say = async (chatId: string, text: string) => {
    const before = messagesTo(api, chatId);
    api.push(botUpdate(chatId, text));
    return repliesAfter(api, chatId, before);
  };

  it('drops any webhook, then runs a whole lesson answered with words over getUpdates', async () => {
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
    await walkLesson((text) => say('z-2001', text), 'words');
    expect((await tutor.store.users.load('zalo-bot:z-2001'))!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 3 });
  });

  it('keeps polling after a server error, and answers a repeated update once', async () => {
    api.failNext('getUpdates', { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    await sleep(1200);
    const update = botUpdate('z-2002', 'xin chào');
    api.push(update);
    api.push(update);
    const replies = await repliesAfter(api, 'z-2002', 0);
    await sleep(400);
    expect(messagesTo(api, 'z-2002')).toBe(replies.length);
    expect(tutor.logs.join('')).toContain('getUpdates failed');
  });

  it('reports a rejected token in health', async () => {
    const wrong = new FakeBotApi('other-token-entirely');
    await wrong.start();
    const other = await startTestTutor({ ...envFor(api, { ZALO_BOT_MODE: 'polling' }), ZALO_BOT_API_ROOT: wrong.url });
    await vi.waitFor(() => expect(channel(other).health!()).toMatchObject({ ok: false, detail: expect.stringMatching(/ZALO_BOT_TOKEN/) }));
    expect(other.logs.join('')).not.toContain(TOKEN);
    await other.close();
    await wrong.close();
    await removeDir(other.dataDir);
  });
});

describe('Zalo configuration', () => {
  it('refuses webhook mode without a secret, and names what a bad value should be', async () => {
    await expect(startTestTutor({ ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_MODE: 'webhook' })).rejects.toThrow(/ZALO_BOT_WEBHOOK_SECRET: expected a secret of 8 to 256 characters/);
    await expect(startTestTutor({ ZALO_MODE: 'pesonal', ZALO_SEND_INTERVAL_MS: 'fast' })).rejects.toThrow(
      /ZALO_MODE: expected off, or personal[\s\S]*ZALO_SEND_INTERVAL_MS: expected milliseconds between two messages/,
    );
  });
});

function channel(tutor: TestTutor): Channel {
  return tutor.channels.find((c) => c.name === 'zalo-bot')!;
}

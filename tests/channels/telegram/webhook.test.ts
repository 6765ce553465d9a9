// The Telegram channel in webhook mode: POST /webhooks/telegram on the tutor's
// own server, guarded by the secret header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USED_BUTTON_DATA } from '../../../src/channels/telegram/keyboard.js';
import { removeDir, startTestTutor } from '../../helpers/tutor.js';
import { postWebhook, startTelegramTestBed, TelegramTestUser, TOKEN, WEBHOOK_SECRET, type TelegramTestBed } from './helpers.js';
import { walkOnboardingAndLesson } from './journey.js';

let bed: TelegramTestBed;
beforeAll(async () => {
  bed = await startTelegramTestBed('webhook');
});
afterAll(async () => {
  await bed?.close();
  if (bed) await removeDir(bed.tutor.dataDir);
});

describe('Telegram webhook', () => {
  it('registers the webhook at PUBLIC_URL with the secret, and never polls', () => {
    expect(bed.api.callsTo('setWebhook')[0]!.body).toMatchObject({
      url: 'https://hocvuso.example.vn/webhooks/telegram',
      secret_token: WEBHOOK_SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    expect(bed.api.callsTo('getUpdates')).toHaveLength(0);
    expect(bed.channel.health()).toMatchObject({ ok: true, detail: expect.stringContaining('webhook set') });
  });

  it('runs onboarding and the whole sample lesson with its quiz', async () => {
    await walkOnboardingAndLesson(bed, new TelegramTestUser(bed, 3001));
  });

  it.each([
    ['a missing secret', undefined],
    ['a wrong secret', 'not-the-secret-0123456789'],
    ['a secret of the right length but wrong', WEBHOOK_SECRET.replace(/.$/, 'x')],
  ])('refuses %s with 401 and processes nothing', async (_name, secret) => {
    const user = new TelegramTestUser(bed, 3002);
    const before = bed.api.calls.length;
    const response = await postWebhook(bed.tutor.url, { update_id: 990001, ...user.message({ text: 'xin chào' }) }, secret);
    expect(response.status).toBe(401);
    await bed.channel.idle();
    expect(bed.api.calls.length).toBe(before);
    expect(await bed.tutor.store.users.load('telegram:3002')).toBeNull();
  });

  it('acknowledges a button press in the webhook answer, after the turn is saved, with no request of its own', async () => {
    const user = new TelegramTestUser(bed, 3004);
    await user.say('/start');
    const { message, data } = user.findButton('Đồng ý');
    const press: Record<string, any> = { update_id: 990010, ...user.callback(message, data) };
    const before = bed.api.calls.length;
    const response = await postWebhook(bed.tutor.url, press, WEBHOOK_SECRET);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: press.callback_query.id });
    // By the time Telegram has the answer, the turn is committed.
    expect((await bed.tutor.store.users.load('telegram:3004'))!.state.profile.consent).toBe(true);
    await bed.channel.idle();
    expect(bed.api.calls.slice(before).filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(0);

    // A second press of the same (now marked) keyboard gets the short toast, in the answer too.
    const again = await postWebhook(bed.tutor.url, { update_id: 990011, ...user.callback(message, USED_BUTTON_DATA) }, WEBHOOK_SECRET);
    expect(await again.json()).toMatchObject({ method: 'answerCallbackQuery', text: '✅ Đã chọn rồi ạ' });
  });

  it('refuses a body that is not an update with 400', async () => {
    const response = await postWebhook(bed.tutor.url, { hello: 'world' }, WEBHOOK_SECRET);
    expect(response.status).toBe(400);
  });

  it('ignores an update it cannot read without failing the webhook', async () => {
    const response = await postWebhook(bed.tutor.url, { update_id: 990009, message: { text: 'no chat' } }, WEBHOOK_SECRET);
    expect(response.status).toBe(200);
  });

  it('processes a re-delivered update once', async () => {
    const user = new TelegramTestUser(bed, 3003);
    const update = { update_id: 990002, ...user.message({ text: 'xin chào' }) };
    const first = await user.send(update);
    expect(first.texts[0]).toContain('Trợ lý Học Vụ Số');
    const again = await user.send(update);
    expect(again.calls).toHaveLength(0);
  });
});

describe('Telegram webhook failures', () => {
  it('answers 500 when a turn cannot be saved, and processes the re-delivered update, button press included', async () => {
    const user = new TelegramTestUser(bed, 3004);
    await user.say('xin chào');
    const consent = user.findButton('Đồng ý');
    const press = { update_id: 990003, ...user.callback(consent.message, consent.data) };
    const handle = bed.tutor.conversation.handle.bind(bed.tutor.conversation);
    bed.tutor.conversation.handle = async () => {
      throw new Error('store unavailable');
    };
    try {
      expect((await postWebhook(bed.tutor.url, press, WEBHOOK_SECRET)).status).toBe(500);
    } finally {
      bed.tutor.conversation.handle = handle;
    }
    await bed.channel.idle();
    const reply = await user.send(press);
    expect(reply.texts.join('\n')).toContain('nhóm nào');
    expect((await bed.tutor.store.users.load('telegram:3004'))!.state.profile.consent).toBe(true);
  });
});

describe('Telegram configuration', () => {
  it('refuses webhook mode without a secret, naming the variable', async () => {
    await expect(startTestTutor({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook', PUBLIC_URL: 'https://hocvuso.example.vn', TELEGRAM_API_ROOT: 'http://127.0.0.1:9' })).rejects.toThrow(
      /TELEGRAM_WEBHOOK_SECRET: expected a random secret of 16 to 256 characters.*required because TELEGRAM_MODE=webhook/,
    );
  });

  it('refuses a malformed token with what it expects', async () => {
    await expect(startTestTutor({ TELEGRAM_BOT_TOKEN: 'not a token' })).rejects.toThrow(/TELEGRAM_BOT_TOKEN: expected the bot token from @BotFather/);
  });
});

// Photos from content/ (uploaded once, then reused by file_id), long captions,
// missing or refused photos, and callback ids: OutboundBuilder against the fake Bot API.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotApi } from '../../../src/channels/telegram/api.js';
import { CallbackCodec } from '../../../src/channels/telegram/keyboard.js';
import { BUTTONS_ONLY_TEXT, OutboundBuilder } from '../../../src/channels/telegram/outbound.js';
import { createLogger } from '../../../src/log/logger.js';
import { createStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/types.js';
import { removeDir } from '../../helpers/tutor.js';
import { FakeBotApi } from './fake-bot-api.js';
import { TOKEN } from './helpers.js';

let api: FakeBotApi;
let store: Store;
let dir: string;
let builder: OutboundBuilder;

beforeAll(async () => {
  api = await FakeBotApi.start();
  dir = await mkdtemp(path.join(tmpdir(), 'hvs-telegram-'));
  await mkdir(path.join(dir, 'content/images'), { recursive: true });
  await writeFile(path.join(dir, 'content/images/qr.png'), Buffer.alloc(2048, 7));
  await writeFile(path.join(dir, 'secret.png'), 'not for residents');
  store = createStore({ dataDir: dir });
  builder = new OutboundBuilder(new BotApi(TOKEN, api.url), new CallbackCodec(store), store, path.join(dir, 'content'), '123456', createLogger('silent'));
});
afterAll(async () => {
  await store?.close();
  await api?.close();
  await removeDir(dir);
});

async function deliver(chatId: string, messages: Parameters<OutboundBuilder['callsFor']>[1]) {
  const mark = api.calls.length;
  for (const call of await builder.callsFor(chatId, messages)) expect(await call.run()).toEqual({ ok: true });
  return api.calls.slice(mark);
}

describe('OutboundBuilder', () => {
  it('uploads a content photo once with its caption and keyboard, then sends it by file_id', async () => {
    const message = { image: 'images/qr.png', text: 'Bước 1/4: mở ứng dụng ngân hàng', buttons: [{ label: 'Tiếp', payload: 'n:lesson-qr:intro:0' }] };
    const [first] = await deliver('11', [message]);
    expect(first!.method).toBe('sendPhoto');
    expect(first!.body.photo).toEqual({ filename: 'qr.png', size: 2048 });
    expect(first!.body.caption).toBe(message.text);
    expect(first!.body.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Tiếp', callback_data: 'n:lesson-qr:intro:0' }]] });
    const [second] = await deliver('12', [message]);
    expect(second!.body.photo).toBe(`photo-${api.messageIds.get(first!.seq)}`);
  });

  it('uploads again when Telegram no longer knows the cached file_id', async () => {
    api.failNext('sendPhoto', { status: 400, error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    const calls = await deliver('13', [{ image: 'images/qr.png' }]);
    expect(calls.map((c) => typeof c.body.photo)).toEqual(['string', 'object']);
  });

  it('sends a caption longer than Telegram allows as a photo, then the text with the keyboard', async () => {
    const text = 'Đọc kỹ tên người nhận. '.repeat(50);
    const calls = await deliver('14', [{ image: 'images/qr.png', text, buttons: [{ label: 'Tiếp', payload: 'c:menu' }] }]);
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(calls[0]!.body.caption).toBeUndefined();
    expect(calls[1]!.body).toMatchObject({ text, reply_markup: { inline_keyboard: [[{ text: 'Tiếp', callback_data: 'c:menu' }]] } });
  });

  it('sends the text alone when the photo is missing or outside content/', async () => {
    for (const image of ['images/missing.png', '../secret.png']) {
      const calls = await deliver('15', [{ image, text: 'Xem hình minh họa' }]);
      expect(calls.map((c) => [c.method, c.body.text])).toEqual([['sendMessage', 'Xem hình minh họa']]);
    }
  });

  it('falls back to the text when Telegram refuses a photo URL', async () => {
    api.failNext('sendPhoto', { status: 400, error_code: 400, description: 'Bad Request: wrong type of the web page content' });
    const calls = await deliver('16', [{ image: 'https://hocvuso.example.vn/x.png', text: 'Mã QR giả', buttons: [{ label: 'Về menu', payload: 'c:menu' }] }]);
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(calls[1]!.body.reply_markup.inline_keyboard[0][0].text).toBe('Về menu');
  });

  it('gives buttons without text a short line to hang on', async () => {
    const calls = await deliver('17', [{ buttons: [{ label: 'Về menu', payload: 'c:menu' }] }]);
    expect(calls[0]!.body.text).toBe(BUTTONS_ONLY_TEXT);
  });
});

describe('CallbackCodec', () => {
  it('keeps short payloads and maps long ones to an id that survives a restart', async () => {
    const codec = new CallbackCodec(store);
    expect(await codec.encode('n:lesson-qr:step_scan:1')).toBe('n:lesson-qr:step_scan:1');
    const long = `n:${'huong-dan-lam-can-cuoc-'.repeat(3)}:node_with_a_long_name:11`;
    const id = await codec.encode(long);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    expect(await codec.encode(long)).toBe(id);
    expect(await new CallbackCodec(store).decode(id)).toBe(long);
    expect(await codec.decode('#unknown-id')).toBe('#unknown-id');
    // Multi-byte labels count in bytes, not characters.
    const vietnamese = `f:${'ư'.repeat(40)}`;
    expect(Buffer.byteLength(await codec.encode(vietnamese))).toBeLessThanOrEqual(64);
  });

  it('waits for the store only while a long payload is not stored yet', async () => {
    const codec = new CallbackCodec(store);
    expect(codec.encode('n:lesson-qr:step_scan:1')).toBe('n:lesson-qr:step_scan:1');
    const long = `n:${'thu-tuc-dang-ky-tam-tru-'.repeat(3)}:step:2`;
    const first = codec.encode(long);
    expect(first).toBeInstanceOf(Promise);
    const id = await first;
    expect(codec.encode(long)).toBe(id);
    expect(codec.decode(id)).toBe(long);
    expect(await new CallbackCodec(store).decode(id)).toBe(long);
  });
});

// Pictures and voice notes on every channel that carries them, through the
// platforms' fakes at their HTTP boundary serving real bytes: Telegram getFile
// and /file/bot<token>/<path>, a Bot Framework attachment's contentUrl, a Zalo
// Bot API photo link, a zca-js photo message. The picture is an SMS screenshot
// rendered in the test; the reply says what was read, then the verdict.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZaloPersonalChannel } from '../../src/channels/zalo-personal/channel.js';
import { zaloPersonalEnvSchema } from '../../src/channels/zalo-personal/index.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';
import { BotFrameworkClient } from '../channels/botframework/client.js';
import { startFakeConnector, type FakeConnector } from '../channels/botframework/connector.js';
import { startTelegramTestBed, type TelegramTestBed } from '../channels/telegram/helpers.js';
import { FakeBotApi as FakeZaloBotApi, botUpdate } from '../channels/zalo/fake-bot-api.js';
import { FakeZca } from '../channels/zalo/fake-zca.js';
import { FakeOa } from '../channels/zalo-oa/fake-oa.js';
import { attachmentEvent, oaEnv, postEvent, textEvent, textsTo } from '../channels/zalo-oa/helpers.js';
import { closeScreenshots, qrPng, screenshots, startFakeTranscriber, vietQrText, VOICE_BYTES } from './helpers.js';
import { canRenderAndRead } from './helpers.js';

const SMS = 'Điện lực thông báo: quý khách còn nợ tiền điện, sẽ bị cắt điện trong 2 giờ. Thanh toán ngay tại http://evn-thanhtoan.top/hoadon';
let screenshot: Buffer;

beforeAll(async () => {
  if (canRenderAndRead) screenshot = await (await screenshots()).render(SMS);
});
afterAll(closeScreenshots);

const readAndChecked = (replies: string[]) => {
  const all = replies.join('\n');
  expect(all).toMatch(/📷 Mình đọc được trong ảnh: «.*cắt điện/);
  expect(all).toContain('NGUY HIỂM');
};

describe.runIf(canRenderAndRead)('Telegram', () => {
  let bed: TelegramTestBed;
  beforeAll(async () => {
    bed = await startTelegramTestBed('polling');
  });
  afterAll(() => bed.close());

  const chat = { id: 9101, type: 'private', first_name: 'Lan' };
  const from = { id: 9101, is_bot: false, first_name: 'Lan' };
  let messageId = 100;
  const send = (fields: Record<string, unknown>) => bed.deliver({ message: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat, from, ...fields } });
  const repliesSince = (mark: number) =>
    bed.api.calls
      .slice(mark)
      .filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '9101')
      .map((c) => String(c.body.text));

  it('downloads a photo (largest size) through getFile and the file URL, reads it and checks it', async () => {
    await send({ text: 'xin chào' });
    // Telegram recompresses photos as JPEG.
    const jpeg = await (await screenshots()).render(SMS, undefined, { type: 'jpeg', quality: 70 });
    bed.api.addFile('photo-big', jpeg, 'photos/file_7.jpg');
    const mark = bed.api.calls.length;
    await send({
      photo: [
        { file_id: 'photo-small', file_unique_id: 's', width: 90, height: 195 },
        { file_id: 'photo-big', file_unique_id: 'b', width: 1080, height: 2340, file_size: jpeg.length },
      ],
    });
    const calls = bed.api.calls.slice(mark);
    expect(calls.find((c) => c.method === 'getFile')?.body.file_id).toBe('photo-big');
    expect(calls.find((c) => c.method === 'file')?.body.path).toBe('photos/file_7.jpg');
    readAndChecked(repliesSince(mark));
  });

  it('reads a picture sent as a file (PNG document), and a VietQR code in it', async () => {
    bed.api.addFile('doc-qr', await qrPng(vietQrText()), 'documents/file_8.png');
    const mark = bed.api.calls.length;
    await send({ document: { file_id: 'doc-qr', file_unique_id: 'd', file_name: 'ma-qr.png', mime_type: 'image/png' } });
    const replies = repliesSince(mark).join('\n');
    expect(replies).toContain('Vietcombank');
    expect(replies).toContain('TÊN NGƯỜI NHẬN');
  });

  it('without OPENAI_API_KEY a voice note gets a kind "please type or send a picture"', async () => {
    bed.api.addFile('voice-1', VOICE_BYTES, 'voice/file_9.oga');
    const mark = bed.api.calls.length;
    await send({ voice: { file_id: 'voice-1', file_unique_id: 'v', duration: 6, mime_type: 'audio/ogg', file_size: VOICE_BYTES.length } });
    expect(repliesSince(mark).join('\n')).toContain('chưa nghe được tin nhắn thoại');
  });

  it('a file that cannot be fetched falls back to the polite "cannot read this"', async () => {
    const mark = bed.api.calls.length;
    await send({ photo: [{ file_id: 'gone', file_unique_id: 'g', width: 10, height: 10 }] });
    expect(repliesSince(mark).join('\n')).toContain('chưa đọc được');
  });
});

describe.runIf(canRenderAndRead)('Telegram voice notes with OPENAI_API_KEY', () => {
  it('transcribes a voice note at OPENAI_BASE_URL, says what it heard, and the text goes on as if typed', async () => {
    const transcriber = await startFakeTranscriber('Bác ơi con là nhân viên ngân hàng, bác đọc giúp con mã OTP vừa gửi về máy để nhận tiền hoàn nhé');
    const bed = await startTelegramTestBed('polling', { OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: transcriber.url, AI_TIMEOUT_MS: '500' });
    try {
      const chat = { id: 9202, type: 'private', first_name: 'Hoa' };
      const from = { id: 9202, is_bot: false, first_name: 'Hoa' };
      await bed.deliver({ message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat, from, text: 'xin chào' } });
      bed.api.addFile('voice-2', VOICE_BYTES, 'voice/file_10.oga');
      const mark = bed.api.calls.length;
      await bed.deliver({ message: { message_id: 2, date: Math.floor(Date.now() / 1000), chat, from, voice: { file_id: 'voice-2', file_unique_id: 'v2', duration: 8, mime_type: 'audio/ogg' } } });
      const replies = bed.api.calls
        .slice(mark)
        .filter((c) => c.method === 'sendMessage')
        .map((c) => String(c.body.text))
        .join('\n');
      expect(transcriber.requests.some((r) => r.path === '/v1/audio/transcriptions' && r.body.includes(VOICE_BYTES))).toBe(true);
      expect(replies).toMatch(/🎤 Mình nghe được: «Bác ơi con là nhân viên ngân hàng/);
      // The transcript goes on as if typed: the front door answers it (here with the "someone asks for my OTP" steps).
      expect(replies).toMatch(/ngân hàng không bao giờ xin mã OTP/);
    } finally {
      await bed.close();
      await transcriber.close();
    }
  });
});

/** A local server standing in for where a platform keeps attachments. */
async function startFileServer(files: Record<string, { bytes: Buffer; type: string }>): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const file = files[request.url ?? ''];
    response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' }).end(file?.bytes ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.runIf(canRenderAndRead)('Bot Framework (Emulator mode)', () => {
  let tutor: TestTutor;
  let connector: FakeConnector;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  beforeAll(async () => {
    connector = await startFakeConnector();
    files = await startFileServer({ '/v3/attachments/a1/views/original': { bytes: screenshot, type: 'image/png' } });
    tutor = await startTestTutor({ BOTFRAMEWORK_ENABLED: 'true' });
  });
  afterAll(async () => {
    await tutor.close();
    await removeDir(tutor.dataDir);
    await connector.close();
    await files.close();
  });

  it('downloads the attachment at its contentUrl, reads it and checks it', async () => {
    const client = new BotFrameworkClient(tutor.url, connector, { settle: () => tutor.idle() });
    await client.say('xin chào');
    const { status, calls } = await client.exchange({
      type: 'message',
      attachments: [{ contentType: 'image/png', contentUrl: `${files.url}/v3/attachments/a1/views/original`, name: 'tin-nhan.png' }],
    });
    expect(status).toBe(200);
    expect(files.hits).toContain('/v3/attachments/a1/views/original');
    readAndChecked(calls.map((c) => String(c.activity.text ?? '')));
  });
});

describe.runIf(canRenderAndRead)('Zalo Bot API', () => {
  const TOKEN = '1459232241454765289:media-test-token';
  let api: FakeZaloBotApi;
  let tutor: TestTutor;
  beforeAll(async () => {
    api = new FakeZaloBotApi(TOKEN);
    await api.start();
    tutor = await startTestTutor({ ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_API_ROOT: api.url, ZALO_BOT_MODE: 'polling', ZALO_BOT_SEND_INTERVAL_MS: '0', ZALO_BOT_RATE: '100', ZALO_BOT_POLL_TIMEOUT_S: '1' });
  });
  afterAll(async () => {
    await tutor.close();
    await removeDir(tutor.dataDir);
    await api.close();
  });

  const sentTo = (chatId: string) => api.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === chatId).map((c) => String(c.body.text));

  it('downloads the photo of message.image.received, reads it and checks it', async () => {
    api.push(botUpdate('zb-photo', 'xin chào'));
    await vi.waitFor(() => expect(sentTo('zb-photo').length).toBeGreaterThan(0), { timeout: 8000 });
    api.media.set('sms.png', { bytes: screenshot, type: 'image/png' });
    const before = sentTo('zb-photo').length;
    const update = botUpdate('zb-photo', undefined, 'message.image.received');
    (update.message as Record<string, unknown>).photo = `${api.url}/media/sms.png`;
    api.push(update);
    await vi.waitFor(() => expect(sentTo('zb-photo').join('\n')).toContain('NGUY HIỂM'), { timeout: 15_000 });
    readAndChecked(sentTo('zb-photo').slice(before));
    expect(api.calls.some((c) => c.method === 'media' && c.delivered)).toBe(true);
  });
});

describe.runIf(canRenderAndRead)('Zalo personal (zca-js)', () => {
  it('downloads a chat.photo message (its href), reads it and checks it', async () => {
    const tutor = await startTestTutor();
    const files = await startFileServer({ '/jpg/sms.png': { bytes: screenshot, type: 'image/png' } });
    const fake = new FakeZca();
    const env = zaloPersonalEnvSchema.parse({ ZALO_MODE: 'personal', ZALO_SEND_INTERVAL_MS: '0', ZALO_SEND_PER_SECOND: '50', ZALO_RECONNECT_MS: '20' });
    // Built by hand (to name the file server's origin), so the runtime does not deliver its replies: the committed reply is read here.
    const replies: string[] = [];
    const conversation = {
      handle: async (inbound: Parameters<TestTutor['conversation']['handle']>[0]) => {
        const reply = await tutor.conversation.handle(inbound);
        replies.push(...reply.messages.flatMap((m) => (m.text ? [m.text] : [])));
        return reply;
      },
    };
    const context = { core: tutor.config.core, rawEnv: {}, conversation, http: tutor.http, store: tutor.store, content: tutor.content, logger: tutor.logger, metrics: tutor.metrics };
    const channel = new ZaloPersonalChannel(context, {
      env,
      client: fake,
      credentialsFile: path.join(tutor.dataDir, 'zalo', 'credentials.json'),
      qrPath: path.join(tutor.dataDir, 'qr.png'),
      print: () => undefined,
      mediaOrigin: files.url,
    });
    try {
      await channel.start();
      await vi.waitFor(() => expect(channel.health().ok).toBe(true));
      const sentTexts = () => replies;
      fake.api!.listener.emit('message', FakeZca.userMessage('6001', 'zp-1', 'xin chào'));
      await vi.waitFor(() => expect(sentTexts().length).toBeGreaterThan(0));
      const before = replies.length;
      const content = {
        title: '',
        description: '',
        href: `${files.url}/jpg/sms.png`,
        thumb: `${files.url}/thumb.jpg`,
        childnumber: 0,
        action: 'recommened.link',
        params: JSON.stringify({ width: 1080, height: 2340 }),
        type: '',
      };
      fake.api!.listener.emit('message', FakeZca.userMessage('6001', 'zp-2', content, 'chat.photo'));
      await vi.waitFor(() => expect(sentTexts().slice(before).join('\n')).toContain('NGUY HIỂM'), { timeout: 15_000 });
      readAndChecked(sentTexts().slice(before));
      expect(files.hits).toContain('/jpg/sms.png');
    } finally {
      await channel.stop();
      await tutor.close();
      await removeDir(tutor.dataDir);
      await files.close();
    }
  });
});

describe.runIf(canRenderAndRead)('Zalo OA', () => {
  it('downloads the picture of user_send_image, reads it and checks it', async () => {
    const oa = new FakeOa();
    await oa.start();
    const tutor = await startTestTutor(oaEnv(oa, oa.issuePair()));
    try {
      const user = '8800445566';
      expect((await postEvent(tutor.url, textEvent(user, 'xin chào'))).status).toBe(200);
      await vi.waitFor(() => expect(textsTo(oa, user).length).toBeGreaterThan(0), { timeout: 8000 });
      const before = textsTo(oa, user).length;
      oa.media.set('sms.jpg', { bytes: screenshot, type: 'image/png' });
      const event = attachmentEvent(user, 'user_send_image', { type: 'image', payload: { url: `${oa.url}/media/sms.jpg`, thumbnail: `${oa.url}/media/thumb.jpg` } });
      expect((await postEvent(tutor.url, event)).status).toBe(200);
      await vi.waitFor(() => expect(textsTo(oa, user, before).join('\n')).toContain('NGUY HIỂM'), { timeout: 15_000 });
      readAndChecked(textsTo(oa, user, before));
    } finally {
      await tutor.close();
      await removeDir(tutor.dataDir);
      await oa.close();
    }
  });
});

describe.runIf(canRenderAndRead)('Zalo Bot API voice notes with OPENAI_API_KEY', () => {
  it('downloads voice_url of message.voice.received and transcribes it at OPENAI_BASE_URL', async () => {
    const TOKEN = '1459232241454765289:voice-test-token';
    const api = new FakeZaloBotApi(TOKEN);
    await api.start();
    const transcriber = await startFakeTranscriber('Con chào bác, con bên điện lực, nhà bác sắp bị cắt điện, bác chuyển khoản tiền điện gấp cho con nhé');
    const tutor = await startTestTutor({
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_BOT_API_ROOT: api.url,
      ZALO_BOT_MODE: 'polling',
      ZALO_BOT_SEND_INTERVAL_MS: '0',
      ZALO_BOT_RATE: '100',
      ZALO_BOT_POLL_TIMEOUT_S: '1',
      OPENAI_API_KEY: 'sk-test-key-123',
      OPENAI_BASE_URL: transcriber.url,
      AI_TIMEOUT_MS: '500',
    });
    try {
      const sentTo = () => api.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === 'zb-voice').map((c) => String(c.body.text));
      api.push(botUpdate('zb-voice', 'xin chào'));
      await vi.waitFor(() => expect(sentTo().length).toBeGreaterThan(0), { timeout: 8000 });
      api.media.set('voice.m4a', { bytes: VOICE_BYTES, type: 'audio/mp4' });
      const update = botUpdate('zb-voice', undefined, 'message.voice.received');
      (update.message as Record<string, unknown>).voice_url = `${api.url}/media/voice.m4a`;
      const before = sentTo().length;
      api.push(update);
      await vi.waitFor(() => expect(sentTo().slice(before).join('\n')).toContain('Mình nghe được'), { timeout: 15_000 });
      const request = transcriber.requests.find((r) => r.path === '/v1/audio/transcriptions');
      expect(request?.body.includes(VOICE_BYTES)).toBe(true);
      expect(request?.body.toString('latin1')).toContain('voice.m4a');
    } finally {
      await tutor.close();
      await removeDir(tutor.dataDir);
      await api.close();
      await transcriber.close();
    }
  });
});

// The media reader on its own: pictures rendered and QR codes generated in the
// test, the real tesseract, and a fake transcription server at OPENAI_BASE_URL.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/engine/messages.js';
import { newUserState } from '../../src/engine/state.js';
import { readMediaConfig } from '../../src/media/config.js';
import { tesseractEngine } from '../../src/media/ocr.js';
import { createMediaReader } from '../../src/media/reader.js';
import { loadMediaTexts, type MediaTexts } from '../../src/media/texts.js';
import { openAiTranscriber } from '../../src/media/transcribe.js';
import { checkMessage } from '../../src/scam-check/check.js';
import { ROOT } from '../helpers/engine.js';
import { loadRealLibrary } from '../scam/helpers.js';
import { blankPng, capturedLogger, closeScreenshots, qrPng, screenshots, startFakeTranscriber, vietQrText, VOICE_BYTES, type FakeTranscriber } from './helpers.js';
import { canRenderAndRead } from './helpers.js';

const config = readMediaConfig({});
const SMS = '[VCB] Tài khoản của quý khách bị tạm khóa. Xác minh tại https://vietcombank.com.vn@vcb-xacthuc.xyz/login hoặc gọi 0912345678 ngay.';

let texts: MediaTexts;
let transcriber: FakeTranscriber;

beforeAll(async () => {
  texts = await loadMediaTexts(path.join(ROOT, 'content'));
  transcriber = await startFakeTranscriber();
});
afterAll(async () => {
  await closeScreenshots();
  await transcriber.close();
});

function reader(options: { tesseract?: string; voice?: boolean } = {}) {
  const log = capturedLogger();
  const ocr = tesseractEngine({ path: options.tesseract ?? 'tesseract', languages: 'vie+eng', timeoutMs: 30_000 });
  const voice = options.voice ? openAiTranscriber({ apiKey: 'sk-test-key', baseURL: transcriber.url, model: 'whisper-1', timeoutMs: 5000 }) : undefined;
  return { ...createMediaReader({ config, texts, ocr, transcriber: voice, logger: log.logger }), log };
}

const message = (media: InboundMessage['media'], extra: Partial<InboundMessage> = {}): InboundMessage => ({
  channel: 'test',
  userId: 'u1',
  messageId: 'm1',
  at: 0,
  unsupported: media?.kind === 'audio' ? 'voice' : 'image',
  media,
  ...extra,
});
const image = (data: Uint8Array) => ({ kind: 'image' as const, data, mimeType: 'image/png' });

describe.runIf(canRenderAndRead)('media reader: pictures', () => {
  it('reads an SMS screenshot, says what it read (redacted) and lets the text go on to the checker', async () => {
    const { read, log } = reader();
    const png = await (await screenshots()).render(SMS);
    const { inbound, notes } = await read(message(image(png)), null);
    expect(inbound.media).toBeUndefined();
    expect(inbound.unsupported).toBeUndefined();
    expect(inbound.text).toContain('vcb-xacthuc.xyz/login');
    expect(notes[0]!.text).toMatch(/^📷 Mình đọc được trong ảnh: «.*tạm khóa/);
    // The number is in the text the checker reads, masked in the bubble that is saved and shown.
    expect(inbound.text).toMatch(/0912\s?345\s?678/);
    expect(notes[0]!.text).not.toMatch(/0912\s?345\s?678/);
    const { library, domains } = await loadRealLibrary();
    const verdict = checkMessage(inbound.text!, library, domains);
    expect(verdict.level).toBe('nguy-hiem');
    expect(verdict.flags.map((f) => f.code)).toContain('link-userinfo');
    // The log names what was found, never what it said.
    expect(log.lines.join('')).toContain('"found":"text"');
    expect(log.lines.join('')).not.toMatch(/xacthuc|0912|tạm khóa/);
  });

  it('puts a caption before the text read, so "kiểm tra giúp: …" reaches the checker', async () => {
    const { read } = reader();
    const png = await (await screenshots()).render(SMS);
    const { inbound } = await read(message(image(png), { text: 'kiểm tra giúp tin này' }), null);
    expect(inbound.text).toMatch(/^kiểm tra giúp tin này: .*vcb-xacthuc/s);
  });

  it('describes a VietQR payment code: bank, account, amount, and the advice to check the recipient name', async () => {
    const { read } = reader();
    const { inbound, notes } = await read(message(image(await qrPng(vietQrText()))), newUserState(0));
    expect(notes[0]!.text).toContain('Vietcombank');
    expect(notes[0]!.text).toContain('0011001234567');
    expect(notes[0]!.text).toContain('50.000');
    expect(notes[0]!.text).toContain('tien rau');
    expect(notes[1]!.text).toContain('TÊN NGƯỜI NHẬN');
    // Nothing to check as a message: the resident's step (here: the menu) comes next.
    expect(inbound.text).toBeUndefined();
    expect(inbound.payload).toBe('c:menu');
  });

  it('checks the link in a QR code as a link, shown defanged', async () => {
    const { read } = reader();
    const { inbound, notes } = await read(message(image(await qrPng('http://vneid.gov.vn.xacthuc.top/dang-nhap'))), null);
    expect(notes[0]!.text).toContain('vneid[.]gov[.]vn[.]xacthuc[.]top');
    expect(inbound.text).toBe('http://vneid.gov.vn.xacthuc.top/dang-nhap');
  });

  it('describes other QR codes in plain words, without repeating a Wi-Fi password', async () => {
    const { read } = reader();
    const wifi = await read(message(image(await qrPng('WIFI:T:WPA;S:QuanCafe;P:matkhau123;;'))), null);
    expect(wifi.notes[0]!.text).toContain('Wi-Fi');
    expect(wifi.notes[0]!.text).toContain('QuanCafe');
    expect(wifi.notes[0]!.text).not.toContain('matkhau123');
    const phone = await read(message(image(await qrPng('tel:+2348012345678'))), null);
    expect(phone.inbound.text).toBe('+2348012345678');
  });

  it('says kindly when a picture has no text, is not a picture, or is too large', async () => {
    const { read } = reader();
    expect((await read(message(image(blankPng())), null)).notes[0]!.text).toBe(texts.nothingRead.replace('{{Ban}}', 'Bạn'));
    expect((await read(message(image(Buffer.from('GIF89a not really'))), null)).notes[0]!.text).toContain('chưa mở được ảnh');
    const huge = Buffer.alloc(config.MEDIA_MAX_IMAGE_BYTES + 1);
    expect((await read(message(image(huge)), null)).notes[0]!.text).toContain('lớn quá');
  });

  it('without tesseract: still reads QR codes, says kindly it cannot read text, and health says so', async () => {
    const { read, health } = reader({ tesseract: '/nonexistent/tesseract' });
    const png = await (await screenshots()).render(SMS);
    const { inbound, notes } = await read(message(image(png)), null);
    expect(notes[0]!.text).toContain('chưa đọc được chữ trong ảnh');
    expect(inbound.text).toBeUndefined();
    expect((await read(message(image(await qrPng(vietQrText()))), null)).notes[0]!.text).toContain('VietQR');
    const status = await health();
    expect(status.ok).toBe(false);
    expect(status.detail).toContain('/nonexistent/tesseract');
  });
});

describe.runIf(canRenderAndRead)('media reader: voice notes', () => {
  const voice = (durationSeconds = 12) => ({ kind: 'audio' as const, data: VOICE_BYTES, mimeType: 'audio/ogg', durationSeconds });

  it('transcribes through the audio API at OPENAI_BASE_URL and goes on as typed text', async () => {
    const { read } = reader({ voice: true });
    const before = transcriber.requests.length;
    const { inbound, notes } = await read(message(voice()), null);
    const request = transcriber.requests[before]!;
    expect(request.path).toBe('/v1/audio/transcriptions');
    expect(request.authorization).toBe('Bearer sk-test-key');
    expect(request.contentType).toMatch(/multipart\/form-data/);
    expect(request.body.toString('latin1')).toContain('whisper-1');
    expect(request.body.includes(VOICE_BYTES)).toBe(true);
    expect(notes[0]!.text).toMatch(/^🎤 Mình nghe được: «Alo bác ơi/);
    expect(inbound.text).toContain('mã OTP');
  });

  it('refuses voice notes over the limit without calling the server, and asks kindly when it fails', async () => {
    const { read } = reader({ voice: true });
    const before = transcriber.requests.length;
    const long = await read(message(voice(config.VOICE_MAX_SECONDS + 1)), null);
    expect(long.notes[0]!.text).toContain(`${config.VOICE_MAX_SECONDS} giây`);
    expect(transcriber.requests.length).toBe(before);
    transcriber.reply = { status: 500, text: '' };
    try {
      const failed = await read(message(voice()), null);
      expect(failed.notes[0]!.text).toContain('chưa nghe rõ');
      expect(failed.inbound.payload).toBe('c:menu');
    } finally {
      transcriber.reply = { status: 200, text: 'Alo bác ơi' };
    }
  });

  it('without OPENAI_API_KEY asks kindly to type or to send a picture', async () => {
    const { read } = reader();
    const { notes, inbound } = await read(message(voice()), newUserState(0));
    expect(notes[0]!.text).toContain('gõ chữ');
    expect(notes[0]!.text).toContain('gửi ảnh');
    expect(inbound.media).toBeUndefined();
  });
});

describe('cleanOcrText', () => {
  it('joins lines into paragraphs, drops a lone clock, mends links broken by a line end or a stray space', async () => {
    const { cleanOcrText } = await import('../../src/media/ocr.js');
    expect(cleanOcrText('09:38\nTruy cập https://vcb-\nxacthuc.top/login ngay\n\nHôm nay')).toBe('Truy cập https://vcb-xacthuc.top/login ngay\nHôm nay');
    expect(cleanOcrText('Chi tiết tại https://www. vietcombank.com.vn/uu-dai')).toBe('Chi tiết tại https://www.vietcombank.com.vn/uu-dai');
    expect(cleanOcrText('Xem tại https:// dichvucong.gov.vn')).toBe('Xem tại https://dichvucong.gov.vn');
  });
});

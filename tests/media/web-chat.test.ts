// The web chat API with pictures: a base64 data URL of at most 5 MB (PNG or
// JPEG), read in memory and checked; everything else a 400 in plain words with
// nothing stored. /healthz says whether pictures can be read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';
import { closeScreenshots, qrPng, screenshots, vietQrText } from './helpers.js';
import { canRenderAndRead } from './helpers.js';

const dataUrl = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;
const SMS = 'VNeID: tài khoản định danh của bạn sẽ bị khóa trong 24 giờ. Cập nhật ngay tại vneid.gov.vn.xacthuc.top/dong-bo';

let tutor: TestTutor;
beforeAll(async () => {
  tutor = await startTestTutor();
});
afterAll(async () => {
  await closeScreenshots();
  await tutor.close();
  await removeDir(tutor.dataDir);
});

describe.runIf(canRenderAndRead)('web chat: pictures', () => {
  it("reads a screenshot sent as a data URL, says what it read, then the checker's verdict", async () => {
    await tutor.chat({ userId: 'photo-1', text: 'xin chào' });
    const png = await (await screenshots()).render(SMS);
    const { status, body } = await tutor.chat({ userId: 'photo-1', image: dataUrl(png) });
    expect(status).toBe(200);
    const said = texts(body);
    expect(said[0]).toMatch(/^📷 Mình đọc được trong ảnh: «.*VNeID/);
    expect(said.join('\n')).toContain('NGUY HIỂM');
    expect(said.join('\n')).toContain('xacthuc[.]top');
    // Nothing of the picture is kept in the resident's record.
    const record = JSON.stringify(await tutor.store.users.load('web:photo-1'));
    expect(record).not.toContain(png.subarray(0, 64).toString('base64'));
  });

  it('in the "Thanh toán QR" lesson a photo of a payment QR code gets the same reading, then the lesson goes on', async () => {
    await tutor.chat({ userId: 'photo-2', text: 'xin chào' });
    const lesson = await tutor.chat({ userId: 'photo-2', payload: 'f:lesson-qr' });
    const step = texts(lesson.body).join('\n');
    expect(step).toContain('Thanh toán bằng mã QR');
    const { body } = await tutor.chat({ userId: 'photo-2', image: dataUrl(await qrPng(vietQrText('0123456789', '120000'))) });
    const said = texts(body).join('\n');
    expect(said).toContain('Vietcombank');
    expect(said).toContain('0123456789');
    expect(said).toContain('120.000');
    expect(said).toContain('TÊN NGƯỜI NHẬN');
    // The step the resident was at is shown again, with its buttons.
    expect(said).toContain(step.split('\n').pop()!.slice(0, 30));
    expect(labels(body)).toContain('Tiếp');
  });

  it.each([
    ['a GIF', () => dataUrl(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'), 'image/gif'), /PNG hoặc JPEG/],
    ['a PNG label on bytes that are not a picture', () => dataUrl(Buffer.from('not an image at all')), /không phải ảnh PNG hay JPEG/],
    ['broken base64', () => 'data:image/png;base64,@@@@', /base64/],
    ['just over 5 MB', () => dataUrl(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5 * 1024 * 1024)])), /5 MB/],
  ])('answers %s with a 400 in plain words and stores nothing', async (_name, image, error) => {
    const userId = `bad-${Math.random().toString(36).slice(2)}`;
    const { status, body } = await tutor.chat({ userId, image: image() });
    expect(status).toBe(400);
    expect(body.error).toMatch(error);
    expect(await tutor.store.users.load(`web:${userId}`)).toBeNull();
  });

  it('takes a body as large as a 5 MB picture needs, and nothing beyond', async () => {
    const tooBig = dataUrl(Buffer.alloc(6 * 1024 * 1024, 1));
    const { status, body } = await tutor.chat({ userId: 'big', image: tooBig });
    expect(status).toBe(413);
    expect(body.error).toMatch(/quá lớn/);
    // Other routes keep the small limit.
    const inbox = await fetch(`${tutor.url}/api/chat/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'x', pad: 'a'.repeat(300 * 1024) }) });
    expect(inbox.status).toBe(413);
  });

  it('/healthz says pictures can be read; the page gets the official domains', async () => {
    const health = await (await fetch(`${tutor.url}/healthz`)).json();
    expect(health.channels.media).toMatchObject({ ok: true });
    expect(health.channels.media.detail).toContain('vie');
    const official = await (await fetch(`${tutor.url}/official-domains.json`)).json();
    expect(official.domains).toContain('dichvucong.gov.vn');
  });
});

describe.runIf(canRenderAndRead)('web chat without tesseract', () => {
  it('starts, says kindly it cannot read pictures here, and /healthz says so', async () => {
    const bare = await startTestTutor({ TESSERACT_PATH: '/nonexistent/tesseract' });
    try {
      await bare.chat({ userId: 'no-ocr', text: 'xin chào' });
      const png = await (await screenshots()).render(SMS);
      const { status, body } = await bare.chat({ userId: 'no-ocr', image: dataUrl(png) });
      expect(status).toBe(200);
      expect(texts(body)[0]).toContain('chưa đọc được chữ trong ảnh');
      await bare.idle();
      const health = await (await fetch(`${bare.url}/healthz`)).json();
      expect(health.status).toBe('ok');
      expect(health.channels.media.ok).toBe(false);
      expect(health.channels.media.detail).toContain('/nonexistent/tesseract');
    } finally {
      await bare.close();
      await removeDir(bare.dataDir);
    }
  });
});

// Pictures made in the test: SMS screenshots rendered on the fly in Chromium
// (Noto Sans), QR codes generated with qrcode, and a fake OpenAI-compatible
// transcription server (real HTTP on 127.0.0.1, multipart bodies recorded).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { PNG } from 'pngjs';
import { QRPay } from 'vietnam-qr-pay';
import { qrPng, ScreenRenderer } from '../../src/cli/eval-scam-images.js';

export { qrPng, ScreenRenderer };

/** These tests need Chromium (to render) and tesseract with Vietnamese (to read); .ci/run installs both, CI=true insists. */
export const canRenderAndRead = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') && /\bvie\b/.test(spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout ?? '');
if (!canRenderAndRead && process.env.CI === 'true') throw new Error('CI=true but Chromium or tesseract (with tesseract-ocr-vie) is missing: .ci/run installs them');

let renderer: Promise<ScreenRenderer> | undefined;

/** One Chromium for the whole test file; close it in afterAll. */
export function screenshots(): Promise<ScreenRenderer> {
  return (renderer ??= ScreenRenderer.launch());
}

export async function closeScreenshots(): Promise<void> {
  if (renderer) await (await renderer).close();
  renderer = undefined;
}

/** A VietQR code as a shop prints it: Vietcombank (BIN 970436), an account, an amount. */
export function vietQrText(account = '0011001234567', amount = '50000', purpose = 'tien rau'): string {
  return QRPay.initVietQR({ bankBin: '970436', bankNumber: account, amount, purpose }).build();
}

/** A blank white PNG (no text, no QR code). */
export function blankPng(width = 200, height = 120): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return PNG.sync.write(png);
}

/** A logger whose lines the test can read. */
export function capturedLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, destination), lines };
}

export interface FakeTranscriber {
  /** Base URL for OPENAI_BASE_URL (ends in /v1). */
  url: string;
  requests: { path: string; authorization?: string; body: Buffer; contentType: string }[];
  reply: { status: number; text: string };
  close(): Promise<void>;
}

export async function startFakeTranscriber(text = 'Alo bác ơi, con là nhân viên ngân hàng, bác đọc giúp con mã OTP vừa gửi về máy nhé.'): Promise<FakeTranscriber> {
  const fake: FakeTranscriber = { url: '', requests: [], reply: { status: 200, text }, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      fake.requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: Buffer.concat(chunks), contentType: String(request.headers['content-type'] ?? '') });
      const { status, text: said } = fake.reply;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { text: said } : { error: { message: 'fake failure', type: 'server_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

/** A few bytes shaped like an Ogg/Opus voice note (the fake server does not decode audio). */
export const VOICE_BYTES = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(2000, 7)]);

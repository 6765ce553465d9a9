// `npm run eval:scam:images`: the scam eval on pictures instead of text. Each
// eval message is rendered as an SMS screenshot at phone resolution (Chromium
// through playwright-core, Debian's Noto Sans), read back by the media reader's
// OCR (tesseract), and checked; each link also becomes a QR code (qrcode),
// decoded (jsQR) and checked. Prints OCR character accuracy and the checker's
// recall and precision on pictures next to the text figures.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import { chromium, type Browser } from 'playwright-core';
import { readMediaConfig } from '../media/config.js';
import { decodeImage } from '../media/image.js';
import { cleanOcrText, tesseractEngine, type OcrEngine } from '../media/ocr.js';
import { describeQr, findQrCode } from '../media/qr.js';
import { checkMessage } from '../scam-check/check.js';
import { loadEvalSet, type EvalMessage } from '../scam-check/eval.js';
import { loadOfficialDomains, loadScamLibrary } from '../scam-check/library.js';
import type { ScamLibrary } from '../scam-check/library-schema.js';
import { analyseLinks, type OfficialDomain } from '../scam-check/urls.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A phone screen: 360 × 780 CSS pixels at 3× (1080 × 2340), as most Android phones sold in Vietnam. */
const VIEWPORT = { width: 360, height: 780 };
const SCALE = 3;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export type Look = 'screenshot' | 'photo';

// A phone photographed by another phone: tilted, slightly blurred, uneven light, on a dark table.
const PHOTO_STYLE = `html { background: #3a3a38; }
  body { transform: perspective(900px) rotateX(4deg) rotate(-2.5deg) scale(0.9); transform-origin: 50% 40%; filter: blur(0.6px) contrast(0.85) brightness(0.95); }
  body::after { content: ""; position: fixed; inset: 0; background: linear-gradient(115deg, rgba(255,255,255,0.18), rgba(0,0,0,0.12)); pointer-events: none; }`;

/** An SMS app's conversation screen holding one received message. */
export function smsScreenHtml(sender: string, text: string, look: Look = 'screenshot'): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>${look === 'photo' ? PHOTO_STYLE : ''}
  body { margin: 0; font-family: "Noto Sans", sans-serif; background: #fff; color: #1f1f1f; }
  .bar { height: 24px; font-size: 12px; padding: 4px 14px; color: #444; }
  .head { display: flex; align-items: center; gap: 12px; padding: 8px 14px 12px; border-bottom: 1px solid #e4e4e4; }
  .avatar { width: 36px; height: 36px; border-radius: 50%; background: #5b8def; color: #fff; display: flex; align-items: center; justify-content: center; font-size: 17px; }
  .name { font-size: 18px; font-weight: 600; }
  .day { text-align: center; font-size: 12px; color: #777; margin: 14px 0 8px; }
  .bubble { margin: 0 56px 0 12px; background: #eef0f3; border-radius: 18px; padding: 10px 14px; font-size: 16px; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; }
  .time { font-size: 11px; color: #888; margin: 4px 0 0 18px; }
  .input { position: fixed; bottom: 0; left: 0; right: 0; padding: 10px 14px 16px; border-top: 1px solid #e4e4e4; color: #999; font-size: 15px; }
  </style></head><body>
  <div class="bar">9:41 · 4G</div>
  <div class="head"><div class="avatar">${escapeHtml(sender.slice(0, 1).toUpperCase())}</div><div class="name">${escapeHtml(sender)}</div></div>
  <div class="day">Hôm nay</div>
  <div class="bubble">${escapeHtml(text)}</div>
  <div class="time">09:38</div>
  <div class="input">Nhắn tin</div>
  </body></html>`;
}

/** A sender name as an SMS app shows it: the bracketed tag or the first words. */
export function senderOf(text: string): string {
  return /^\s*\[([^\]]{2,20})\]/.exec(text)?.[1] ?? /^([\p{L}\p{N} ]{2,20}):/u.exec(text)?.[1] ?? '+84 9xx xxx xxx';
}

export class ScreenRenderer {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<ScreenRenderer> {
    return new ScreenRenderer(await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }));
  }

  /** A screenshot of the message on an SMS screen: PNG, or JPEG as chat apps recompress photos. */
  async render(text: string, sender = senderOf(text), format: { type: 'png' } | { type: 'jpeg'; quality: number } = { type: 'png' }, look: Look = 'screenshot'): Promise<Buffer> {
    // Chromium now and then fails one capture on a busy machine; a second try succeeds.
    for (let attempt = 1; ; attempt++) {
      const page = await this.browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: SCALE });
      try {
        await page.setContent(smsScreenHtml(sender, text, look));
        return await page.screenshot(format);
      } catch (error) {
        if (attempt >= 3) throw error;
      } finally {
        await page.close();
      }
    }
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** A QR code for a text, as a PNG with a quiet zone (what a phone photographs on a sticker). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', margin: 4, scale: 8, errorCorrectionLevel: 'M' });
}

/**
 * 1 − (edit distance / reference length), on whitespace-normalized NFC text.
 * What the screen shows around the bubble (date, clock, "Nhắn tin") is free at
 * either end of what was read: only the message's own characters count.
 */
export function characterAccuracy(reference: string, read: string): number {
  const a = [...reference.normalize('NFC').replace(/\s+/g, ' ').trim()];
  const b = [...read.normalize('NFC').replace(/\s+/g, ' ').trim()];
  if (a.length === 0) return 1;
  // Row i: reference prefix of length i aligned to read text ending at j; starting anywhere in `read` costs nothing.
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return Math.max(0, 1 - Math.min(...previous) / a.length);
}

interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

const rates = (c: Counts) => ({ precision: c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp), recall: c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn) });

function count(counts: Counts, label: EvalMessage['label'], flagged: boolean): void {
  if (label === 'scam' && flagged) counts.tp++;
  else if (label === 'scam') counts.fn++;
  else if (flagged) counts.fp++;
  else counts.tn++;
}

export interface ImageEvalReport {
  messages: number;
  text: Counts;
  image: Counts;
  accuracy: number;
  qr: { links: number; decoded: number; sameVerdict: number };
  misread: { id: string; accuracy: number; textLevel: string; imageLevel: string }[];
}

export async function evaluateImages(
  messages: EvalMessage[],
  library: ScamLibrary,
  domains: OfficialDomain[],
  ocr: OcrEngine,
  renderer: ScreenRenderer,
  look: Look = 'screenshot',
): Promise<ImageEvalReport> {
  const report: ImageEvalReport = {
    messages: messages.length,
    text: { tp: 0, fp: 0, tn: 0, fn: 0 },
    image: { tp: 0, fp: 0, tn: 0, fn: 0 },
    accuracy: 0,
    qr: { links: 0, decoded: 0, sameVerdict: 0 },
    misread: [],
  };
  let accuracySum = 0;
  for (const message of messages) {
    const textLevel = checkMessage(message.text, library, domains).level;
    const picture = look === 'photo' ? await renderer.render(message.text, undefined, { type: 'jpeg', quality: 60 }, 'photo') : await renderer.render(message.text);
    const read = cleanOcrText(await ocr.read(picture));
    const imageLevel = checkMessage(read, library, domains).level;
    const accuracy = characterAccuracy(message.text, read);
    accuracySum += accuracy;
    count(report.text, message.label, textLevel !== 'chua-thay-dau-hieu');
    count(report.image, message.label, imageLevel !== 'chua-thay-dau-hieu');
    if ((textLevel === 'chua-thay-dau-hieu') !== (imageLevel === 'chua-thay-dau-hieu') || accuracy < 0.9) report.misread.push({ id: message.id, accuracy, textLevel, imageLevel });
    for (const link of analyseLinks(message.text, domains)) {
      report.qr.links++;
      const decoded = findQrCode(decodeImage(await qrPng(link.raw)));
      const content = decoded ? describeQr(decoded) : undefined;
      if (!decoded) continue;
      report.qr.decoded++;
      const againText = content?.kind === 'link' ? content.url : decoded;
      const linkLevel = (s: string) => checkMessage(s, library, domains).level;
      if (linkLevel(againText) === linkLevel(link.raw)) report.qr.sameVerdict++;
    }
  }
  report.accuracy = messages.length ? accuracySum / messages.length : 1;
  return report;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printReport(title: string, r: ImageEvalReport, look: Look): void {
  const text = rates(r.text);
  const image = rates(r.image);
  const what = look === 'photo' ? 'photographed screens (tilted, blurred, uneven light, JPEG 60)' : 'SMS screenshots (PNG 1080×2340)';
  console.log(`\n${title}: ${r.messages} messages as ${what}`);
  console.log(`  OCR character accuracy   ${pct(r.accuracy)}`);
  console.log(`                 text      image`);
  console.log(`  precision      ${pct(text.precision).padEnd(9)} ${pct(image.precision)}`);
  console.log(`  recall         ${pct(text.recall).padEnd(9)} ${pct(image.recall)}`);
  console.log(`  TP/FN/TN/FP    ${`${r.text.tp}/${r.text.fn}/${r.text.tn}/${r.text.fp}`.padEnd(9)} ${r.image.tp}/${r.image.fn}/${r.image.tn}/${r.image.fp}`);
  if (look === 'screenshot') console.log(`  QR codes for the links: ${r.qr.decoded}/${r.qr.links} decoded, ${r.qr.sameVerdict}/${r.qr.links} with the same verdict as the typed link`);
  for (const m of r.misread) console.log(`    ${m.id}: accuracy ${pct(m.accuracy)}, text → ${m.textLevel}, image → ${m.imageLevel}`);
}

async function main(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  const config = readMediaConfig(Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')));
  const ocr = tesseractEngine({ path: config.TESSERACT_PATH, languages: config.OCR_LANGUAGES, timeoutMs: config.OCR_TIMEOUT_MS });
  const status = await ocr.status();
  if (!status.ok) {
    console.error(`Cannot run: ${status.problem}. Install tesseract-ocr and tesseract-ocr-vie (Debian), or set TESSERACT_PATH.`);
    process.exit(1);
  }
  const [loaded, domains] = await Promise.all([loadScamLibrary(root), loadOfficialDomains(root)]);
  if (!loaded.library) throw new Error('scam library has problems: run npm run content:check');
  const renderer = await ScreenRenderer.launch();
  try {
    console.log(`Scam checker on pictures — rules only, no model; OCR ${status.version} (${status.languages}).`);
    for (const [title, file] of [
      ['Labelled set (scam-messages.yaml)', 'scam-messages.yaml'],
      ['Second set (scam-holdout.yaml)', 'scam-holdout.yaml'],
    ] as const) {
      const set = await loadEvalSet(root, path.join(root, 'content', 'eval', file));
      if (set.problems.length) throw new Error(JSON.stringify(set.problems));
      for (const look of ['screenshot', 'photo'] as const) printReport(title, await evaluateImages(set.messages, loaded.library, domains.domains, ocr, renderer, look), look);
    }
  } finally {
    await renderer.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

// The runtime's media reader (ConversationOptions.readMedia): a picture becomes
// the text of its QR code or the words in it, a voice note its transcript, and
// the turn continues as if the resident had typed that text (the front door
// sends a pasted message to the scam checker). What was read is said first
// ("Mình đọc được: …", redacted). A payment QR code or anything that is not a
// message is described in plain words, and the resident's step is shown again.
// Pictures and audio stay in memory; nothing read is logged.
import type { InboundMessage, OutboundMessage } from '../engine/messages.js';
import { payloadFor } from '../engine/payloads.js';
import { activeFrame, type UserState } from '../engine/state.js';
import { fillTemplate } from '../engine/template.js';
import type { Logger } from '../log/logger.js';
import { redact } from '../privacy/redact.js';
import type { MediaReader } from '../runtime/conversation.js';
import { plainFill } from '../scam-check/format.js';
import type { MediaConfig } from './config.js';
import { cleanOcrText, type OcrEngine } from './ocr.js';
import type { QrContent } from './qr.js';
import type { MediaTexts } from './texts.js';
import type { Transcriber } from './transcribe.js';

export interface MediaReaderDeps {
  config: Pick<MediaConfig, 'MEDIA_MAX_IMAGE_BYTES' | 'VOICE_MAX_SECONDS' | 'VOICE_MAX_BYTES'>;
  texts: MediaTexts;
  ocr: OcrEngine;
  /** Without one (no OPENAI_API_KEY) voice notes get a kind "please type". */
  transcriber?: Transcriber;
  logger: Logger;
}

export interface MediaHealth {
  ok: boolean;
  detail: string;
}

/** What was read: bubbles to say first, and the text to continue with (none: show the step again). */
interface Reading {
  notes: string[];
  text?: string;
  /** For the log: what kind of thing was found (never its content). */
  found: string;
}

type Fill = (text: string, params?: Record<string, string>) => string;

const MIN_LETTERS = 3;
/** As much as a typed message may hold (the web chat's limit). */
const MAX_TEXT = 4000;
/** Words from which a QR code's plain text is treated as a message to check. */
const MESSAGE_WORDS = 4;

export function createMediaReader(deps: MediaReaderDeps): { read: MediaReader; health: () => Promise<MediaHealth> } {
  const read: MediaReader = async (inbound, state) => {
    const media = inbound.media;
    if (!media) return { inbound, notes: [] };
    const fill: Fill = state ? (text, params) => fillTemplate(text, state, params) : plainFill;
    const started = performance.now();
    const reading = media.kind === 'image' ? await readImage(deps, media.data, fill) : await readVoice(deps, media, fill);
    deps.logger.info({ media: media.kind, found: reading.found, chars: reading.text?.length ?? 0, ms: Math.round(performance.now() - started) }, 'media read');
    return { inbound: continued(inbound, reading, state), notes: reading.notes.map((text): OutboundMessage => ({ text })) };
  };
  const health = async (): Promise<MediaHealth> => {
    const status = await deps.ocr.status();
    const voice = deps.transcriber ? 'voice notes: transcribed' : 'voice notes: no OPENAI_API_KEY, residents are asked to type';
    if (status.ok) return { ok: true, detail: `pictures: QR codes and ${status.version} (${status.languages}); ${voice}` };
    return { ok: false, detail: `Không đọc được chữ trong ảnh (chỉ đọc mã QR) / pictures: QR codes only, no OCR: ${status.problem}; ${voice}` };
  };
  return { read, health };
}

/** The message without its media, carrying the text read (after a caption, if any) or the step to show again. */
function continued(inbound: InboundMessage, reading: Reading, state: UserState | null): InboundMessage {
  const { media: _media, unsupported: _unsupported, text: caption, payload: _payload, ...rest } = inbound;
  const typed = caption?.trim();
  if (reading.text) return { ...rest, text: (typed ? `${typed}: ${reading.text}` : reading.text).slice(0, MAX_TEXT) };
  if (typed) return { ...rest, text: typed };
  const resumable = state !== null && activeFrame(state) !== undefined;
  return { ...rest, payload: payloadFor.command(resumable ? 'continue' : 'menu') };
}

async function readImage(deps: MediaReaderDeps, data: Uint8Array, fill: Fill): Promise<Reading> {
  const { texts } = deps;
  if (data.byteLength > deps.config.MEDIA_MAX_IMAGE_BYTES) return { notes: [fill(texts.imageTooLarge)], found: 'too-large' };
  // The decoders (pngjs, jpeg-js, jsqr, vietnam-qr-pay) are loaded with the first picture, not at every start-up.
  const [{ decodeImage, ImageError }, { describeQr, findQrCode }] = await Promise.all([import('./image.js'), import('./qr.js')]);
  let pixels;
  try {
    pixels = decodeImage(data);
  } catch (error) {
    const reason = error instanceof ImageError ? error.reason : 'corrupt';
    return { notes: [fill(reason === 'too-large' ? texts.imageTooLarge : texts.badImage)], found: reason };
  }
  const qr = findQrCode(pixels);
  if (qr) return describeQrReading(describeQr(qr), texts, fill);
  const status = await deps.ocr.status();
  if (!status.ok) return { notes: [fill(texts.noOcr)], found: 'no-ocr' };
  let text: string;
  try {
    text = cleanOcrText(await deps.ocr.read(data));
  } catch (error) {
    deps.logger.warn({ err: error }, 'picture could not be read');
    return { notes: [fill(texts.readFailed)], found: 'ocr-failed' };
  }
  if ((text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return { notes: [fill(texts.nothingRead)], found: 'nothing' };
  return { notes: [quoted(texts.read, text, fill)], text, found: 'text' };
}

async function readVoice(deps: MediaReaderDeps, media: NonNullable<InboundMessage['media']>, fill: Fill): Promise<Reading> {
  const { texts, config } = deps;
  if (!deps.transcriber) return { notes: [fill(texts.noVoice)], found: 'no-transcriber' };
  const tooLong = (media.durationSeconds ?? 0) > config.VOICE_MAX_SECONDS;
  if (tooLong || media.data.byteLength > config.VOICE_MAX_BYTES) return { notes: [fill(texts.voiceTooLong, { seconds: String(config.VOICE_MAX_SECONDS) })], found: 'too-long' };
  if (media.data.byteLength === 0) return { notes: [fill(texts.voiceFailed)], found: 'empty' };
  let text: string;
  try {
    text = (await deps.transcriber.transcribe(media.data, media.mimeType)).replace(/\s+/g, ' ').trim();
  } catch (error) {
    deps.logger.warn({ err: error }, 'voice note could not be transcribed');
    return { notes: [fill(texts.voiceFailed)], found: 'transcription-failed' };
  }
  if ((text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return { notes: [fill(texts.voiceFailed)], found: 'nothing' };
  return { notes: [quoted(texts.heard, text, fill)], text, found: 'speech' };
}

function describeQrReading(content: QrContent, texts: MediaTexts, fill: Fill): Reading {
  const qr = texts.qr;
  switch (content.kind) {
    case 'payment': {
      const lines = [fill(qr.payment, { bank: content.bank, account: content.account ?? '—' })];
      if (content.amount) lines.push(fill(qr.amount, { amount: formatAmount(content.amount) }));
      if (content.merchant) lines.push(fill(qr.merchant, { merchant: redact(content.merchant).slice(0, 60) }));
      if (content.purpose) lines.push(fill(qr.purpose, { purpose: redact(content.purpose).slice(0, 80) }));
      return { notes: [lines.join('\n'), fill(qr.paymentAdvice)], found: 'qr-payment' };
    }
    case 'link':
      return { notes: [fill(qr.link, { link: defang(content.url) })], text: content.url, found: 'qr-link' };
    case 'phone':
      return { notes: [fill(qr.phone, { phone: undialable(content.phone) })], text: content.phone, found: 'qr-phone' };
    case 'sms':
      return { notes: [fill(qr.sms, { phone: undialable(content.phone) })], text: [content.body, content.phone].filter(Boolean).join('\n'), found: 'qr-sms' };
    case 'wifi':
      // The network's password is in the code too; it is never repeated.
      return { notes: [fill(qr.wifi, { network: redact(content.network).slice(0, 40) || '—' })], found: 'qr-wifi' };
    case 'text': {
      const message = content.text.split(/\s+/).length >= MESSAGE_WORDS;
      return { notes: [quoted(qr.text, content.text, fill)], ...(message ? { text: content.text } : {}), found: 'qr-text' };
    }
  }
}

/** The template with the text redacted and cut to keep the bubble within 350 characters. */
function quoted(template: string, text: string, fill: Fill): string {
  const room = 350 - fill(template, { text: '' }).length;
  const shown = redact(text).replace(/\s+/g, ' ').trim();
  return fill(template, { text: shown.length > room ? `${shown.slice(0, room - 1).trimEnd()}…` : shown });
}

/** "+234 80…78": enough to recognise, never a number a chat app offers to call. */
function undialable(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.length <= 6 ? digits : `${digits.slice(0, 5)}…${digits.slice(-2)}`;
}

/** "vcb-xacthuc[.]top/login": readable, never tappable in a chat app. */
function defang(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '');
  const cut = bare.length > 80 ? `${bare.slice(0, 79)}…` : bare;
  return cut.replace(/\./g, '[.]');
}

/** "50000" → "50.000". */
function formatAmount(amount: string): string {
  const [whole = amount, fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return fraction && Number(fraction) > 0 ? `${grouped},${fraction}` : grouped;
}

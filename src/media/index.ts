// Pictures and voice notes for the tutor: one call at start-up builds the
// runtime's media reader and its health line; channels use the download and
// inbound helpers to hand media over.
import type { Logger } from '../log/logger.js';
import { readMediaConfig } from './config.js';
import { tesseractEngine } from './ocr.js';
import { createMediaReader, type MediaHealth } from './reader.js';
import { loadMediaTexts } from './texts.js';
import { openAiTranscriber } from './transcribe.js';
import type { MediaReader } from '../runtime/conversation.js';

export { mediaEnvSchema, readMediaConfig, type MediaConfig } from './config.js';
export { createMediaReader, type MediaHealth } from './reader.js';
export { downloadMedia, MediaDownloadError } from './download.js';
export { withMedia } from './inbound.js';

const TRANSCRIBE_TIMEOUT_MS = 30_000;

export interface MediaReaderHandle {
  read: MediaReader;
  /** The last known state, for /healthz (checked in the background at start-up). */
  health(): MediaHealth;
}

export async function buildMediaReader(options: { rawEnv: Record<string, string>; contentDir: string; logger: Logger }): Promise<MediaReaderHandle> {
  const config = readMediaConfig(options.rawEnv);
  const ocr = tesseractEngine({ path: config.TESSERACT_PATH, languages: config.OCR_LANGUAGES, timeoutMs: config.OCR_TIMEOUT_MS });
  const transcriber = config.OPENAI_API_KEY
    ? openAiTranscriber({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.TRANSCRIBE_MODEL, timeoutMs: TRANSCRIBE_TIMEOUT_MS })
    : undefined;
  const reader = createMediaReader({ config, texts: await loadMediaTexts(options.contentDir), ocr, transcriber, logger: options.logger });
  let current: MediaHealth = { ok: false, detail: 'checking for tesseract' };
  void reader.health().then((health) => {
    current = health;
    if (!health.ok) options.logger.warn({ detail: health.detail }, 'pictures are read for QR codes only: install tesseract-ocr and tesseract-ocr-vie (or set TESSERACT_PATH)');
  });
  return { read: reader.read, health: () => current };
}

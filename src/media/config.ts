// Settings of the media reader (pictures and voice notes), from the environment.
// The AI key and server are the Q&A's (OPENAI_API_KEY, OPENAI_BASE_URL).
import { z } from 'zod';
import { positiveInt } from '../config/index.js';
import { aiEnvSchema } from '../ai/config.js';

export const mediaEnvSchema = z.object({
  TESSERACT_PATH: z.string().min(1).default('tesseract').describe('the tesseract program (a name on PATH or a full path); without it pictures are read only for QR codes'),
  OCR_LANGUAGES: z
    .string()
    .regex(/^[a-z_]+(\+[a-z_]+)*$/, 'languages joined by "+", e.g. vie+eng')
    .default('vie+eng')
    .describe('Tesseract languages, joined by "+" (Debian packages tesseract-ocr-vie, tesseract-ocr-eng)'),
  OCR_TIMEOUT_MS: positiveInt(20_000).describe('milliseconds one picture may take to read before the tutor gives up on it (a whole number)'),
  MEDIA_MAX_IMAGE_BYTES: positiveInt(10 * 1024 * 1024).describe('largest picture, in bytes, the tutor downloads and reads (a whole number)'),
  VOICE_MAX_SECONDS: positiveInt(120).describe('longest voice note, in seconds, the tutor transcribes (a whole number)'),
  VOICE_MAX_BYTES: positiveInt(10 * 1024 * 1024).describe('largest voice note, in bytes, the tutor transcribes (a whole number)'),
  TRANSCRIBE_MODEL: z.string().min(1).default('whisper-1').describe('the speech-to-text model of the OpenAI-compatible server, e.g. whisper-1 or gpt-4o-mini-transcribe'),
});

export type MediaConfig = z.output<typeof mediaEnvSchema> & Pick<z.output<typeof aiEnvSchema>, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>;

/** From the validated environment (start-up checked it with the other modules' shapes). */
export function readMediaConfig(rawEnv: Record<string, string>): MediaConfig {
  const ai = aiEnvSchema.pick({ OPENAI_API_KEY: true, OPENAI_BASE_URL: true }).parse(rawEnv);
  return { ...mediaEnvSchema.parse(rawEnv), ...ai };
}

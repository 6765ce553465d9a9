// Voice notes to text through the audio transcription API of an
// OpenAI-compatible server (OPENAI_BASE_URL). The audio goes from memory to the
// request and nowhere else; a slow or failing server makes the reader ask the
// resident to type instead.
import { lazyOpenAiClient, openAiSdk } from '../ai/openai-client.js';

export interface Transcriber {
  transcribe(audio: Uint8Array, mimeType: string): Promise<string>;
}

export interface TranscriberOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

const EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/webm': 'webm',
  'audio/amr': 'amr',
};

export function openAiTranscriber(options: TranscriberOptions): Transcriber {
  const client = lazyOpenAiClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs: options.timeoutMs });
  return {
    async transcribe(audio, mimeType) {
      const type = mimeType.split(';')[0]!.trim().toLowerCase();
      const { toFile } = await openAiSdk();
      const file = await toFile(Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength), `voice.${EXTENSIONS[type] ?? 'ogg'}`, { type });
      const openai = await client();
      const result = await openai.audio.transcriptions.create(
        { file, model: options.model, language: 'vi', response_format: 'json' },
        { signal: AbortSignal.timeout(options.timeoutMs), maxRetries: 0 },
      );
      return result.text.trim();
    },
  };
}

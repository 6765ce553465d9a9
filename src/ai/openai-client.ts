// The OpenAI SDK, loaded with the first model call rather than at start-up:
// importing it costs about 0.15 s of CPU, and a tutor without OPENAI_API_KEY
// never needs it. Every model call (Q&A, classifier, scam opinion, voice
// notes) gets its client here. No SDK retries: a retry after a timeout would
// blow the time the resident waits.
import type OpenAI from 'openai';
import type * as OpenAiModule from 'openai';

export type OpenAiSdk = typeof OpenAiModule;

let sdk: Promise<OpenAiSdk> | undefined;

export function openAiSdk(): Promise<OpenAiSdk> {
  return (sdk ??= import('openai'));
}

export interface ClientSettings {
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
}

/** A client made on first use (and then kept). */
export function lazyOpenAiClient(settings: ClientSettings): () => Promise<OpenAI> {
  let client: Promise<OpenAI> | undefined;
  return () => (client ??= openAiSdk().then(({ default: OpenAIClient }) => new OpenAIClient({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs, maxRetries: 0 })));
}

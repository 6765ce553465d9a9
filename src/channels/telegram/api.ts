// The Bot API client with a timeout on every call (telegraf's own is eight
// minutes, long enough to stall a chat's queue). Calls without a file go out as
// plain JSON (JsonCall); uploads and file links use telegraf's Telegram.
import http from 'node:http';
import { Telegram } from 'telegraf';
import type { Opts, Telegram as Methods } from 'telegraf/types';
import type { AttemptResult } from '../shared/paced-sender.js';
import { classifyTelegramError } from './errors.js';
import { JsonCall } from './json-call.js';

const CALL_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;
const ATTEMPT_OK: AttemptResult = Object.freeze({ ok: true });

export type Result<M extends keyof Methods> = ReturnType<Methods[M]>;

export class BotApi {
  readonly client: Telegram;
  private readonly json: JsonCall;

  constructor(token: string, apiRoot: string) {
    // webhookReply off: every call is a real request whose result and errors we see.
    // telegraf keeps connections alive only for https; a self-hosted Bot API server on plain http deserves it too.
    const agent = apiRoot.startsWith('http://') ? new http.Agent({ keepAlive: true, maxSockets: 256 }) : undefined;
    this.client = new Telegram(token, { apiRoot, webhookReply: false, ...(agent ? { agent } : {}) });
    this.json = new JsonCall(token, apiRoot);
  }

  /** One call; throws TelegramError or a network error (AbortError on timeout or stop). */
  call<M extends keyof Methods>(method: M, payload: Opts<M>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Result<M>> {
    if (!hasUpload(payload)) return this.json.post(method, payload, options.timeoutMs ?? CALL_TIMEOUT_MS, options.signal) as Promise<Result<M>>;
    return this.upload(method, payload, options);
  }

  private async upload<M extends keyof Methods>(method: M, payload: Opts<M>, options: { timeoutMs?: number; signal?: AbortSignal }): Promise<Result<M>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? UPLOAD_TIMEOUT_MS);
    const stop = () => controller.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      // telegraf types its signal with the abort-controller polyfill; node-fetch accepts the native one.
      return await this.client.callApi(method, payload, { signal: controller.signal as never });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
    }
  }

  /** Closes the kept-alive connections (shutdown). */
  close(): void {
    this.json.close();
  }

  /** One call classified for the PacedSender. */
  attempt<M extends keyof Methods>(method: M, payload: Opts<M>): Promise<AttemptResult> {
    // Not async: every Bot API call passes here, and an async wrapper costs a promise and two ticks more.
    return this.call(method, payload).then(
      () => ATTEMPT_OK,
      (error: unknown) => classifyTelegramError(error, method),
    );
  }
}

function hasUpload(payload: object): boolean {
  for (const value of Object.values(payload)) if (typeof value === 'object' && value !== null && 'source' in value) return true;
  return false;
}

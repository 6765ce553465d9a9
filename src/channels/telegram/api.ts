// The Bot API client (telegraf's Telegram) with a timeout on every call:
// telegraf's own is eight minutes, long enough to stall a chat's queue.
import http from 'node:http';
import { Telegram } from 'telegraf';
import type { Opts, Telegram as Methods } from 'telegraf/types';
import type { AttemptResult } from '../shared/paced-sender.js';
import { classifyTelegramError } from './errors.js';

const CALL_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;

export type Result<M extends keyof Methods> = ReturnType<Methods[M]>;

export class BotApi {
  readonly client: Telegram;

  constructor(token: string, apiRoot: string) {
    // webhookReply off: every call is a real request whose result and errors we see.
    // telegraf keeps connections alive only for https; a self-hosted Bot API server on plain http deserves it too.
    const agent = apiRoot.startsWith('http://') ? new http.Agent({ keepAlive: true, maxSockets: 256 }) : undefined;
    this.client = new Telegram(token, { apiRoot, webhookReply: false, ...(agent ? { agent } : {}) });
  }

  /** One call; throws TelegramError or a network error (AbortError on timeout or stop). */
  async call<M extends keyof Methods>(method: M, payload: Opts<M>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Result<M>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? (hasUpload(payload) ? UPLOAD_TIMEOUT_MS : CALL_TIMEOUT_MS));
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

  /** One call classified for the PacedSender. */
  async attempt<M extends keyof Methods>(method: M, payload: Opts<M>): Promise<AttemptResult> {
    try {
      await this.call(method, payload);
      return { ok: true };
    } catch (error) {
      return classifyTelegramError(error, method);
    }
  }
}

function hasUpload(payload: object): boolean {
  return Object.values(payload).some((value) => typeof value === 'object' && value !== null && 'source' in value);
}

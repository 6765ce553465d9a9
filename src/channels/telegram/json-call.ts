// Bot API calls without files, posted as JSON through undici (the HTTP client
// inside Node's own fetch) on a pool of kept-alive connections. telegraf's
// client goes through node-fetch (headers objects, body streams, an abort
// polyfill), which cost more CPU per call than the rest of a turn together;
// node's http.request cost twice undici's pool per call on loopback (about
// 100 µs against 50 µs). Calls that upload a file still use telegraf.
import { errors, Pool } from 'undici';
import { TelegramError } from 'telegraf';

/** Telegram's answer envelope (https://core.telegram.org/bots/api#making-requests). */
interface Envelope {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

const CONNECTIONS = 256;
const HEADERS = { 'content-type': 'application/json' };

export class JsonCall {
  private readonly pool: Pool;
  private readonly pathPrefix: string;

  constructor(token: string, apiRoot: string) {
    const root = new URL(apiRoot);
    this.pool = new Pool(root.origin, { connections: CONNECTIONS });
    this.pathPrefix = `${root.pathname.replace(/\/$/, '')}/bot${token}/`;
  }

  /** Resolves with `result`; rejects with TelegramError (API answered not ok), a TimeoutError, an AbortError or a network error. */
  async post(method: string, payload: object, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    // null and undefined fields are left out, as telegraf does.
    const body = JSON.stringify(payload, (_key, value: unknown) => (value === null ? undefined : value));
    try {
      const response = await this.pool.request({ path: this.pathPrefix + method, method: 'POST', headers: HEADERS, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal });
      return openEnvelope(response.statusCode, await response.body.text(), method, payload);
    } catch (error) {
      if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) throw Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: 'TimeoutError' });
      throw error;
    }
  }

  close(): void {
    void this.pool.close().catch(() => undefined);
  }
}

function openEnvelope(status: number, text: string, method: string, payload: object): unknown {
  let envelope: Envelope | undefined;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    // A proxy's HTML error page, say: judged by its status like any 5xx.
  }
  if (envelope?.ok) return envelope.result;
  const failure = {
    error_code: envelope?.error_code ?? status,
    description: envelope?.description ?? `unreadable answer (HTTP ${status})`,
    ...(envelope?.parameters ? { parameters: envelope.parameters } : {}),
  };
  throw new TelegramError(failure, { method, payload } as never);
}

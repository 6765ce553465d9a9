// Bot API calls without files, posted as JSON straight over node's http(s)
// client on kept-alive connections. telegraf's client goes through node-fetch
// (headers objects, body streams, an abort polyfill), which cost more CPU per
// call than the rest of a turn together; calls that upload a file still use it.
import http from 'node:http';
import https from 'node:https';
import { TelegramError } from 'telegraf';

/** Telegram's answer envelope (https://core.telegram.org/bots/api#making-requests). */
interface Envelope {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export class JsonCall {
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number | undefined;
  private readonly pathPrefix: string;

  constructor(token: string, apiRoot: string) {
    const root = new URL(apiRoot);
    const secure = root.protocol === 'https:';
    this.client = secure ? https : http;
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 256 });
    this.host = root.hostname;
    this.port = root.port ? Number(root.port) : undefined;
    this.pathPrefix = `${root.pathname.replace(/\/$/, '')}/bot${token}/`;
  }

  /** Resolves with `result`; rejects with TelegramError (API answered not ok) or a network error. */
  post(method: string, payload: object, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    // null and undefined fields are left out, as telegraf does.
    const body = JSON.stringify(payload, (_key, value: unknown) => (value === null ? undefined : value));
    return new Promise((resolve, reject) => {
      const request = this.client.request(
        {
          host: this.host,
          port: this.port,
          path: this.pathPrefix + method,
          method: 'POST',
          agent: this.agent,
          timeout: timeoutMs,
          signal,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', reject);
          response.once('end', () => {
            try {
              resolve(openEnvelope(response, Buffer.concat(chunks), method, payload));
            } catch (error) {
              reject(error as Error);
            }
          });
        },
      );
      request.once('timeout', () => request.destroy(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: 'TimeoutError' })));
      request.once('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function openEnvelope(response: http.IncomingMessage, body: Buffer, method: string, payload: object): unknown {
  const status = response.statusCode ?? 0;
  let envelope: Envelope | undefined;
  try {
    envelope = JSON.parse(body.toString('utf8')) as Envelope;
  } catch {
    // A proxy's HTML error page, say: judged by its status like any 5xx.
  }
  if (envelope?.ok) return envelope.result;
  const failure = {
    error_code: envelope?.error_code ?? status,
    description: envelope?.description ?? (response.statusMessage || 'unreadable answer'),
    ...(envelope?.parameters ? { parameters: envelope.parameters } : {}),
  };
  throw new TelegramError(failure, { method, payload } as never);
}

// A local stand-in for the Zalo Bot API on 127.0.0.1: records every call,
// serves getUpdates as a long poll over queued updates, and answers the next
// calls of a method with scripted failures.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  body: Record<string, any>;
  at: number;
  /** False when a scripted failure answered it. */
  delivered: boolean;
}

interface Scripted {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class FakeBotApi {
  readonly calls: Call[] = [];
  private readonly updates: unknown[] = [];
  private readonly failures = new Map<string, Scripted[]>();
  private waiting: (() => void)[] = [];
  /** Pictures and voice notes residents sent, served at <url>/media/<name> with real bytes. */
  readonly media = new Map<string, { bytes: Buffer; type: string }>();
  private server: Server | undefined;
  url = '';

  constructor(readonly token: string) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const file = /^\/media\/(.+)$/.exec(request.url ?? '')?.[1];
      if (file !== undefined) {
        const entry = this.media.get(decodeURIComponent(file));
        this.calls.push({ method: 'media', body: { file }, at: Date.now(), delivered: Boolean(entry) });
        response.writeHead(entry ? 200 : 404, { 'content-type': entry?.type ?? 'text/plain' }).end(entry?.bytes ?? 'not found');
        return;
      }
      void this.answer(request).then(({ status, body, headers }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Queues an update for getUpdates. */
  push(update: unknown): void {
    this.updates.push(update);
    for (const wake of this.waiting.splice(0)) wake();
  }

  failNext(method: string, failure: Scripted): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  callsOf(method: string, chatId?: string): Call[] {
    return this.calls.filter((c) => c.method === method && (chatId === undefined || c.body.chat_id === chatId));
  }

  private async answer(request: IncomingMessage): Promise<Scripted> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const match = /^\/bot(.+)\/(\w+)$/.exec(request.url ?? '');
    if (!match || match[1] !== this.token) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    const method = match[2]!;
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const failure = this.failures.get(method)?.shift();
    this.calls.push({ method, body, at: Date.now(), delivered: !failure });
    if (failure) return failure;
    if (method === 'getUpdates') return this.longPoll(Number(body.timeout ?? 30));
    if (method === 'sendMessage' || method === 'sendPhoto') return { status: 200, body: { ok: true, result: { message_id: `m${this.calls.length}`, date: Date.now() } } };
    if (method === 'getMe') return { status: 200, body: { ok: true, result: { id: '1459232241454765289', account_name: 'bot.HocVuSo', account_type: 'BASIC', can_join_groups: false } } };
    return { status: 200, body: { ok: true, result: method === 'setWebhook' ? { url: body.url, updated_at: Date.now() } : true } };
  }

  private async longPoll(seconds: number): Promise<Scripted> {
    if (this.updates.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        this.waiting.push(() => (clearTimeout(timer), resolve()));
      });
    }
    const update = this.updates.shift();
    if (update === undefined) return { status: 200, body: { ok: false, error_code: 408, description: 'Request timeout' } };
    return { status: 200, body: { ok: true, result: update } };
  }
}

let sequence = 0;

/** An update as the Zalo Bot API sends it. */
export function botUpdate(chatId: string, text: string | undefined, event = 'message.text.received', messageId = `zb${++sequence}`): Record<string, unknown> {
  return {
    event_name: event,
    message: {
      message_id: messageId,
      date: Date.now(),
      chat: { id: chatId, chat_type: 'PRIVATE' },
      from: { id: chatId, display_name: 'Bác Minh', is_bot: false },
      ...(text === undefined ? {} : { text }),
    },
  };
}

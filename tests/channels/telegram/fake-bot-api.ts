// A fake Telegram Bot API server for tests: real HTTP on 127.0.0.1, the same
// URL scheme (/bot<token>/<method>), JSON and multipart bodies. It records
// every call, serves queued updates to getUpdates (long polling), and can be
// told to fail the next calls of a method (429, 403, 5xx).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, any>;
  at: number;
  /** Index in the call log. */
  seq: number;
}

export interface InjectedFailure {
  /** 0 drops the connection without an answer. */
  status: number;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export const BOT = { id: 7000001, is_bot: true, first_name: 'Học Vụ Số', username: 'hocvuso_test_bot' };

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** message_id given to each successful send, by its index in `calls`. */
  readonly messageIds = new Map<number, number>();
  /** The offset of the latest getUpdates: every update below it is confirmed. */
  confirmedBelow = 0;
  private updates: Record<string, any>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 5000;
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly waiting = new Set<() => void>();
  /** Files served by getFile and /file/bot<token>/<file_path> (real bytes: pictures, voice notes). */
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  private server!: Server;
  url = '';

  static async start(): Promise<FakeBotApi> {
    const api = new FakeBotApi();
    api.server = createServer((request, response) => void api.handle(request, response));
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    return api;
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  queueUpdate(update: Record<string, any>): Record<string, any> {
    const full = { update_id: update.update_id ?? this.nextUpdateId++, ...update };
    this.updates.push(full);
    for (const wake of this.waiting) wake();
    return full;
  }

  /** A file a resident sent, for getFile and its download. */
  addFile(fileId: string, bytes: Buffer, path = `photos/${fileId}.jpg`): void {
    this.files.set(fileId, { path, bytes });
  }

  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  /** The next `times` calls of `method` fail with this answer. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
  }

  callsTo(method: string, chatId?: number | string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && (chatId === undefined || String(call.body.chat_id) === String(chatId)));
  }

  async waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(request.url ?? '');
    if (download) return this.serveFile(download[2]!, response);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    const raw = await readBody(request);
    if (!match) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2]!;
    const body = parseBody(request.headers['content-type'] ?? '', raw);
    const seq = this.calls.length;
    this.calls.push({ method, body, at: Date.now(), seq });
    const failure = this.failures.get(method)?.shift();
    if (failure?.status === 0) {
      request.socket.destroy(); // a network failure: the connection drops without an answer
      return;
    }
    if (failure) {
      const { status, ...answer } = failure;
      return send(response, status, { ok: false, ...answer });
    }
    if (method === 'getUpdates') return this.getUpdates(body, response);
    const result = this.resultOf(method, body);
    if (typeof result === 'object' && 'message_id' in result) this.messageIds.set(seq, result.message_id);
    send(response, 200, { ok: true, result });
  }

  private serveFile(path: string, response: ServerResponse): void {
    const file = [...this.files.values()].find((entry) => entry.path === decodeURIComponent(path));
    this.calls.push({ method: 'file', body: { path }, at: Date.now(), seq: this.calls.length });
    if (!file) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
  }

  private async getUpdates(body: Record<string, any>, response: ServerResponse): Promise<void> {
    const offset = Number(body.offset ?? 0);
    this.confirmedBelow = Math.max(this.confirmedBelow, offset);
    this.updates = this.updates.filter((update) => update.update_id >= offset);
    if (this.updates.length === 0) {
      // Long poll, kept short so tests stay quick; woken at once by a queued update.
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(Number(body.timeout ?? 0), 0.3) * 1000);
        this.waiting.add(wake);
      });
    }
    if (!response.destroyed) send(response, 200, { ok: true, result: this.updates.slice(0, Number(body.limit ?? 100)) });
  }

  private resultOf(method: string, body: Record<string, any>): any {
    const chat = { id: Number(body.chat_id), type: Number(body.chat_id) < 0 ? 'group' : 'private' };
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: BOT };
    switch (method) {
      case 'getMe':
        return BOT;
      case 'getFile': {
        const file = this.files.get(String(body.file_id));
        return file ? { file_id: body.file_id, file_unique_id: `u-${body.file_id}`, file_size: file.bytes.length, file_path: file.path } : { file_id: body.file_id, file_unique_id: 'missing' };
      }
      case 'sendMessage':
        return { ...message, text: body.text, ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}) };
      case 'sendPhoto':
        return {
          ...message,
          photo: [
            { file_id: `small-${message.message_id}`, file_unique_id: 's', width: 90, height: 90 },
            { file_id: `photo-${message.message_id}`, file_unique_id: 'p', width: 800, height: 800 },
          ],
          ...(body.caption ? { caption: body.caption } : {}),
        };
      default:
        return true;
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** JSON, or multipart with text fields as values (JSON fields parsed) and files as { filename, size }. */
function parseBody(contentType: string, raw: Buffer): Record<string, any> {
  if (raw.length === 0) return {};
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return JSON.parse(raw.toString('utf8')) as Record<string, any>;
  const fields: Record<string, any> = {};
  for (const part of raw.toString('latin1').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const value = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ''), 'latin1');
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    if (!name) continue;
    const filename = /filename="([^"]+)"/.exec(headers)?.[1];
    if (filename) fields[name] = { filename, size: value.length };
    else fields[name] = tryJson(value.toString('utf8'));
  }
  return fields;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// A fake Telegram Bot API on 127.0.0.1 for benchmarks and crash tests: the real
// URL scheme (/bot<token>/<method>), JSON and multipart bodies, webhook
// delivery of updates with the secret header. It records every call and every
// message it accepted, and a test can hold a call unanswered (the bot then
// waits, as it would for a slow Telegram) to kill the bot at that moment.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotCall {
  method: string;
  params: Record<string, any>;
  chatId?: string;
  at: number;
}

/** A message the fake accepted (answered 200): what the resident sees. */
export interface AcceptedMessage extends BotCall {
  messageId: number;
  text: string;
  /** Inline keyboard buttons, row by row flattened. */
  buttons: { text: string; callback_data?: string }[];
  /** Which bot process sent it (see `epoch`). */
  epoch: number;
}

export interface HeldCall {
  call: BotCall;
  /** Answers the held call normally (it becomes accepted). */
  release(): void;
}

/** Methods that put a message in the chat. Edits change an existing one and are not counted as bubbles. */
export const BUBBLE_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendVideo', 'sendAudio', 'sendVoice', 'sendAnimation', 'sendLocation', 'copyMessage']);

export const FAKE_BOT = { id: 7000001, is_bot: true, first_name: 'Học Vụ Số', username: 'hocvuso_fake_bot' };

export class FakeTelegram {
  url = '';
  webhook?: { url: string; secret?: string };
  readonly calls: BotCall[] = [];
  readonly accepted: AcceptedMessage[] = [];
  /** Incremented by the test each time it starts a new bot process; stamped on accepted messages. */
  epoch = 1;
  private server!: Server;
  private nextMessageId = 1000;
  private nextUpdateId = 1;
  private readonly listeners = new Set<(message: AcceptedMessage) => void>();
  private holds: { matches: (call: BotCall) => boolean; resolve: (held: HeldCall) => void }[] = [];

  static async start(): Promise<FakeTelegram> {
    const fake = new FakeTelegram();
    fake.server = createServer((request, response) => void fake.handle(request, response));
    fake.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  onAccepted(listener: (message: AcceptedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next call matching `matches` is held unanswered; resolves when it arrives. */
  holdNext(matches: (call: BotCall) => boolean): Promise<HeldCall> {
    return new Promise((resolve) => this.holds.push({ matches, resolve }));
  }

  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  /** Posts an update to the registered webhook as Telegram does; status 0 when the bot could not be reached or died. */
  async postUpdate(update: Record<string, any>): Promise<{ status: number; error?: string }> {
    if (!this.webhook) throw new Error('no webhook registered yet');
    try {
      const response = await fetch(this.webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.webhook.secret ? { 'x-telegram-bot-api-secret-token': this.webhook.secret } : {}) },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      return { status: 0, error: String((error as Error).cause ?? error) };
    }
  }

  acceptedFor(chatId: number | string): AcceptedMessage[] {
    return this.accepted.filter((message) => message.chatId === String(chatId));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2]!;
    const params = parseBody(request.headers['content-type'] ?? '', raw);
    if (typeof params.reply_markup === 'string') params.reply_markup = tryJson(params.reply_markup);
    const call: BotCall = { method, params, at: performance.now(), ...(params.chat_id !== undefined ? { chatId: String(params.chat_id) } : {}) };
    this.calls.push(call);
    const hold = this.holds.find((h) => h.matches(call));
    if (hold) {
      this.holds = this.holds.filter((h) => h !== hold);
      hold.resolve({ call, release: () => this.answer(call, response) });
      return;
    }
    this.answer(call, response);
  }

  private answer(call: BotCall, response: ServerResponse): void {
    if (response.destroyed) return;
    const { method, params } = call;
    switch (method) {
      case 'getMe':
        return send(response, 200, { ok: true, result: FAKE_BOT });
      case 'setWebhook':
        this.webhook = { url: String(params.url), ...(params.secret_token ? { secret: String(params.secret_token) } : {}) };
        return send(response, 200, { ok: true, result: true });
      case 'deleteWebhook':
        this.webhook = undefined;
        return send(response, 200, { ok: true, result: true });
      case 'getWebhookInfo':
        return send(response, 200, { ok: true, result: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 } });
    }
    if (!BUBBLE_METHODS.has(method)) return send(response, 200, { ok: true, result: true });
    const message = this.accept(call);
    const chat = { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'group' : 'private' };
    send(response, 200, {
      ok: true,
      result: {
        message_id: message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: FAKE_BOT,
        ...(params.text ? { text: params.text } : {}),
        ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
      },
    });
  }

  private accept(call: BotCall): AcceptedMessage {
    const markup = call.params.reply_markup;
    const buttons = Array.isArray(markup?.inline_keyboard) ? (markup.inline_keyboard as { text: string; callback_data?: string }[][]).flat() : [];
    const message: AcceptedMessage = { ...call, messageId: this.nextMessageId++, text: String(call.params.text ?? call.params.caption ?? ''), buttons, epoch: this.epoch };
    this.accepted.push(message);
    for (const listener of this.listeners) listener(message);
    return message;
  }
}

/** Updates the way the Telegram app produces them, for a private chat. */
export class FakeResident {
  private nextMessageId = 1;
  readonly from: Record<string, unknown>;
  readonly chat: Record<string, unknown>;

  constructor(
    readonly telegram: FakeTelegram,
    readonly chatId: number,
  ) {
    this.from = { id: chatId, is_bot: false, first_name: 'Cư dân', language_code: 'vi' };
    this.chat = { id: chatId, type: 'private', first_name: 'Cư dân' };
  }

  text(text: string): Record<string, any> {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: this.chat, from: this.from, text, ...(entities ? { entities } : {}) };
    return { update_id: this.telegram.newUpdateId(), message };
  }

  /** A press on a button of a message the bot sent. */
  press(keyboard: AcceptedMessage, index = 0): Record<string, any> {
    const button = keyboard.buttons[index];
    if (!button?.callback_data) throw new Error(`no button ${index} on message ${keyboard.messageId}`);
    const message = { message_id: keyboard.messageId, date: Math.floor(Date.now() / 1000), chat: this.chat, from: FAKE_BOT, text: keyboard.text, reply_markup: keyboard.params.reply_markup };
    return {
      update_id: this.telegram.newUpdateId(),
      callback_query: { id: `${this.chatId}-${this.nextMessageId++}`, from: this.from, chat_instance: String(this.chatId), data: button.callback_data, message },
    };
  }

  /** What a resident does next: press the first button of the last keyboard, or answer "1". */
  next(lastKeyboard: AcceptedMessage | undefined): Record<string, any> {
    return lastKeyboard && lastKeyboard.buttons.some((b) => b.callback_data)
      ? this.press(
          lastKeyboard,
          lastKeyboard.buttons.findIndex((b) => b.callback_data),
        )
      : this.text('1');
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

/** JSON, form or multipart (text fields, JSON-looking ones parsed; files as { filename, size }). */
function parseBody(contentType: string, raw: Buffer): Record<string, any> {
  if (raw.length === 0) return {};
  if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
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
    fields[name] = filename ? { filename, size: value.length } : tryJson(value.toString('utf8'));
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

// A tutor running the Telegram channel against the fake Bot API, and a resident
// who writes and presses buttons the way the Telegram app would.
import { TelegramChannel } from '../../../src/channels/telegram/index.js';
import { startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { BOT, FakeBotApi, type RecordedCall } from './fake-bot-api.js';

export const TOKEN = '123456:TEST-token-for-the-fake-bot-api';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789';

export interface TelegramTestBed {
  api: FakeBotApi;
  tutor: TestTutor;
  channel: TelegramChannel;
  mode: 'polling' | 'webhook';
  /** Delivers one update as Telegram would and waits until its turn is saved and its reply sent. */
  deliver(update: Record<string, any>): Promise<void>;
  close(): Promise<void>;
}

export async function startTelegramTestBed(mode: 'polling' | 'webhook', env: Record<string, string> = {}): Promise<TelegramTestBed> {
  const api = await FakeBotApi.start();
  const tutor = await startTestTutor({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_MODE: mode,
    TELEGRAM_RATE_PER_CHAT_MS: '0',
    ...(mode === 'webhook' ? { TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET, PUBLIC_URL: 'https://hocvuso.example.vn' } : {}),
    ...env,
  });
  const channel = tutor.channels.find((c) => c.name === 'telegram');
  if (!(channel instanceof TelegramChannel)) throw new Error('the Telegram channel did not start');
  const deliver = async (update: Record<string, any>) => {
    if (mode === 'polling') {
      const queued = api.queueUpdate(update);
      await api.waitFor(() => api.confirmedBelow > queued.update_id, `update ${queued.update_id} to be confirmed`);
    } else {
      const response = await postWebhook(tutor.url, { update_id: update.update_id ?? api.newUpdateId(), ...update }, WEBHOOK_SECRET);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      await performWebhookReply(api.url, await response.json());
    }
    await channel.idle();
    await tutor.idle();
    await channel.idle();
  };
  return {
    api,
    tutor,
    channel,
    mode,
    deliver,
    async close() {
      await tutor.close();
      await api.close();
    },
  };
}

/** What Telegram does with a webhook answer that names a method: it makes that call (and tells nobody the result). */
export async function performWebhookReply(apiUrl: string, answer: unknown): Promise<void> {
  if (typeof answer !== 'object' || answer === null || !('method' in answer)) return;
  const { method, ...params } = answer as { method: string };
  await fetch(`${apiUrl}/bot${TOKEN}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
}

export function postWebhook(baseUrl: string, update: unknown, secret?: string): Promise<Response> {
  return fetch(`${baseUrl}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });
}

export interface Reply {
  calls: RecordedCall[];
  /** Texts and captions of the bot's messages, in order. */
  texts: string[];
  /** Labels of the last keyboard sent. */
  buttons: string[];
}

/** A resident in a private chat (or, with a negative id, a group). */
/** Telegram message ids never repeat within a chat; one counter keeps them unique across test users. */
let nextMessageId = 1;

export class TelegramTestUser {
  readonly from: Record<string, any>;

  constructor(
    private readonly bed: TelegramTestBed,
    readonly chatId: number,
    firstName = 'Lan',
  ) {
    this.from = { id: Math.abs(chatId), is_bot: false, first_name: firstName, language_code: 'vi' };
  }

  get chat(): Record<string, any> {
    return this.chatId < 0 ? { id: this.chatId, type: 'group', title: 'Tổ dân phố 5' } : { id: this.chatId, type: 'private', first_name: this.from.first_name };
  }

  /** A message update with this content (text, sticker, …), not yet delivered. */
  message(content: Record<string, any>): Record<string, any> {
    return { message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: this.chat, from: this.from, ...content } };
  }

  say(text: string): Promise<Reply> {
    const command = /^\/\S+/.exec(text)?.[0];
    return this.send(this.message({ text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}) }));
  }

  async send(update: Record<string, any>): Promise<Reply> {
    const mark = this.bed.api.calls.length;
    await this.bed.deliver(update);
    return replySince(this.bed.api, this.chatId, mark);
  }

  /** Presses the button with this label on the latest keyboard that shows it. */
  press(label: string): Promise<Reply> {
    const { message, data } = this.findButton(label);
    return this.send(this.callback(message, data));
  }

  callback(message: Record<string, any>, data: string): Record<string, any> {
    return { callback_query: { id: `cq-${this.chatId}-${nextMessageId++}`, from: this.from, chat_instance: 'ci', message, data } };
  }

  /** The bot message (as Telegram would echo it in a callback) and callback data of a button. */
  findButton(label: string): { message: Record<string, any>; data: string } {
    const sent = this.bed.api.calls.filter((c) => ['sendMessage', 'sendPhoto'].includes(c.method) && String(c.body.chat_id) === String(this.chatId));
    for (const call of [...sent].reverse()) {
      if (!this.bed.api.messageIds.has(call.seq)) continue;
      const button = (call.body.reply_markup?.inline_keyboard ?? []).flat().find((b: any) => b.text === label);
      if (!button) continue;
      const message = { message_id: this.bed.api.messageIds.get(call.seq)!, date: 0, chat: this.chat, from: BOT, text: call.body.text ?? '', reply_markup: call.body.reply_markup };
      return { message, data: button.callback_data as string };
    }
    throw new Error(`no button "${label}" was sent to chat ${this.chatId}`);
  }
}

export function replySince(api: FakeBotApi, chatId: number, mark: number): Reply {
  const calls = api.calls.slice(mark).filter((c) => String(c.body.chat_id) === String(chatId) || String(c.body.callback_query_id).startsWith(`cq-${chatId}-`));
  const sends = calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto');
  const texts = sends.map((c) => String(c.body.text ?? c.body.caption ?? ''));
  const keyboards = sends.filter((c) => c.body.reply_markup?.inline_keyboard);
  const buttons = (keyboards[keyboards.length - 1]?.body.reply_markup.inline_keyboard ?? []).flat().map((b: any) => b.text as string);
  return { calls, texts, buttons };
}

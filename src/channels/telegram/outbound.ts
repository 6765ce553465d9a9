// Rendered engine messages as Bot API calls for the PacedSender: text with an
// inline keyboard, photos from content/ (uploaded once, then sent by file_id)
// or from https URLs. A photo that cannot be sent falls back to its text, so
// the next action is never lost.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { OutboundMessage } from '../../engine/messages.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../store/types.js';
import type { AttemptResult, PacedCall } from '../shared/paced-sender.js';
import type { BotApi } from './api.js';
import { classifyTelegramError, isBadRequest } from './errors.js';
import { inlineKeyboard, type CallbackCodec } from './keyboard.js';

export const CAPTION_MAX_LENGTH = 1024;
/** Telegram needs text with a keyboard; the engine sometimes offers buttons alone. */
export const BUTTONS_ONLY_TEXT = 'Mời chọn bên dưới 👇';

type Photo = { kind: 'url'; url: string } | { kind: 'file'; file: string; cacheKey: string };

export class OutboundBuilder {
  constructor(
    private readonly api: BotApi,
    private readonly codec: CallbackCodec,
    private readonly store: Store,
    private readonly contentDir: string,
    private readonly botId: string,
    private readonly logger: Logger,
  ) {}

  /** The calls that deliver these (already rendered) messages to one chat, in order; waits only for photos and stored button ids. */
  callsFor(chatId: string, messages: OutboundMessage[]): PacedCall[] | Promise<PacedCall[]> {
    const perMessage = messages.map((message) => this.callsForOne(chatId, message));
    if (perMessage.every(Array.isArray)) return perMessage.flat();
    return Promise.all(perMessage).then((calls) => calls.flat());
  }

  private callsForOne(chatId: string, message: OutboundMessage): PacedCall[] | Promise<PacedCall[]> {
    const markup = message.buttons?.length ? inlineKeyboard(message.buttons, this.codec) : undefined;
    if (!message.image && !(markup instanceof Promise)) return this.plainCalls(chatId, message, markup);
    return this.callsWaitingFor(chatId, message, markup);
  }

  private plainCalls(chatId: string, message: OutboundMessage, markup: InlineKeyboardMarkup | undefined): PacedCall[] {
    const text = textOf(message);
    if (!text && !markup) return [];
    return [this.textCall(chatId, text ?? BUTTONS_ONLY_TEXT, markup)];
  }

  private async callsWaitingFor(chatId: string, message: OutboundMessage, pendingMarkup: InlineKeyboardMarkup | Promise<InlineKeyboardMarkup> | undefined): Promise<PacedCall[]> {
    const markup = await pendingMarkup;
    const photo = message.image ? await this.resolvePhoto(message.image) : undefined;
    if (!photo) return this.plainCalls(chatId, message, markup);
    const text = textOf(message);
    if (!text || text.length <= CAPTION_MAX_LENGTH) return [this.photoCall(chatId, photo, text, markup)];
    return [this.photoCall(chatId, photo, undefined, undefined), this.textCall(chatId, text, markup)];
  }

  private textCall(chatId: string, text: string, markup: InlineKeyboardMarkup | undefined): PacedCall {
    return { label: 'sendMessage', run: () => this.api.attempt('sendMessage', { chat_id: chatId, text, ...(markup ? { reply_markup: markup } : {}) }) };
  }

  private photoCall(chatId: string, photo: Photo, caption: string | undefined, markup: InlineKeyboardMarkup | undefined): PacedCall {
    const extra = { ...(caption ? { caption } : {}), ...(markup ? { reply_markup: markup } : {}) };
    return {
      label: 'sendPhoto',
      run: async (): Promise<AttemptResult> => {
        try {
          await this.sendPhoto(chatId, photo, extra);
          return { ok: true };
        } catch (error) {
          const failure = classifyTelegramError(error, 'sendPhoto');
          if (failure.kind !== 'permanent') return failure;
          this.logger.warn({ error: failure.error }, 'photo refused; sending its text instead');
          if (!caption && !markup) return failure;
          return this.api.attempt('sendMessage', { chat_id: chatId, text: caption ?? BUTTONS_ONLY_TEXT, ...(markup ? { reply_markup: markup } : {}) });
        }
      },
    };
  }

  /** Sends a content photo by its cached file_id when Telegram already has it, otherwise uploads it and remembers the id. */
  private async sendPhoto(chatId: string, photo: Photo, extra: { caption?: string; reply_markup?: InlineKeyboardMarkup }): Promise<void> {
    if (photo.kind === 'url') {
      await this.api.call('sendPhoto', { chat_id: chatId, photo: photo.url, ...extra });
      return;
    }
    const fileId = await this.store.shared.get(photo.cacheKey);
    if (fileId) {
      try {
        await this.api.call('sendPhoto', { chat_id: chatId, photo: fileId, ...extra });
        return;
      } catch (error) {
        if (!isBadRequest(error, /file|identifier|photo/i)) throw error;
        await this.store.shared.delete(photo.cacheKey);
      }
    }
    const sent = await this.api.call('sendPhoto', { chat_id: chatId, photo: { source: photo.file }, ...extra });
    const largest = sent.photo?.[sent.photo.length - 1]?.file_id;
    if (largest) await this.store.shared.set(photo.cacheKey, largest);
  }

  private async resolvePhoto(image: string): Promise<Photo | undefined> {
    if (/^https:\/\//.test(image)) return { kind: 'url', url: image };
    const root = path.resolve(this.contentDir);
    const file = path.resolve(root, image);
    if (!file.startsWith(root + path.sep)) {
      this.logger.warn({ image }, 'image outside content/ skipped');
      return undefined;
    }
    try {
      const info = await stat(file);
      const version = createHash('sha256').update(`${file}:${info.size}:${info.mtimeMs}`).digest('base64url').slice(0, 22);
      return { kind: 'file', file, cacheKey: `telegram:file:${this.botId}:${version}` };
    } catch {
      this.logger.warn({ image }, 'image not found in content/; sending its text only');
      return undefined;
    }
  }
}

/** The message's text, unless it is empty or only spaces. */
function textOf(message: OutboundMessage): string | undefined {
  return message.text?.trim() ? message.text : undefined;
}

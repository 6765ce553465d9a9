// One Telegram update, start to finish: turned in order with the chat's other
// updates, every button press answered and its keyboard marked. The runtime
// commits the turn (a re-delivered update is recognised by its id in the
// resident's record) and delivers the saved reply through deliver(). Polling
// and the webhook both call process().
import type { Update } from 'telegraf/types';
import type { InboundMessage, OutboundMessage } from '../../engine/messages.js';
import type { Logger } from '../../log/logger.js';
import { setReachable } from '../../runtime/reachability.js';
import type { ContentHolder } from '../../runtime/content-holder.js';
import type { Store } from '../../store/types.js';
import { renderForChannel } from '../render.js';
import { PerKeySerial, type PacedSender } from '../shared/paced-sender.js';
import type { ChannelCapabilities, ConversationPort, SendOutcome } from '../types.js';
import type { BotApi } from './api.js';
import { classifyTelegramError, isBadRequest } from './errors.js';
import { interpretUpdate, type BotIdentity, type UpdateAction } from './inbound.js';
import { markedKeyboard, USED_BUTTON_DATA, type CallbackCodec } from './keyboard.js';
import { withTelegramFile } from './media.js';
import type { OutboundBuilder } from './outbound.js';

/** The toast for a second press on a keyboard already used (platform-specific, short). */
export const ALREADY_CHOSEN_TOAST = '✅ Đã chọn rồi ạ';
const EDIT_IGNORABLE = /not modified|message to edit not found|can't be edited/i;

/**
 * A Bot API call carried in the webhook's answer instead of a request of its
 * own (https://core.telegram.org/bots/api#making-requests-when-getting-updates).
 * Its result is never known, so only the button's acknowledgement goes this way.
 */
export interface WebhookReply {
  method: 'answerCallbackQuery';
  callback_query_id: string;
  text?: string;
}

export interface ProcessOptions {
  /** The caller answers Telegram's webhook request and can carry one call in it. */
  webhookReply?: boolean;
}

export interface UpdateProcessorDeps {
  botId: string;
  api: BotApi;
  sender: PacedSender;
  outbound: OutboundBuilder;
  codec: CallbackCodec;
  conversation: ConversationPort;
  store: Store;
  content: ContentHolder;
  capabilities: ChannelCapabilities;
  logger: Logger;
  bot: () => BotIdentity | undefined;
}

export class UpdateProcessor {
  private readonly turns = new PerKeySerial();
  private readonly side = new Set<Promise<unknown>>();

  constructor(private readonly deps: UpdateProcessorDeps) {}

  /**
   * Resolves once the update's turn is committed (the runtime then sends the
   * reply). Throws when it could not be handled, so the update is delivered again.
   */
  process(update: Update, options: ProcessOptions = {}): Promise<WebhookReply | undefined> {
    let action: UpdateAction;
    try {
      action = interpretUpdate(update, this.deps.bot(), this.commandWords());
    } catch (error) {
      // Not shaped like any update Telegram sends: nothing to answer, nothing worth a retry.
      this.deps.logger.warn({ err: error, updateId: update.update_id }, 'malformed telegram update ignored');
      return Promise.resolve(undefined);
    }
    if (action.kind === 'ignore') {
      this.deps.logger.debug({ reason: action.reason }, 'update ignored');
      return Promise.resolve(undefined);
    }
    // Queued before the first await, so a chat's updates keep the order they arrived in.
    return this.turns.run(action.chatId, () => this.apply(action, options.webhookReply === true));
  }

  /**
   * Sends messages to one chat (turn replies and broadcasts), paced. When a call
   * fails, `accepted` tells how many whole messages Telegram took before it.
   */
  async deliver(chatId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    const { outbound, capabilities, content } = this.deps;
    const calls = messages.map((message) => outbound.callsFor(chatId, renderForChannel([message], capabilities, content.catalog)));
    return this.deps.sender.sendMessages(chatId, calls.every(Array.isArray) ? calls : await Promise.all(calls));
  }

  /** Resolves when every update and side call started so far is finished (shutdown, tests). */
  async idle(): Promise<void> {
    await this.turns.idle();
    while (this.side.size > 0) await Promise.all([...this.side]);
  }

  private async apply(action: Exclude<UpdateAction, { kind: 'ignore' }>, webhookReply: boolean): Promise<WebhookReply | undefined> {
    switch (action.kind) {
      case 'membership':
        // The resident blocked (or unblocked) the bot: broadcasts skip them until they write again.
        await setReachable(this.deps.store, `telegram:${action.chatId}`, action.reachable);
        return undefined;
      case 'message':
        await this.runTurn(action.file ? await withTelegramFile(this.deps.api, action.inbound, action.file, this.deps.logger) : action.inbound);
        return undefined;
      case 'callback':
        return this.pressButton(action, webhookReply);
    }
  }

  /**
   * A second press of a pressed keyboard is stale in the resident's state; the
   * engine says so. Every press is acknowledged: in the webhook's answer once the
   * turn is saved, or else by a call of its own at once.
   */
  private async pressButton(action: Extract<UpdateAction, { kind: 'callback' }>, webhookReply: boolean): Promise<WebhookReply | undefined> {
    const { chatId, queryId, data, keyboardMessageId } = action;
    const used = data === USED_BUTTON_DATA;
    const toast = used ? ALREADY_CHOSEN_TOAST : undefined;
    const acknowledgement: WebhookReply = { method: 'answerCallbackQuery', callback_query_id: queryId, ...(toast ? { text: toast } : {}) };
    if (!webhookReply) this.answerCallback(chatId, queryId, toast);
    const reply = webhookReply ? acknowledgement : undefined;
    if (used) return reply;
    if (keyboardMessageId !== undefined) this.markKeyboard(chatId, keyboardMessageId, markedKeyboard(action.keyboard, data));
    const decoded = this.deps.codec.decode(data);
    await this.runTurn({
      channel: 'telegram',
      userId: chatId,
      messageId: `callback:${queryId}`,
      at: Date.now(),
      payload: typeof decoded === 'string' ? decoded : await decoded,
      ...(action.displayName ? { displayName: action.displayName } : {}),
    });
    return reply;
  }

  private async runTurn(inbound: InboundMessage): Promise<void> {
    await this.deps.conversation.handle(inbound);
  }

  /** Stops the button's spinner at once: its own queue, so a long reply in the chat cannot hold it. */
  private answerCallback(chatId: string, queryId: string, text: string | undefined): void {
    const run = async () => {
      const result = await this.deps.api.attempt('answerCallbackQuery', { callback_query_id: queryId, ...(text ? { text } : {}) });
      // A query older than about 15 minutes can no longer be answered; nothing is lost.
      return !result.ok && result.kind === 'permanent' && /query is too old|query ID is invalid/i.test(result.error) ? { ok: true as const } : result;
    };
    this.track(this.deps.sender.send(`${chatId}:callbacks`, [{ label: 'answerCallbackQuery', perChatGap: false, run }]));
  }

  /** Replaces the pressed keyboard by the chosen button, marked, so it cannot be applied twice. */
  private markKeyboard(chatId: string, messageId: number, markup: ReturnType<typeof markedKeyboard>): void {
    const run = async () => {
      try {
        await this.deps.api.call('editMessageReplyMarkup', { chat_id: chatId, message_id: messageId, reply_markup: markup });
        return { ok: true as const };
      } catch (error) {
        if (isBadRequest(error, EDIT_IGNORABLE)) return { ok: true as const };
        return classifyTelegramError(error, 'editMessageReplyMarkup');
      }
    };
    this.track(this.deps.sender.send(chatId, [{ label: 'editMessageReplyMarkup', perChatGap: false, run }]));
  }

  private track(delivery: Promise<unknown>): void {
    const tracked = delivery.catch((error: unknown) => this.deps.logger.error({ err: error }, 'telegram call failed')).finally(() => this.side.delete(tracked));
    this.side.add(tracked);
  }

  private commandWords() {
    const words = this.deps.content.catalog.commandWords;
    return { menu: words.menu[0]!, help: words.help[0]! };
  }
}

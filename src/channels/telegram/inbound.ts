// Telegram updates as the engine's InboundMessage (pure, no I/O): commands and
// deep links, button presses, things the tutor cannot read, and in groups only
// what is addressed to the bot.
import type { CallbackQuery, InlineKeyboardMarkup, Message, Update } from 'telegraf/types';
import type { InboundMessage } from '../../engine/messages.js';

export interface BotIdentity {
  id: number;
  /** Without "@". */
  username: string;
}

/** The engine's own words for the commands Telegram shows in its menu. */
export interface CommandWords {
  menu: string;
  help: string;
}

/** A picture or voice note to download (getFile) before the turn; `unsupported` on the inbound is the fallback. */
export interface MediaFile {
  fileId: string;
  kind: 'image' | 'audio';
  mimeType: string;
  size?: number;
  durationSeconds?: number;
}

export type UpdateAction =
  | { kind: 'message'; chatId: string; inbound: InboundMessage; file?: MediaFile }
  | { kind: 'callback'; chatId: string; queryId: string; data: string; displayName?: string; keyboardMessageId?: number; keyboard?: InlineKeyboardMarkup }
  | { kind: 'membership'; chatId: string; reachable: boolean }
  | { kind: 'ignore'; reason: string };

type Unsupported = NonNullable<InboundMessage['unsupported']>;

/** Checked in this order: an animation also carries `document`, a venue also `location`. */
const UNSUPPORTED_FIELDS: [string, Unsupported][] = [
  ['sticker', 'sticker'],
  ['voice', 'voice'],
  ['audio', 'voice'],
  ['video_note', 'voice'],
  ['venue', 'location'],
  ['location', 'location'],
  ['animation', 'video'],
  ['video', 'video'],
  ['photo', 'image'],
  ['document', 'file'],
  ['contact', 'other'],
  ['poll', 'other'],
  ['dice', 'other'],
  ['game', 'other'],
  ['story', 'other'],
];

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;
const DEEP_LINK_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

export function interpretUpdate(update: Update, bot: BotIdentity | undefined, words: CommandWords): UpdateAction {
  if ('message' in update) return interpretMessage(update.message, bot, words);
  if ('edited_message' in update) return interpretEdit(update.edited_message);
  if ('callback_query' in update) return interpretCallback(update.callback_query);
  if ('my_chat_member' in update) {
    const { chat, new_chat_member: member } = update.my_chat_member;
    if (chat.type !== 'private') return { kind: 'ignore', reason: 'group membership' };
    return { kind: 'membership', chatId: String(chat.id), reachable: member.status !== 'kicked' && member.status !== 'left' };
  }
  return { kind: 'ignore', reason: 'update type' };
}

function interpretMessage(message: Message, bot: BotIdentity | undefined, words: CommandWords): UpdateAction {
  if (message.from?.is_bot || message.chat.type === 'channel') return { kind: 'ignore', reason: 'from a bot or a channel' };
  const inGroup = message.chat.type !== 'private';
  if (inGroup && !isAddressedToBot(message, bot)) return { kind: 'ignore', reason: 'group message not addressed to the bot' };
  const chatId = String(message.chat.id);
  const base: InboundMessage = {
    channel: 'telegram',
    userId: chatId,
    messageId: `${chatId}:${message.message_id}`,
    at: message.date * 1000,
    ...(!inGroup && message.from?.first_name ? { displayName: message.from.first_name } : {}),
  };
  if ('text' in message) {
    const command = parseCommand(message.text, bot, words);
    if (command === 'other-bot') return { kind: 'ignore', reason: 'command for another bot' };
    const text = command?.text ?? stripMention(message.text, bot);
    return { kind: 'message', chatId, inbound: { ...base, text: text || words.menu, ...(command?.startParam ? { startParam: command.startParam } : {}) } };
  }
  const unsupported = UNSUPPORTED_FIELDS.find(([field]) => field in message)?.[1];
  if (!unsupported) return { kind: 'ignore', reason: 'service message' };
  const file = mediaFileOf(message);
  if (!file) return { kind: 'message', chatId, inbound: { ...base, unsupported } };
  const caption = 'caption' in message && message.caption ? stripMention(message.caption, bot) : '';
  return { kind: 'message', chatId, inbound: { ...base, unsupported: file.kind === 'audio' ? 'voice' : 'image', ...(caption ? { text: caption } : {}) }, file };
}

/** Photos (the largest size), pictures sent as files (PNG, JPEG), voice notes and audio. */
function mediaFileOf(message: Message): MediaFile | undefined {
  if ('photo' in message && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!;
    if (typeof largest.file_id !== 'string') return undefined;
    return { fileId: largest.file_id, kind: 'image', mimeType: 'image/jpeg', ...(largest.file_size ? { size: largest.file_size } : {}) };
  }
  if ('animation' in message || 'sticker' in message) return undefined;
  if ('document' in message && typeof message.document.file_id === 'string' && /^image\/(png|jpe?g)$/i.test(message.document.mime_type ?? '')) {
    const { document } = message;
    return { fileId: document.file_id, kind: 'image', mimeType: document.mime_type!, ...(document.file_size ? { size: document.file_size } : {}) };
  }
  const audio = 'voice' in message ? message.voice : 'audio' in message ? message.audio : undefined;
  if (typeof audio?.file_id === 'string')
    return { fileId: audio.file_id, kind: 'audio', mimeType: audio.mime_type ?? 'audio/ogg', durationSeconds: audio.duration, ...(audio.file_size ? { size: audio.file_size } : {}) };
  return undefined;
}

/** A changed message is not re-read: the resident gets the polite "cannot read this" reply once per edit. */
function interpretEdit(message: Message): UpdateAction {
  if (message.chat.type !== 'private' || message.from?.is_bot) return { kind: 'ignore', reason: 'edit outside a private chat' };
  const chatId = String(message.chat.id);
  const editedAt = 'edit_date' in message && message.edit_date ? message.edit_date : message.date;
  return {
    kind: 'message',
    chatId,
    inbound: { channel: 'telegram', userId: chatId, messageId: `${chatId}:${message.message_id}:edit:${editedAt}`, at: editedAt * 1000, unsupported: 'other' },
  };
}

function interpretCallback(query: CallbackQuery): UpdateAction {
  // Thrown, not ignored: the caller logs a malformed update and answers it so it is not redelivered.
  if (typeof query.id !== 'string') throw new Error('callback query without an id');
  const message = query.message;
  const chatId = String(message?.chat.id ?? query.from.id);
  const data = 'data' in query && typeof query.data === 'string' ? query.data : '';
  // The keyboard is echoed back by the client: one that is not shaped like a keyboard counts as none.
  const keyboard = message && 'reply_markup' in message && isInlineKeyboard(message.reply_markup) ? message.reply_markup : undefined;
  return {
    kind: 'callback',
    chatId,
    queryId: query.id,
    data,
    ...(message?.chat.type === 'private' && query.from.first_name ? { displayName: query.from.first_name } : {}),
    ...(message ? { keyboardMessageId: message.message_id } : {}),
    ...(keyboard ? { keyboard } : {}),
  };
}

function isInlineKeyboard(markup: unknown): markup is InlineKeyboardMarkup {
  const rows = (markup as { inline_keyboard?: unknown } | null | undefined)?.inline_keyboard;
  return (
    Array.isArray(rows) && rows.every((row) => Array.isArray(row) && row.every((button) => typeof button === 'object' && button !== null && typeof (button as { text?: unknown }).text === 'string'))
  );
}

/** In a group: a mention of the bot, a reply to one of its messages, or a command with "@botname". */
export function isAddressedToBot(message: Message, bot: BotIdentity | undefined): boolean {
  if (!bot) return false;
  if ('reply_to_message' in message && message.reply_to_message?.from?.id === bot.id) return true;
  const text = 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '';
  const entities = ('text' in message ? message.entities : 'caption' in message ? message.caption_entities : undefined) ?? [];
  const mention = `@${bot.username}`.toLowerCase();
  return entities.some((entity) => {
    const part = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
    if (entity.type === 'mention') return part === mention;
    if (entity.type === 'text_mention') return entity.user.id === bot.id;
    if (entity.type === 'bot_command') return part.endsWith(mention);
    return false;
  });
}

type ParsedCommand = { text: string; startParam?: string } | 'other-bot' | undefined;

function parseCommand(text: string, bot: BotIdentity | undefined, words: CommandWords): ParsedCommand {
  const match = COMMAND.exec(text.trim());
  if (!match) return undefined;
  const [, name = '', target, rest] = match;
  if (target && bot && target.toLowerCase() !== bot.username.toLowerCase()) return 'other-bot';
  const argument = rest?.trim() ?? '';
  switch (name.toLowerCase()) {
    case 'start':
      return { text: words.menu, ...(DEEP_LINK_PAYLOAD.test(argument) ? { startParam: argument } : {}) };
    case 'menu':
      return { text: words.menu };
    case 'help':
      return { text: words.help };
    default:
      // "/tiep" reads as "tiep": the engine decides what it means.
      return { text: [name, argument].filter(Boolean).join(' ') };
  }
}

function stripMention(text: string, bot: BotIdentity | undefined): string {
  if (!bot) return text.trim();
  return text
    .replace(new RegExp(`@${bot.username}\\b`, 'gi'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

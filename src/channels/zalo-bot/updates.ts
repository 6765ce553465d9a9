// Zalo Bot API updates → InboundMessage. An update is
// { event_name, message: { message_id, chat: { id, chat_type }, from, date, text } };
// webhooks have been seen both bare and wrapped in { ok, result }, and
// getUpdates returns one update or a list, so all shapes are accepted.
import type { InboundMessage } from '../../engine/messages.js';
import { groupUserId, type ZaloThread } from '../zalo-shared/threads.js';

export const CHANNEL = 'zalo-bot';

export interface BotUpdate {
  event_name?: string;
  message?: {
    message_id?: string | number;
    date?: number;
    text?: string;
    caption?: string;
    /** message.image.received: the picture's URL (seen as `photo`, `photo_url`, or a list of sizes). */
    photo?: unknown;
    photo_url?: string;
    /** message.voice.received */
    voice_url?: string;
    url?: string;
    chat?: { id?: string | number; chat_type?: string };
    from?: { id?: string | number; is_bot?: boolean; display_name?: string; first_name?: string; name?: string };
  };
}

/** A picture or voice note to download before the turn; `unsupported` on the inbound is the fallback. */
export interface MediaLink {
  url: string;
  kind: 'image' | 'audio';
}

export type Conversion = { kind: 'ignore'; reason: string } | { kind: 'message'; inbound: InboundMessage; thread: ZaloThread; media?: MediaLink };

const UNSUPPORTED: Record<string, NonNullable<InboundMessage['unsupported']>> = {
  'message.image.received': 'image',
  'message.sticker.received': 'sticker',
  'message.voice.received': 'voice',
  'message.audio.received': 'voice',
  'message.location.received': 'location',
  'message.file.received': 'file',
  'message.video.received': 'video',
  'message.gif.received': 'image',
  'message.unsupported.received': 'other',
};

/** The updates in a getUpdates result or a webhook body, whatever its wrapping. */
export function updatesIn(body: unknown): BotUpdate[] {
  if (Array.isArray(body)) return body.flatMap(updatesIn);
  if (!body || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  if ('event_name' in record || 'message' in record) return [record as BotUpdate];
  if ('result' in record) return updatesIn(record.result);
  return [];
}

/** The reason given for an update whose fields do not have the types Zalo sends (logged, answered, never retried). */
export const MALFORMED = 'malformed update';
const MAX_ID_LENGTH = 128;

const isId = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH) || Number.isSafeInteger(value);
const isOptional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || value === null || check(value);
const isString = (value: unknown) => typeof value === 'string';

/** Only the fields the tutor reads, with the types Zalo sends them. */
function isWellFormed(update: BotUpdate): boolean {
  const message = update.message as Record<string, unknown> | undefined;
  if (!isOptional(update.event_name, isString)) return false;
  if (message === undefined || message === null) return true;
  if (typeof message !== 'object') return false;
  const chat = message.chat as Record<string, unknown> | undefined;
  const from = message.from as Record<string, unknown> | undefined;
  return (
    isOptional(message.message_id, isId) &&
    isOptional(message.date, Number.isFinite) &&
    isOptional(message.text, isString) &&
    isOptional(message.caption, isString) &&
    isOptional(chat, (value) => typeof value === 'object' && isOptional(chat!.id, isId) && isOptional(chat!.chat_type, isString)) &&
    isOptional(from, (value) => typeof value === 'object' && isOptional(from!.id, isId) && ['display_name', 'first_name', 'name'].every((field) => isOptional(from![field], isString)))
  );
}

function mediaLinkOf(event: string, message: NonNullable<BotUpdate['message']>): MediaLink | undefined {
  if (event === 'message.image.received') {
    const photo = message.photo;
    const candidates = [photo, message.photo_url, ...(Array.isArray(photo) ? [...photo].reverse() : [])];
    for (const candidate of candidates) {
      const url = typeof candidate === 'string' ? candidate : (candidate as { url?: unknown } | null)?.url;
      if (typeof url === 'string' && /^https?:\/\//.test(url)) return { url, kind: 'image' };
    }
  }
  if (event === 'message.voice.received' || event === 'message.audio.received') {
    const url = message.voice_url ?? message.url;
    if (typeof url === 'string' && /^https?:\/\//.test(url)) return { url, kind: 'audio' };
  }
  return undefined;
}

export function toInbound(update: BotUpdate, groupsEnabled: boolean): Conversion {
  if (!isWellFormed(update)) return { kind: 'ignore', reason: MALFORMED };
  const message = update.message;
  const chatId = message?.chat?.id;
  const fromId = message?.from?.id ?? chatId;
  if (!message || chatId === undefined || fromId === undefined) return { kind: 'ignore', reason: 'no message' };
  if (message.from?.is_bot) return { kind: 'ignore', reason: 'from a bot' };
  const isGroup = message.chat?.chat_type === 'GROUP';
  if (isGroup && !groupsEnabled) return { kind: 'ignore', reason: 'groups off' };
  const date = message.date ?? Date.now();
  const name = message.from?.display_name ?? message.from?.first_name ?? message.from?.name;
  const base = {
    channel: CHANNEL,
    userId: isGroup ? groupUserId(String(chatId), String(fromId)) : String(chatId),
    messageId: String(message.message_id ?? `${chatId}:${date}`),
    at: date < 1e12 ? date * 1000 : date,
    ...(name ? { displayName: name } : {}),
  };
  const thread = { threadId: String(chatId), isGroup };
  const event = update.event_name ?? '';
  const unsupported = UNSUPPORTED[event];
  const text = message.text?.trim();
  const media = mediaLinkOf(event, message);
  if (media) {
    const caption = message.caption?.trim();
    return { kind: 'message', inbound: { ...base, unsupported: media.kind === 'audio' ? 'voice' : 'image', ...(caption ? { text: caption } : {}) }, thread, media };
  }
  if (unsupported && !(event === 'message.unsupported.received' && text)) return { kind: 'message', inbound: { ...base, unsupported }, thread };
  if (text) return { kind: 'message', inbound: { ...base, text }, thread };
  return { kind: 'message', inbound: { ...base, unsupported: 'other' }, thread };
}

// OA webhook events → what the tutor does with them. A message event is
// { app_id, event_name, timestamp, sender: { id }, recipient: { id },
//   message: { msg_id, text?, attachments?: [{ type, payload }] } };
// follow/unfollow carry the resident in `follower`. The OA's own messages come
// back as oa_send_* events, and delivery receipts as user_received/seen_message:
// those are ignored. A button press (oa.query.hide) arrives as the resident's
// text, carrying the hidden payload behind HIDDEN_PREFIX.
import type { InboundMessage } from '../../engine/messages.js';
import { toMillis } from './signature.js';

export const CHANNEL = 'zalo-oa';

/** Marks a hidden query sent by one of our buttons, so typed text never passes for a press. */
export const HIDDEN_PREFIX = '#hvs:';

export type OaEvent =
  | { kind: 'message'; inbound: InboundMessage; media?: { url: string; kind: 'image' | 'audio' } }
  | { kind: 'follow' | 'unfollow'; userId: string; at: number }
  | { kind: 'ignore'; reason: string }
  | { kind: 'malformed'; reason: string };

type Unsupported = NonNullable<InboundMessage['unsupported']>;

const UNSUPPORTED: Record<string, Unsupported> = {
  user_send_image: 'image',
  user_send_gif: 'image',
  user_send_sticker: 'sticker',
  user_send_location: 'location',
  user_send_audio: 'voice',
  user_send_video: 'video',
  user_send_file: 'file',
  user_send_business_card: 'other',
};

const TEXT_EVENTS = new Set(['user_send_text', 'user_click_button']);

interface RawEvent {
  event_name?: unknown;
  timestamp?: unknown;
  sender?: { id?: unknown };
  follower?: { id?: unknown };
  message?: { msg_id?: unknown; mid?: unknown; text?: unknown; attachments?: unknown };
}

export function parseEvent(body: unknown): OaEvent {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { kind: 'malformed', reason: 'not a JSON object' };
  const event = body as RawEvent;
  const name = typeof event.event_name === 'string' ? event.event_name : '';
  if (!name) return { kind: 'malformed', reason: 'no event_name' };
  const at = toMillis(Number(event.timestamp));
  if (!Number.isFinite(at)) return { kind: 'malformed', reason: 'no timestamp' };
  if (name === 'follow' || name === 'unfollow') {
    const userId = idOf(event.follower?.id) ?? idOf(event.sender?.id);
    return userId ? { kind: name, userId, at } : { kind: 'malformed', reason: `${name} without follower id` };
  }
  if (!name.startsWith('user_send_') && !TEXT_EVENTS.has(name)) return { kind: 'ignore', reason: name };
  const userId = idOf(event.sender?.id);
  if (!userId) return { kind: 'malformed', reason: `${name} without sender id` };
  const message = event.message ?? {};
  const messageId = idOf(message.msg_id) ?? idOf(message.mid) ?? `${name}:${userId}:${String(event.timestamp)}`;
  const base: InboundMessage = { channel: CHANNEL, userId, messageId, at };
  // A picture or voice note: downloaded before the turn; "unsupported" stays as the fallback.
  const kind = name === 'user_send_image' ? 'image' : name === 'user_send_audio' ? 'audio' : undefined;
  const url = kind ? linkUrl(message.attachments) : undefined;
  if (kind && url) return { kind: 'message', inbound: { ...base, ...contentOf(name, message) }, media: { url, kind } };
  return { kind: 'message', inbound: { ...base, ...contentOf(name, message) } };
}

function contentOf(name: string, message: NonNullable<RawEvent['message']>): Pick<InboundMessage, 'text' | 'payload' | 'unsupported'> {
  const text = typeof message.text === 'string' ? message.text.trim() : '';
  if (TEXT_EVENTS.has(name)) {
    if (text.startsWith(HIDDEN_PREFIX)) return { payload: text.slice(HIDDEN_PREFIX.length) };
    return text ? { text } : { unsupported: 'other' };
  }
  if (name === 'user_send_link') {
    // A shared link is read like typed text, so "kiểm tra lừa đảo" can check it.
    const url = linkUrl(message.attachments);
    const typed = [text, url && !text.includes(url) ? url : ''].filter(Boolean).join('\n');
    return typed ? { text: typed } : { unsupported: 'other' };
  }
  return { unsupported: UNSUPPORTED[name] ?? 'other' };
}

function linkUrl(attachments: unknown): string | undefined {
  if (!Array.isArray(attachments)) return undefined;
  for (const attachment of attachments as { payload?: { url?: unknown } }[]) {
    const url = attachment?.payload?.url;
    if (typeof url === 'string' && /^https?:\/\//.test(url)) return url;
  }
  return undefined;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

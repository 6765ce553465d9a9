// Turns a zca-js message into the engine's InboundMessage, or says why it is
// ignored: the account's own messages, groups when off, group messages that do
// not mention the account.
import type { InboundMessage } from '../../engine/messages.js';
import { groupUserId, type ZaloThread } from '../zalo-shared/threads.js';
import { ThreadType, type ZcaMessage } from './zca-client.js';

export const CHANNEL = 'zalo';

export type Conversion = { kind: 'ignore'; reason: 'own' | 'groups-off' | 'not-mentioned' | 'empty' } | { kind: 'message'; inbound: InboundMessage; thread: ZaloThread; media?: ZcaMedia };

/** A picture or voice note to download before the turn (zca-js TAttachmentContent: href, params). */
export interface ZcaMedia {
  url: string;
  kind: 'image' | 'audio';
  durationSeconds?: number;
}

/** zca-js msgType values of things the tutor cannot read. */
const UNSUPPORTED: Record<string, NonNullable<InboundMessage['unsupported']>> = {
  'chat.sticker': 'sticker',
  'chat.voice': 'voice',
  'chat.location.new': 'location',
  'share.file': 'file',
  'chat.photo': 'image',
  'chat.gif': 'image',
  'chat.doodle': 'image',
  'chat.video.msg': 'video',
};

export function toInbound(message: ZcaMessage, ownId: string, groupsEnabled: boolean): Conversion {
  const { data } = message;
  if (message.isSelf || data.uidFrom === ownId) return { kind: 'ignore', reason: 'own' };
  const isGroup = message.type === ThreadType.Group;
  if (isGroup && !groupsEnabled) return { kind: 'ignore', reason: 'groups-off' };
  const mentionsOfUs = (data.mentions ?? []).filter((mention) => mention.uid === ownId);
  if (isGroup && mentionsOfUs.length === 0) return { kind: 'ignore', reason: 'not-mentioned' };

  const base = {
    channel: CHANNEL,
    userId: isGroup ? groupUserId(message.threadId, data.uidFrom) : message.threadId,
    messageId: data.msgId,
    at: Number(data.ts) || Date.now(),
    ...(data.dName ? { displayName: data.dName } : {}),
  };
  const thread = { threadId: message.threadId, isGroup };
  if (typeof data.content === 'string') {
    const text = isGroup ? withoutMentions(data.content, mentionsOfUs) : data.content.trim();
    if (!text) return { kind: 'ignore', reason: 'empty' };
    return { kind: 'message', inbound: { ...base, text }, thread };
  }
  const unsupported = UNSUPPORTED[data.msgType] ?? 'other';
  const media = mediaOf(data.msgType, data.content);
  if (media) return { kind: 'message', inbound: { ...base, unsupported: media.kind === 'audio' ? 'voice' : 'image' }, thread, media };
  return { kind: 'message', inbound: { ...base, unsupported }, thread };
}

/** chat.photo: the full picture (params.hd when given, else href); chat.voice: href, params.duration in milliseconds. */
function mediaOf(msgType: string, content: Record<string, unknown>): ZcaMedia | undefined {
  const params = parseParams(content.params);
  const link = (value: unknown) => (typeof value === 'string' && /^https?:\/\//.test(value) ? value : undefined);
  if (msgType === 'chat.photo') {
    const url = link(params.hd) ?? link(content.href) ?? link(content.thumb);
    return url ? { url, kind: 'image' } : undefined;
  }
  if (msgType === 'chat.voice') {
    const url = link(content.href);
    const duration = Number(params.duration);
    return url ? { url, kind: 'audio', ...(Number.isFinite(duration) && duration > 0 ? { durationSeconds: Math.ceil(duration / 1000) } : {}) } : undefined;
  }
  return undefined;
}

function parseParams(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'string' || !raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** "@Học Vụ Số 2" → "2": removes the mentions of the account, keeps the rest. */
function withoutMentions(text: string, mentions: { pos: number; len: number }[]): string {
  let result = text;
  for (const mention of [...mentions].sort((a, b) => b.pos - a.pos)) {
    result = result.slice(0, mention.pos) + result.slice(mention.pos + mention.len);
  }
  const stripped = result.replace(/\s+/g, ' ').trim();
  return stripped || text.trim();
}

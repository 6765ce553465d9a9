// Turns a zca-js message into the engine's InboundMessage, or says why it is
// ignored: the account's own messages, groups when off, group messages that do
// not mention the account.
import type { InboundMessage } from '../../engine/messages.js';
import { groupUserId, type ZaloThread } from '../zalo-shared/threads.js';
import { ThreadType, type ZcaMessage } from './zca-client.js';

export const CHANNEL = 'zalo';

export type Conversion =
  | { kind: 'ignore'; reason: 'own' | 'groups-off' | 'not-mentioned' | 'empty' }
  | { kind: 'message'; inbound: InboundMessage; thread: ZaloThread };

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
  return { kind: 'message', inbound: { ...base, unsupported: UNSUPPORTED[data.msgType] ?? 'other' }, thread };
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

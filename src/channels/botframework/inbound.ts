// Turns one Bot Framework activity into what the conversation understands: a
// resident's message, a welcome for members who joined, or nothing (typing,
// reactions, events). Pure: no SDK runtime, easy to test.
import { randomUUID } from 'node:crypto';
import type { Activity, Attachment, ChannelAccount } from 'botbuilder';
import type { InboundMessage } from '../../engine/messages.js';
import { PAYLOAD_MAX_LENGTH, PAYLOAD_PATTERN } from '../../engine/payloads.js';

export const CHANNEL_NAME = 'botframework';
/** What a joining member "says" so the engine starts onboarding (or offers to resume). */
export const WELCOME_TEXT = 'xin chào';
const MAX_TEXT_LENGTH = 4000;
const MAX_ID_LENGTH = 256;

/** A picture or voice note attached to the activity, to download (contentUrl) before the turn. */
export interface AttachedMedia {
  url: string;
  kind: 'image' | 'audio';
  mimeType: string;
}

export type InboundDecision = { kind: 'message'; inbound: InboundMessage; media?: AttachedMedia } | { kind: 'welcome'; inbounds: InboundMessage[] } | { kind: 'ignore'; reason: string };

/**
 * The resident's id: `<channelId>:<from.id>`. Ids are only unique within one
 * Bot Framework channel (Teams "29:…", Web Chat ids chosen by the embedding
 * page), so the channel id keeps a Web Chat user from posing as a Teams user.
 */
export function residentId(channelId: string, account: ChannelAccount): string {
  return `${channelId}:${account.id}`;
}

export function toInbound(activity: Partial<Activity>, now: number): InboundDecision {
  const channelId = activity.channelId ?? 'unknown';
  if (activity.type === 'conversationUpdate') return welcomeFor(activity, channelId, now);
  if (activity.type !== 'message') return { kind: 'ignore', reason: activity.type ?? 'no type' };
  const from = activity.from;
  if (!from?.id || from.id.length > MAX_ID_LENGTH) return { kind: 'ignore', reason: 'no sender' };
  if (activity.recipient?.id && from.id === activity.recipient.id) return { kind: 'ignore', reason: 'own message' };
  const base: InboundMessage = {
    channel: CHANNEL_NAME,
    userId: residentId(channelId, from),
    messageId: activity.id ?? randomUUID(),
    at: now,
    ...(from.name ? { displayName: from.name } : {}),
  };
  const text = withoutBotMention(activity).trim();
  const payload = payloadOf(activity.value, text);
  if (payload) return { kind: 'message', inbound: { ...base, payload } };
  const media = attachedMedia(activity.attachments ?? []);
  // A picture with a caption: the caption goes along as text, the picture is read first.
  if (media) return { kind: 'message', inbound: { ...base, unsupported: media.kind === 'audio' ? 'voice' : 'image', ...(text ? { text: text.slice(0, MAX_TEXT_LENGTH) } : {}) }, media };
  if (text) return { kind: 'message', inbound: { ...base, text: text.slice(0, MAX_TEXT_LENGTH) } };
  return { kind: 'message', inbound: { ...base, unsupported: unsupportedKind(activity.attachments ?? []) } };
}

function attachedMedia(attachments: Attachment[]): AttachedMedia | undefined {
  for (const attachment of attachments) {
    const type = (attachment.contentType ?? '').toLowerCase();
    const url = attachment.contentUrl;
    if (!url || !/^(https?:|data:)/.test(url)) continue;
    if (type.startsWith('image/')) return { url, kind: 'image', mimeType: type };
    if (type.startsWith('audio/')) return { url, kind: 'audio', mimeType: type };
  }
  return undefined;
}

/** A pressed button: postBack/messageBack value, or text that is exactly a payload. */
function payloadOf(value: unknown, text: string): string | undefined {
  const candidates = [typeof value === 'string' ? value : undefined, typeof value === 'object' && value !== null ? (value as { payload?: unknown }).payload : undefined, text];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const trimmed = candidate.trim();
    if (trimmed.length <= PAYLOAD_MAX_LENGTH && PAYLOAD_PATTERN.test(trimmed)) return trimmed;
  }
  return undefined;
}

/** Teams puts "<at>Bot</at>" in channel messages; the engine should see only the words. */
function withoutBotMention(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: string; mentioned?: { id?: string }; text?: string };
    if (mention.type === 'mention' && mention.mentioned?.id === activity.recipient?.id && mention.text) text = text.split(mention.text).join(' ');
  }
  return text;
}

function unsupportedKind(attachments: Attachment[]): NonNullable<InboundMessage['unsupported']> {
  const type = attachments[0]?.contentType ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'voice';
  if (type.startsWith('video/')) return 'video';
  return attachments.length ? 'file' : 'other';
}

/**
 * Members other than the bot get a welcome (one-to-one chats only). Teams adds
 * only the bot when a resident installs it in a personal chat; then the resident is `from`.
 */
function welcomeFor(activity: Partial<Activity>, channelId: string, now: number): InboundDecision {
  // Onboarding each newcomer in a group chat or Teams channel would flood it; they start by writing.
  if (activity.conversation?.isGroup) return { kind: 'ignore', reason: 'member joined a group conversation' };
  const botId = activity.recipient?.id;
  const personal = activity.conversation?.conversationType === 'personal';
  const joined = new Map<string, ChannelAccount>();
  for (const member of activity.membersAdded ?? []) {
    if (!member.id || member.id.length > MAX_ID_LENGTH) continue;
    if (member.id !== botId) joined.set(member.id, member);
    else if (personal && activity.from?.id && activity.from.id !== botId) joined.set(activity.from.id, activity.from);
  }
  if (joined.size === 0) return { kind: 'ignore', reason: 'no member joined' };
  const eventId = activity.id ?? activity.conversation?.id ?? String(now);
  const inbounds = [...joined.values()].map((member): InboundMessage => ({
    channel: CHANNEL_NAME,
    userId: residentId(channelId, member),
    messageId: `welcome:${eventId}:${member.id}`,
    at: now,
    text: WELCOME_TEXT,
    ...(member.name ? { displayName: member.name } : {}),
  }));
  return { kind: 'welcome', inbounds };
}

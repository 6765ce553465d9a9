// Channel-neutral message shapes: every channel converts its platform updates
// into InboundMessage and renders OutboundMessage back.

export interface InboundMessage {
  channel: string;
  /** The user's id on that channel; together with `channel` it names one resident. */
  userId: string;
  /** Platform message id, used to answer a re-delivered message only once. */
  messageId: string;
  /** Epoch milliseconds when the platform received it. */
  at: number;
  text?: string;
  /** Payload of a pressed button. */
  payload?: string;
  /** Something the tutor cannot read (sticker, voice, location, file). */
  unsupported?: 'sticker' | 'voice' | 'location' | 'file' | 'image' | 'video' | 'other';
  /** Display name offered by the platform, used only to greet. */
  displayName?: string;
  /**
   * A picture or voice note the resident sent, in memory only: the runtime's
   * media reader turns it into text before the turn, and it is never stored.
   */
  media?: InboundMedia;
  /** A channel-specific reply address (e.g. a Bot Framework conversation reference), saved with the user. */
  address?: string;
  /** A start parameter such as a Telegram deep-link payload (ward or referral code). */
  startParam?: string;
  /** The log trace id the runtime's edge gave this message (src/cluster/traced-conversation.ts); the engine ignores it. */
  trace?: string;
}

export interface InboundMedia {
  kind: 'image' | 'audio';
  data: Uint8Array;
  mimeType: string;
  /** Voice notes: length in seconds, when the platform says. */
  durationSeconds?: number;
}

export interface Button {
  label: string;
  payload: string;
}

export interface OutboundMessage {
  text?: string;
  buttons?: Button[];
  /** Path relative to content/ (e.g. "images/qr.png") or an https URL. */
  image?: string;
  link?: { url: string; label: string };
}

export function userKeyOf(message: Pick<InboundMessage, 'channel' | 'userId'>): string {
  return `${message.channel}:${message.userId}`;
}

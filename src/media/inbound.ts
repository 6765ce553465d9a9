// How a channel hands a picture or voice note to the runtime: the media in
// memory, and "unsupported" kept as the fallback, so that without a media
// reader the resident still gets the polite "cannot read this" reply.
import type { InboundMedia, InboundMessage } from '../engine/messages.js';

export function withMedia(inbound: InboundMessage, media: InboundMedia): InboundMessage {
  return { ...inbound, media, unsupported: media.kind === 'audio' ? 'voice' : 'image' };
}

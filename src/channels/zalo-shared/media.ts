// A picture or voice note a Zalo channel received as a link: downloaded into
// memory for the runtime's media reader. Links must be https to a public
// address, or on the platform's own (operator-configured) origin; when the
// download fails the message keeps its "unsupported" fallback.
import type { InboundMessage } from '../../engine/messages.js';
import type { Logger } from '../../log/logger.js';
import { downloadMedia, PLATFORM_MEDIA_MAX_BYTES } from '../../media/download.js';
import { withMedia } from '../../media/inbound.js';

const MIME_BY_KIND = { image: 'image/jpeg', audio: 'audio/mp4' } as const;

export async function withZaloMedia(
  inbound: InboundMessage,
  media: { url: string; kind: 'image' | 'audio'; durationSeconds?: number },
  logger: Logger,
  trustedOrigin?: string,
): Promise<InboundMessage> {
  try {
    const local = trustedOrigin !== undefined && sameOrigin(media.url, trustedOrigin);
    const { data, mimeType } = await downloadMedia(media.url, { maxBytes: PLATFORM_MEDIA_MAX_BYTES, allowLocal: local });
    const type = mimeType.startsWith(`${media.kind === 'image' ? 'image' : 'audio'}/`) ? mimeType : MIME_BY_KIND[media.kind];
    return withMedia(inbound, { kind: media.kind, data, mimeType: type, ...(media.durationSeconds !== undefined ? { durationSeconds: media.durationSeconds } : {}) });
  } catch (error) {
    logger.warn({ err: error, kind: media.kind }, 'zalo media could not be fetched');
    return inbound;
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

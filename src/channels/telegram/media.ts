// A resident's photo, picture file or voice note, fetched from the Bot API
// (getFile, then the file download under the same API root) into memory for
// the runtime's media reader. When it cannot be fetched the message keeps its
// "unsupported" fallback and the resident gets the polite "cannot read this".
import type { InboundMessage } from '../../engine/messages.js';
import type { Logger } from '../../log/logger.js';
import { downloadMedia, PLATFORM_MEDIA_MAX_BYTES } from '../../media/download.js';
import { withMedia } from '../../media/inbound.js';
import type { BotApi } from './api.js';
import type { MediaFile } from './inbound.js';

export async function withTelegramFile(api: BotApi, inbound: InboundMessage, file: MediaFile, logger: Logger): Promise<InboundMessage> {
  if ((file.size ?? 0) > PLATFORM_MEDIA_MAX_BYTES) return inbound;
  try {
    const link = await api.client.getFileLink(await api.call('getFile', { file_id: file.fileId }));
    // The Bot API root is the operator's setting (Telegram, or a local Bot API server): plain http to it is fine.
    const { data } = await downloadMedia(link.href, { maxBytes: PLATFORM_MEDIA_MAX_BYTES, allowLocal: true });
    return withMedia(inbound, { kind: file.kind, data, mimeType: file.mimeType, ...(file.durationSeconds !== undefined ? { durationSeconds: file.durationSeconds } : {}) });
  } catch (error) {
    logger.warn({ err: error, kind: file.kind }, 'telegram file could not be fetched');
    return inbound;
  }
}

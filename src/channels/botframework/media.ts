// Lesson images as Bot Framework attachments: an https URL as it is; a content/
// path through PUBLIC_URL/media/ (served by the web channel), or, without a
// public address (Emulator, local tests), inlined as a small data URL.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log/logger.js';
import type { ImageResolver } from './outbound.js';

const TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.svg': 'image/svg+xml' };
/** Channels reject large activities (Direct Line about 256 KB, Teams less); bigger images need PUBLIC_URL. */
const MAX_INLINE_BYTES = 150 * 1024;

export function imageResolver(options: { contentDir: () => string; publicUrl?: string; logger: Logger }): ImageResolver {
  return async (image) => {
    const name = path.basename(image.split('?')[0]!);
    const contentType = TYPES[path.extname(name).toLowerCase()] ?? 'image/png';
    if (/^https?:\/\//.test(image)) return { contentType, contentUrl: image, name };
    const root = path.resolve(options.contentDir());
    const file = path.resolve(root, image);
    if (!TYPES[path.extname(file).toLowerCase()] || !file.startsWith(root + path.sep)) {
      options.logger.warn({ image }, 'image path outside content/ or not an image; left out');
      return undefined;
    }
    if (options.publicUrl) {
      const relative = path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/');
      return { contentType, contentUrl: `${options.publicUrl.replace(/\/+$/, '')}/media/${relative}`, name };
    }
    try {
      if ((await stat(file)).size > MAX_INLINE_BYTES) {
        options.logger.warn({ image }, 'image too large to inline without PUBLIC_URL; left out');
        return undefined;
      }
      return { contentType, contentUrl: `data:${contentType};base64,${(await readFile(file)).toString('base64')}`, name };
    } catch (error) {
      options.logger.warn({ image, err: error }, 'image not readable; left out');
      return undefined;
    }
  };
}

// Lesson images for Zalo: a path under content/ is read from disk (never from
// outside the folder), an https URL is downloaded; width and height are read
// from the file header because zca-js needs them to upload a photo.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface LoadedImage {
  data: Buffer;
  filename: `${string}.${string}`;
  width: number;
  height: number;
}

const MAX_BYTES = 5 * 1024 * 1024;

/** The absolute file of a content image, or undefined when the path leaves content/. */
export function contentImagePath(contentDir: string, relative: string): string | undefined {
  const root = path.resolve(contentDir);
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/** The public address of a content image served by the web channel at /media/. */
export function publicImageUrl(image: string, publicUrl: string | undefined): string | undefined {
  if (/^https:\/\//.test(image)) return image;
  if (!publicUrl) return undefined;
  return `${publicUrl.replace(/\/+$/, '')}/media/${image.split('/').map(encodeURIComponent).join('/')}`;
}

export async function loadImage(contentDir: string, image: string, fetchImpl: typeof fetch = fetch): Promise<LoadedImage> {
  let data: Buffer;
  let name: string;
  if (/^https:\/\//.test(image)) {
    const response = await fetchImpl(image, { signal: AbortSignal.timeout(15_000) });
    if (!response.ok) throw new Error(`image download answered ${response.status}`);
    data = Buffer.from(await response.arrayBuffer());
    name = new URL(image).pathname.split('/').pop() || 'image';
  } else {
    const file = contentImagePath(contentDir, image);
    if (!file) throw new Error(`image path leaves content/: ${image}`);
    data = await readFile(file);
    name = path.basename(file);
  }
  if (data.length > MAX_BYTES) throw new Error(`image larger than ${MAX_BYTES} bytes`);
  const size = imageSize(data);
  if (!size) throw new Error('not a PNG, JPEG, GIF or WebP image');
  const filename = (/\.[a-z0-9]+$/i.test(name) ? name : `${name}.${size.type}`) as `${string}.${string}`;
  return { data, filename, width: size.width, height: size.height };
}

/** Width and height from a PNG, JPEG, GIF or WebP header. */
export function imageSize(data: Buffer): { width: number; height: number; type: string } | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), type: 'png' };
  if (data.length >= 10 && data.toString('ascii', 0, 3) === 'GIF') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8), type: 'gif' };
  if (data.length >= 30 && data.toString('ascii', 0, 4) === 'RIFF' && data.toString('ascii', 8, 12) === 'WEBP') return webpSize(data);
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data);
  return undefined;
}

function jpegSize(data: Buffer): { width: number; height: number; type: string } | undefined {
  let offset = 2;
  while (offset + 9 < data.length) {
    if (data[offset] !== 0xff) return undefined;
    const marker = data[offset + 1]!;
    const length = data.readUInt16BE(offset + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7), type: 'jpg' };
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(data: Buffer): { width: number; height: number; type: string } | undefined {
  const chunk = data.toString('ascii', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + data.readUIntLE(24, 3), height: 1 + data.readUIntLE(27, 3), type: 'webp' };
  if (chunk === 'VP8 ') return { width: data.readUInt16LE(26) & 0x3fff, height: data.readUInt16LE(28) & 0x3fff, type: 'webp' };
  if (chunk === 'VP8L') {
    const bits = data.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff), type: 'webp' };
  }
  return undefined;
}

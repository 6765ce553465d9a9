// Decodes a PNG or JPEG in memory into RGBA pixels (pngjs, jpeg-js: pure
// JavaScript, nothing written to disk). The size is checked from the header
// before decoding, so a small file that unpacks into a huge picture is refused.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Uint8ClampedArray;
}

export type ImageType = 'png' | 'jpeg';

/** Pictures above this many pixels are refused (a 48-megapixel phone photo is 8000 × 6000). */
export const MAX_PIXELS = 50_000_000;

export class ImageError extends Error {
  constructor(
    readonly reason: 'not-an-image' | 'too-large' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}

/** PNG or JPEG by its first bytes (the declared type of an upload is not trusted). */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

export function decodeImage(bytes: Uint8Array): Pixels {
  const type = sniffImageType(bytes);
  if (!type) throw new ImageError('not-an-image', 'not a PNG or JPEG file');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (type === 'png') {
      const { width, height } = pngSize(buffer);
      if (width * height > MAX_PIXELS) throw new ImageError('too-large', `PNG of ${width}×${height} pixels`);
      const png = PNG.sync.read(buffer);
      return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const image = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1_000_000, maxMemoryUsageInMB: 512 });
    return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
  } catch (error) {
    if (error instanceof ImageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageError(/resolution|memory/i.test(message) ? 'too-large' : 'corrupt', message);
  }
}

/** Width and height from the IHDR chunk, which always comes first. */
function pngSize(buffer: Buffer): { width: number; height: number } {
  if (buffer.length < 24 || buffer.toString('latin1', 12, 16) !== 'IHDR') throw new ImageError('corrupt', 'PNG without a header');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** A smaller copy (box filter) whose longer side is at most `maxSide`: QR codes are found faster and as well. */
export function downscale(pixels: Pixels, maxSide: number): Pixels {
  const factor = Math.ceil(Math.max(pixels.width, pixels.height) / maxSide);
  if (factor <= 1) return pixels;
  const width = Math.floor(pixels.width / factor);
  const height = Math.floor(pixels.height / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let dy = 0; dy < factor; dy++) {
        let index = ((y * factor + dy) * pixels.width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, index += 4) {
          r += pixels.data[index]!;
          g += pixels.data[index + 1]!;
          b += pixels.data[index + 2]!;
          a += pixels.data[index + 3]!;
        }
      }
      const out = (y * width + x) * 4;
      data[out] = r / area;
      data[out + 1] = g / area;
      data[out + 2] = b / area;
      data[out + 3] = a / area;
    }
  }
  return { width, height, data };
}

// Draws the login QR that zca-js hands over as a PNG in the terminal, so an
// operator on a headless server can scan it with the Zalo app. Black and white
// are set with ANSI colours (two modules per character), so it scans on dark
// and light terminals alike. Decoding is limited to what a QR PNG needs.
import { inflateSync } from 'node:zlib';

interface Png {
  width: number;
  height: number;
  /** 0..255 luminance at a pixel, transparent counted as white. */
  luminance(x: number, y: number): number;
}

/** The QR drawn for a terminal, or undefined when the image cannot be read as a QR. */
export function renderQrForTerminal(pngBase64: string): string | undefined {
  try {
    const png = decodePng(Buffer.from(pngBase64, 'base64'));
    const modules = sampleModules(png);
    return modules ? drawModules(modules) : undefined;
  } catch {
    return undefined;
  }
}

function drawModules(modules: boolean[][]): string {
  const quiet = 2;
  const size = modules.length + quiet * 2;
  const dark = (x: number, y: number) => modules[y - quiet]?.[x - quiet] === true;
  const lines: string[] = [];
  for (let y = 0; y < size; y += 2) {
    let line = '';
    for (let x = 0; x < size; x++) {
      const fg = dark(x, y) ? 30 : 97;
      const bg = dark(x, y + 1) ? 40 : 107;
      line += `\x1b[${fg};${bg}m▀`;
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines.join('\n');
}

/** Finds the module grid from the top-left finder pattern (7 modules wide) and samples each module's centre. */
function sampleModules(png: Png): boolean[][] | undefined {
  const isDark = (x: number, y: number) => png.luminance(x, y) < 128;
  let top = -1;
  let left = -1;
  for (let y = 0; y < png.height && top < 0; y++) {
    for (let x = 0; x < png.width; x++) {
      if (isDark(x, y)) {
        top = y;
        left = x;
        break;
      }
    }
  }
  if (top < 0) return undefined;
  let run = 0;
  while (left + run < png.width && isDark(left + run, top)) run++;
  const moduleSize = run / 7;
  let right = png.width - 1;
  while (right > left && !isDark(right, top)) right--;
  const count = Math.round((right - left + 1) / moduleSize);
  if (moduleSize < 1 || count < 21 || count > 177) return undefined;
  return Array.from({ length: count }, (_, j) =>
    Array.from({ length: count }, (_, i) => {
      const x = Math.min(png.width - 1, Math.floor(left + (i + 0.5) * moduleSize));
      const y = Math.min(png.height - 1, Math.floor(top + (j + 0.5) * moduleSize));
      return isDark(x, y);
    }),
  );
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(file: Buffer): Png {
  if (file.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 8;
  let colorType = 0;
  let palette: Buffer = Buffer.alloc(0);
  let transparency: Buffer = Buffer.alloc(0);
  const data: Buffer[] = [];
  while (offset + 8 <= file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8]!;
      colorType = body[9]!;
      if (body[12] !== 0) throw new Error('interlaced PNG');
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!channels || (depth !== 8 && !(depth < 8 && channels === 1))) throw new Error('unsupported PNG format');
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const pixels = unfilter(inflateSync(Buffer.concat(data)), stride, height, Math.max(1, bitsPerPixel / 8));
  const sample = (x: number, y: number, channel: number): number => {
    if (depth === 8) return pixels[y * stride + x * channels + channel]!;
    const bit = x * depth;
    const byte = pixels[y * stride + (bit >> 3)]!;
    return (byte >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
  };
  const luminance = (x: number, y: number): number => {
    if (colorType === 3) {
      const index = sample(x, y, 0);
      if (index < transparency.length && transparency[index]! < 128) return 255;
      return (palette[index * 3]! * 299 + palette[index * 3 + 1]! * 587 + palette[index * 3 + 2]! * 114) / 1000;
    }
    if (colorType === 0) return (sample(x, y, 0) * 255) / ((1 << depth) - 1);
    if (colorType === 4) return sample(x, y, 1) < 128 ? 255 : sample(x, y, 0);
    if (colorType === 6 && sample(x, y, 3) < 128) return 255;
    return (sample(x, y, 0) * 299 + sample(x, y, 1) * 587 + sample(x, y, 2) * 114) / 1000;
  };
  return { width, height, luminance };
}

function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Buffer {
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      const predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
      out[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

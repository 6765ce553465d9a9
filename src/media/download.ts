// Downloads a picture or voice note a platform points to, into memory, with a
// size cap and a time limit. Links that come from a message (Bot Framework
// attachments, Zalo) must be https to a public address unless the channel says
// the platform itself is local (an emulator or a test server on this machine).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** What a channel fetches at most (Telegram's getFile limit); the reader applies its own, smaller limits. */
export const PLATFORM_MEDIA_MAX_BYTES = 20 * 1024 * 1024;

export class MediaDownloadError extends Error {
  constructor(
    readonly reason: 'too-large' | 'refused' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'MediaDownloadError';
  }
}

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs?: number;
  /** Plain http and private addresses allowed (the platform's own local server). */
  allowLocal?: boolean;
  headers?: Record<string, string>;
}

export async function downloadMedia(url: string, options: DownloadOptions): Promise<{ data: Uint8Array; mimeType: string }> {
  if (url.startsWith('data:')) return fromDataUrl(url, options.maxBytes);
  await checkAddress(url, options.allowLocal === true);
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers, redirect: options.allowLocal ? 'follow' : 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (error) {
    throw new MediaDownloadError('failed', `download failed: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) throw new MediaDownloadError('failed', `download answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) throw new MediaDownloadError('too-large', `${declared} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw new MediaDownloadError('too-large', `more than ${options.maxBytes} bytes`);
    chunks.push(chunk);
  }
  return { data: Buffer.concat(chunks), mimeType: (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim() };
}

function fromDataUrl(url: string, maxBytes: number): { data: Uint8Array; mimeType: string } {
  const match = /^data:([\w.+-]+\/[\w.+-]+)?(;base64)?,(.*)$/s.exec(url);
  if (!match?.[2]) throw new MediaDownloadError('refused', 'only base64 data URLs are read');
  if ((match[3]!.length * 3) / 4 > maxBytes + 3) throw new MediaDownloadError('too-large', 'data URL too large');
  return { data: Buffer.from(match[3]!, 'base64'), mimeType: match[1] ?? 'application/octet-stream' };
}

async function checkAddress(url: string, allowLocal: boolean): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MediaDownloadError('refused', 'not a link');
  }
  if (allowLocal && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return;
  if (parsed.protocol !== 'https:') throw new MediaDownloadError('refused', 'media links must be https');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((entry) => entry.address);
  if (addresses.length === 0) throw new MediaDownloadError('failed', 'media host not found');
  if (addresses.some(isPrivateAddress)) throw new MediaDownloadError('refused', 'media link to a private address');
}

/** Loopback, private, link-local, carrier-grade NAT, unique-local and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const mapped = address.toLowerCase().replace(/^::ffff:/, '');
  if (isIP(mapped) === 4) {
    const [a = 0, b = 0] = mapped.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  return mapped === '::' || mapped === '::1' || /^f[cd]/.test(mapped) || /^fe[89ab]/.test(mapped) || /^ff/.test(mapped);
}

// Zalo signs every OA webhook call: the X-ZEvent-Signature header carries
// "mac=<hex>" where hex = sha256(appId + raw body + timestamp + OA secret key)
// and timestamp is the event's own "timestamp" field (milliseconds). Nothing in
// the body is acted on before this check passes; old events are refused too,
// so a captured call cannot be replayed later.
import { createHash, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-zevent-signature';

/** A clock a little ahead of ours is tolerated; much further is not a real event. */
const FUTURE_SKEW_MS = 5 * 60_000;

export type Verdict = { ok: true; body: unknown } | { ok: false; reason: 'no-signature' | 'unreadable' | 'bad-signature' | 'stale'; detail: string };

export interface SignatureKeys {
  appId: string;
  oaSecretKey: string;
  maxAgeMs: number;
}

export function macFor(keys: Pick<SignatureKeys, 'appId' | 'oaSecretKey'>, rawBody: string, timestamp: string): string {
  return createHash('sha256').update(`${keys.appId}${rawBody}${timestamp}${keys.oaSecretKey}`, 'utf8').digest('hex');
}

export function verifyEvent(rawBody: string, header: string | string[] | undefined, keys: SignatureKeys, now: number): Verdict {
  if (typeof header !== 'string' || header.trim() === '') return { ok: false, reason: 'no-signature', detail: 'no X-ZEvent-Signature header' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { ok: false, reason: 'unreadable', detail: 'the body is not JSON, so its signature cannot be checked' };
  }
  const timestamp = timestampOf(body);
  if (timestamp === undefined) return { ok: false, reason: 'unreadable', detail: 'the event has no timestamp, so its signature cannot be checked' };
  const given = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase());
  const expected = Buffer.from(macFor(keys, rawBody, timestamp));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature', detail: 'the signature does not match' };
  const at = toMillis(Number(timestamp));
  if (!Number.isFinite(at) || now - at > keys.maxAgeMs || at - now > FUTURE_SKEW_MS) {
    return { ok: false, reason: 'stale', detail: `the event time ${new Date(at || 0).toISOString()} is outside the accepted ${Math.round(keys.maxAgeMs / 1000)} s` };
  }
  return { ok: true, body };
}

/** The timestamp exactly as sent (string or number), since it is hashed as text. */
function timestampOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>).timestamp;
  if (typeof value === 'string' && /^\d{9,16}$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return undefined;
}

/** Zalo sends milliseconds; seconds are accepted too. */
export function toMillis(timestamp: number): number {
  return timestamp < 1e12 ? timestamp * 1000 : timestamp;
}

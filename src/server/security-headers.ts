// Security headers on every answer, set in one onSend hook (no extra package).
// The chat page loads its script and style from its own origin, so its policy
// allows no inline code; everything else (JSON, media) may load nothing at all.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** For HTML pages: own script and style only; images also over https (lesson images may be hosted elsewhere). */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** For everything that is not a page: nothing may run, load or frame it. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

export const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Over https only (directly, or as a trusted proxy says with X-Forwarded-Proto): browsers then refuse plain http for 180 days. */
export const HSTS = 'max-age=15552000';

const BASE_ENTRIES = Object.entries(BASE_HEADERS);

/**
 * onSend hook: a route that set its own Content-Security-Policy (media) keeps it.
 * A callback hook, not an async one: it runs on every answer, webhooks included,
 * and has nothing to wait for.
 */
export function securityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload: unknown) => void): void {
  for (const [name, value] of BASE_ENTRIES) if (!reply.hasHeader(name)) reply.header(name, value);
  if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  if (!reply.hasHeader('content-security-policy')) {
    const type = String(reply.getHeader('content-type') ?? '');
    reply.header('content-security-policy', type.startsWith('text/html') ? PAGE_CSP : NON_PAGE_CSP);
  }
  done(null, payload);
}

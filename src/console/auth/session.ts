// Console sessions: a random token in an HttpOnly, SameSite=Strict cookie
// (Secure over https); the store keeps only the token's digest, with the
// session's CSRF token, for SESSION_TTL_MS. Every form and every non-GET API
// call with a session must carry that CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorAccount, Store } from '../../store/types.js';

export const SESSION_COOKIE = 'hvs_console';
export const SESSION_TTL_MS = 12 * 3600_000;

export interface Operator {
  username: string;
  role: OperatorAccount['role'];
  wards: string[];
}

export interface Session {
  operator: Operator;
  csrf: string;
  tokenDigest: string;
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const sessionKey = (tokenDigest: string) => `console:session:${tokenDigest}`;

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (header ?? '').split(';').map((p) => p.trim())) {
    const at = pair.indexOf('=');
    if (at < 1) continue;
    const name = pair.slice(0, at);
    try {
      cookies[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed cookie is ignored.
    }
  }
  return cookies;
}

function cookie(request: FastifyRequest, value: string, maxAgeS: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`;
}

export async function startSession(store: Store, request: FastifyRequest, reply: FastifyReply, account: OperatorAccount): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await store.shared.set(sessionKey(digest(token)), JSON.stringify({ username: account.username, csrf }), SESSION_TTL_MS);
  reply.header('set-cookie', cookie(request, token, SESSION_TTL_MS / 1000));
}

/** The session of this request, with the account as it is now (a changed role applies at once). */
export async function readSession(store: Store, request: FastifyRequest): Promise<Session | null> {
  const token = parseCookies(request.headers.cookie)[SESSION_COOKIE];
  if (!token || token.length > 100) return null;
  const tokenDigest = digest(token);
  const raw = await store.shared.get(sessionKey(tokenDigest));
  if (!raw) return null;
  const { username, csrf } = JSON.parse(raw) as { username: string; csrf: string };
  const account = await store.operators.account(username);
  if (!account) return null;
  return { operator: { username, role: account.role, wards: account.wards }, csrf, tokenDigest };
}

export async function endSession(store: Store, request: FastifyRequest, reply: FastifyReply, session: Session | null): Promise<void> {
  if (session) await store.shared.delete(sessionKey(session.tokenDigest));
  reply.header('set-cookie', cookie(request, '', 0));
}

export function csrfMatches(session: Session, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A browser's cross-site POST says so: Sec-Fetch-Site (every current browser),
 * else an Origin naming another host. Our pages send no referrer, so a form's
 * Origin is "null" there; a request with neither header (scripts, old
 * browsers) is left to the CSRF token.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

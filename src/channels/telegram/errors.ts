// Decides, in one place, what a failed Bot API call means: wait and retry (429,
// network, 5xx), give up on this user (403, chat gone), or give up on this call.
import { TelegramError } from 'telegraf';
import type { AttemptResult } from '../shared/paced-sender.js';

type Failure = Exclude<AttemptResult, { ok: true }>;

/** Bad-request descriptions that mean the chat is gone for good, like a 403. */
const CHAT_GONE = /chat not found|user is deactivated|bot was kicked|group chat was (deleted|upgraded)/i;

export function classifyTelegramError(error: unknown, method: string): Failure {
  if (error instanceof TelegramError) {
    const description = `${method}: ${error.code} ${error.description}`;
    if (error.code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return { ok: false, kind: 'rate-limited', retryAfterMs: Math.max(0, seconds) * 1000, error: description };
    }
    if (error.code === 403) return { ok: false, kind: 'unreachable', error: description };
    if (error.code === 400 && CHAT_GONE.test(error.description)) return { ok: false, kind: 'unreachable', error: description };
    if (error.code >= 500) return { ok: false, kind: 'transient', error: description };
    return { ok: false, kind: 'permanent', error: description };
  }
  // node-fetch errors (FetchError: ECONNREFUSED, ECONNRESET…) and our own timeouts.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ok: false, kind: 'transient', error: `${method}: ${redactToken(message)}` };
}

/** True for a 400 whose description matches, e.g. "message is not modified". */
export function isBadRequest(error: unknown, pattern: RegExp): boolean {
  return error instanceof TelegramError && error.code === 400 && pattern.test(error.description);
}

/** Error texts may contain the request URL, which carries the token. */
export function redactToken(text: string): string {
  return text.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot[REDACTED]');
}

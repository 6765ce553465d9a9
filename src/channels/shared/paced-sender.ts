// Outgoing platform calls, paced and retried in one place: per chat one call at
// a time with a minimum gap, a global rate, retry_after on 429, backoff on
// network errors and 5xx, no retry when the user blocked the bot. A reply that
// finally fails is logged with its reason, never dropped silently.
import type { Logger } from '../../log/logger.js';
import type { Metrics } from '../../server/metrics.js';
import type { SendOutcome } from '../types.js';

export interface PacingPolicy {
  /** Minimum gap between two calls to the same chat (Telegram: about 1 s). */
  perChatIntervalMs: number;
  /** Calls per second over all chats (Telegram: about 30). */
  globalPerSecond: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/** What one platform call came to, classified by the channel. */
export type AttemptResult =
  | { ok: true }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  | { ok: false; kind: 'unreachable'; error: string }
  | { ok: false; kind: 'transient'; error: string }
  | { ok: false; kind: 'permanent'; error: string };

export class PacedSender {
  private readonly chatQueues = new Map<string, Promise<unknown>>();
  private readonly lastCallAt = new Map<string, number>();
  private globalNextSlot = 0;

  constructor(
    private readonly channel: string,
    private readonly policy: PacingPolicy,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Runs the calls for one chat in order, each paced and retried. Resolves when all are done or one finally fails. */
  send(chatId: string, calls: (() => Promise<AttemptResult>)[]): Promise<SendOutcome> {
    const previous = this.chatQueues.get(chatId) ?? Promise.resolve();
    const run = previous.then(() => this.runInOrder(chatId, calls));
    const tail = run.catch(() => undefined);
    this.chatQueues.set(chatId, tail);
    void tail.then(() => {
      if (this.chatQueues.get(chatId) === tail) this.chatQueues.delete(chatId);
    });
    return run;
  }

  private async runInOrder(chatId: string, calls: (() => Promise<AttemptResult>)[]): Promise<SendOutcome> {
    for (const call of calls) {
      const outcome = await this.attempt(chatId, call);
      if (!outcome.ok) return outcome;
    }
    return { ok: true };
  }

  private async attempt(chatId: string, call: () => Promise<AttemptResult>): Promise<SendOutcome> {
    let last: AttemptResult = { ok: false, kind: 'transient', error: 'not attempted' };
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      await this.waitForSlot(chatId);
      last = await call().catch((error: Error): AttemptResult => ({ ok: false, kind: 'transient', error: error.message }));
      if (last.ok) {
        this.metrics.channelSends.inc({ channel: this.channel, outcome: 'ok' });
        return { ok: true };
      }
      this.metrics.channelSends.inc({ channel: this.channel, outcome: last.kind });
      if (last.kind === 'unreachable' || last.kind === 'permanent') break;
      if (attempt < this.policy.maxAttempts) await this.sleep(this.retryDelay(last, attempt));
    }
    if (last.ok) return { ok: true };
    this.logger.warn({ channel: this.channel, reason: last.kind, error: last.error }, 'message not delivered');
    return { ok: false, unreachable: last.kind === 'unreachable', retryable: last.kind === 'transient' || last.kind === 'rate-limited', error: last.error };
  }

  private retryDelay(result: Exclude<AttemptResult, { ok: true }>, attempt: number): number {
    if (result.kind === 'rate-limited') return result.retryAfterMs;
    const exponential = this.policy.baseBackoffMs * 2 ** (attempt - 1);
    return Math.min(this.policy.maxBackoffMs, exponential) * (0.75 + Math.random() / 2);
  }

  private async waitForSlot(chatId: string): Promise<void> {
    const now = Date.now();
    const chatReady = (this.lastCallAt.get(chatId) ?? 0) + this.policy.perChatIntervalMs;
    const globalGap = 1000 / this.policy.globalPerSecond;
    const slot = Math.max(now, chatReady, this.globalNextSlot);
    this.globalNextSlot = slot + globalGap;
    this.lastCallAt.set(chatId, slot);
    if (slot > now) await this.sleep(slot - now);
    if (this.lastCallAt.size > 10_000) this.forgetIdleChats(now);
  }

  private forgetIdleChats(now: number): void {
    for (const [chatId, at] of this.lastCallAt) if (at + this.policy.perChatIntervalMs < now) this.lastCallAt.delete(chatId);
  }
}

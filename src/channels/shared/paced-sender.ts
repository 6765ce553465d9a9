// Outgoing platform calls, paced and retried in one place: per chat one call at
// a time with a minimum gap, a global rate, retry_after on 429, backoff on
// network errors and 5xx, no retry when the user blocked the bot. A reply that
// finally fails is logged with its reason, never dropped silently.
import { userTag, type Logger } from '../../log/logger.js';
import type { Metrics } from '../../server/metrics.js';
import type { SendOutcome } from '../types.js';
import { PerKeySerial } from '../../runtime/per-key-serial.js';

export { PerKeySerial };

export interface PacingPolicy {
  /** Minimum gap between two calls to the same chat (Telegram: about 1 s); 0 means none. */
  perChatIntervalMs: number;
  /** Calls per second over all chats (Telegram: about 30); 0 means no global pacing. */
  globalPerSecond: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A 429 asking to wait longer than this is given up (retryable) rather than holding the chat. Default 60 s. */
  maxRetryAfterMs?: number;
  /**
   * Several processes sharing a Redis: reserves the chat's next slot there and
   * returns how long to wait for it (src/cluster/pacing.ts), so the gap holds
   * whichever process sends. Without it (or when it fails) the gap is this process's.
   */
  sharedChatSlot?: (chatId: string, intervalMs: number) => Promise<number>;
}

/** What one platform call came to, classified by the channel. */
export type AttemptResult =
  | { ok: true }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  | { ok: false; kind: 'unreachable'; error: string }
  | { ok: false; kind: 'transient'; error: string }
  | { ok: false; kind: 'permanent'; error: string };

export interface PacedCall {
  run: () => Promise<AttemptResult>;
  /** The platform method, for logs ("sendMessage"). */
  label?: string;
  /**
   * False for calls that are not new messages in the chat (answering a button
   * press, editing a keyboard): they keep their place in the chat's order and
   * the global rate, but neither wait for nor delay the chat's next message.
   */
  perChatGap?: boolean;
  /**
   * The first message of a reply: when the global rate is reached it goes
   * ahead of other chats' later bubbles and keyboard edits, so under load every
   * resident hears back at once and the rest of each reply follows at the rate.
   */
  first?: boolean;
}

type Failure = Exclude<AttemptResult, { ok: true }>;

const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/**
 * The global rate is a token bucket holding a tenth of a second's calls: a burst
 * that size (every resident pressing at once) goes out at once instead of in
 * single file one slot apart, while over any second the rate stays within 10 %
 * of the setting (at 30/s: 3 at once, then one every 33 ms).
 */
const GLOBAL_BURST_SECONDS = 0.1;
/**
 * While calls wait for the global rate they are let go in small groups at most
 * this often, not one per timer tick: at 1000/s one timer per call cost more
 * CPU than the calls' own bookkeeping. At Telegram's 30/s a call's slot is 33 ms
 * apart anyway.
 */
const RELEASE_EVERY_MS = 10;

type Waiter = () => void;

export class PacedSender {
  private readonly chatQueues = new PerKeySerial();
  private readonly lastCallAt = new Map<string, number>();
  /** Calls the global bucket can take now (whole ones are taken). */
  private globalTokens?: number;
  private globalRefilledAt = 0;
  /** Calls waiting for a global slot: first messages of replies, then the rest, each in arrival order. */
  private readonly waiting: { first: Waiter[]; rest: Waiter[] } = { first: [], rest: [] };
  private releasing = false;

  constructor(
    private readonly channel: string,
    private readonly policy: PacingPolicy,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs the calls for one chat in order, each paced and retried. Resolves when
   * all are done or one finally fails. `reply`: the calls answer the resident, so
   * the first goes ahead of other chats' later calls at the global rate.
   */
  send(chatId: string, calls: (PacedCall | (() => Promise<AttemptResult>))[], options: { reply?: boolean } = {}): Promise<SendOutcome> {
    const paced = calls.map((call, i): PacedCall => {
      const asPaced = typeof call === 'function' ? { run: call } : call;
      return options.reply && i === 0 ? { ...asPaced, first: true } : asPaced;
    });
    return this.chatQueues.run(chatId, () => this.runInOrder(chatId, paced));
  }

  /**
   * Sends messages, each as its calls, in order. On failure `accepted` counts the
   * whole messages the platform took, so the runtime marks exactly those as sent.
   */
  async sendMessages(chatId: string, callsPerMessage: (PacedCall | (() => Promise<AttemptResult>))[][]): Promise<SendOutcome> {
    const ends: number[] = [];
    let total = 0;
    for (const calls of callsPerMessage) ends.push((total += calls.length));
    const outcome = await this.send(chatId, callsPerMessage.flat(), { reply: true });
    return outcome.ok ? outcome : { ...outcome, accepted: ends.filter((end) => end <= (outcome.accepted ?? 0)).length };
  }

  /** Resolves when every call queued so far has finished (shutdown). */
  idle(): Promise<void> {
    return this.chatQueues.idle();
  }

  /** On failure, `accepted` is the number of calls that succeeded before it. */
  private async runInOrder(chatId: string, calls: PacedCall[]): Promise<SendOutcome> {
    for (const [i, call] of calls.entries()) {
      const outcome = await this.attempt(chatId, call);
      if (!outcome.ok) return { ...outcome, accepted: i };
    }
    return { ok: true };
  }

  private async attempt(chatId: string, call: PacedCall): Promise<SendOutcome> {
    const perChatGap = call.perChatGap ?? true;
    let last: Failure = { ok: false, kind: 'transient', error: 'not attempted' };
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      if (this.paced) await this.waitForSlot(chatId, perChatGap, call.first === true && attempt === 1);
      const result = await runCaught(call);
      if (result.ok) {
        this.metrics.channelSends.inc({ channel: this.channel, outcome: 'ok' });
        return { ok: true };
      }
      last = result;
      this.metrics.channelSends.inc({ channel: this.channel, outcome: last.kind });
      if (last.kind === 'unreachable' || last.kind === 'permanent') break;
      if (last.kind === 'rate-limited' && last.retryAfterMs > (this.policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)) break;
      if (attempt < this.policy.maxAttempts) await this.sleep(this.retryDelay(last, attempt));
    }
    this.logger.warn({ channel: this.channel, user: userTag(`${this.channel}:${chatId}`), method: call.label, reason: last.kind, error: last.error }, 'message not delivered');
    return { ok: false, unreachable: last.kind === 'unreachable', retryable: last.kind === 'transient' || last.kind === 'rate-limited', error: last.error };
  }

  /** False when both the gap and the global rate are off (benchmarks, a self-hosted Bot API server). */
  private get paced(): boolean {
    return this.policy.perChatIntervalMs > 0 || this.policy.globalPerSecond > 0;
  }

  private retryDelay(result: Failure, attempt: number): number {
    if (result.kind === 'rate-limited') return result.retryAfterMs;
    const exponential = this.policy.baseBackoffMs * 2 ** (attempt - 1);
    return Math.min(this.policy.maxBackoffMs, exponential) * (0.75 + Math.random() / 2);
  }

  /**
   * Waits for the chat's gap first, and only then takes a global slot: a chat
   * waiting for its own gap must not hold back every other chat.
   */
  private async waitForSlot(chatId: string, perChatGap: boolean, first: boolean): Promise<void> {
    const { perChatIntervalMs, globalPerSecond } = this.policy;
    const shared = perChatGap && perChatIntervalMs > 0 && this.policy.sharedChatSlot ? await this.policy.sharedChatSlot(chatId, perChatIntervalMs).catch(() => undefined) : undefined;
    if (shared !== undefined) {
      if (shared > 0) await this.sleep(shared);
    } else if (perChatGap && perChatIntervalMs > 0) {
      const last = this.lastCallAt.get(chatId);
      const wait = last === undefined ? 0 : last + this.policy.perChatIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
    }
    if (globalPerSecond > 0) await this.globalSlot(globalPerSecond, first);
    if (perChatGap && perChatIntervalMs > 0) this.lastCallAt.set(chatId, this.now());
    if (this.lastCallAt.size > 10_000) this.forgetIdleChats(this.now());
  }

  /** At once while the bucket has a call and nobody waits; else in line, a reply's first message ahead. */
  private globalSlot(perSecond: number, first: boolean): Promise<void> | void {
    const { first: firsts, rest } = this.waiting;
    if (firsts.length + rest.length === 0 && this.takeGlobalToken(perSecond)) return;
    return new Promise<void>((resolve) => {
      (first ? firsts : rest).push(resolve);
      void this.releaseAsRefilled(perSecond);
    });
  }

  /** Lets the waiting calls go one per token as the bucket refills (one loop at a time). */
  private async releaseAsRefilled(perSecond: number): Promise<void> {
    if (this.releasing) return;
    this.releasing = true;
    try {
      const { first: firsts, rest } = this.waiting;
      while (firsts.length + rest.length > 0) {
        if (this.takeGlobalToken(perSecond)) (firsts.shift() ?? rest.shift())!();
        else await this.sleep(Math.max(RELEASE_EVERY_MS, Math.ceil(((1 - this.globalTokens!) * 1000) / perSecond)));
      }
    } finally {
      this.releasing = false;
    }
  }

  /** Refills the global bucket for the time passed and takes one call from it if it holds one. */
  private takeGlobalToken(perSecond: number): boolean {
    const now = this.now();
    const capacity = Math.max(1, perSecond * GLOBAL_BURST_SECONDS);
    this.globalTokens = Math.min(capacity, (this.globalTokens ?? capacity) + ((now - this.globalRefilledAt) * perSecond) / 1000);
    this.globalRefilledAt = now;
    if (this.globalTokens < 1) return false;
    this.globalTokens -= 1;
    return true;
  }

  private forgetIdleChats(now: number): void {
    for (const [chatId, at] of this.lastCallAt) if (at + this.policy.perChatIntervalMs < now) this.lastCallAt.delete(chatId);
  }
}

/** A call that threw (a bug in the channel's code, a network error) counts as transient. Not async: one promise less per call. */
function runCaught(call: PacedCall): Promise<AttemptResult> {
  try {
    return call.run().catch(asTransient);
  } catch (error) {
    return Promise.resolve(asTransient(error));
  }
}

function asTransient(error: unknown): AttemptResult {
  return { ok: false, kind: 'transient', error: (error as Error).message };
}

// Delivers saved replies through push channels (every channel but the web chat,
// whose replies travel in the HTTP response). Messages of one resident go out in
// order; each message the platform accepts is marked sent (marks are batched:
// while one write is in flight the next ones gather). A reply left unsent by a
// crash is taken over by any process once its deadline passes.
import type { Channel, SendTarget } from '../channels/types.js';
import { userTag, type Logger } from '../log/logger.js';
import type { Metrics } from '../server/metrics.js';
import type { Store, UserRecord } from '../store/types.js';
import { PerKeySerial } from './per-key-serial.js';
import { unsentItems, type OutboxItem } from './records.js';
import { setReachable } from './user-updates.js';

export interface DeliveryOptions {
  store: Store;
  channel: (name: string) => Channel | undefined;
  logger: Logger;
  metrics: Metrics;
  /** A reply not delivered this long after its commit is taken over by recovery. */
  recoverAfterMs: number;
  /** How often each process looks for overdue replies. */
  recoveryIntervalMs: number;
}

const RECOVERY_BATCH = 100;
const LOCAL_SENT_KEPT = 50_000;

export class Deliveries {
  private readonly serial = new PerKeySerial();
  /** Highest seq this process saw accepted, per user: never send a message twice from here. */
  private readonly sentHere = new Map<string, number>();
  private pendingMarks = new Map<string, number>();
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** Whether replies on this channel are pushed (and so need delivery and recovery). */
  isPush(channelName: string): boolean {
    const channel = this.options.channel(channelName);
    return channel !== undefined && channel.capabilities.delivery !== 'pull';
  }

  /** The highest seq this process saw the platform accept for the resident (its mark may still be on its way to the store). */
  acceptedUpTo(userKey: string): number {
    return this.sentHere.get(userKey) ?? 0;
  }

  get deadline(): number {
    return Date.now() + this.options.recoverAfterMs;
  }

  /** Queues the messages for the resident after what is already queued; resolves when they are sent or given up. `trace`: the turn's, for the log. */
  deliver(userKey: string, items: OutboxItem[], target: SendTarget, trace?: string): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return this.serial
      .run(userKey, () => this.send(userKey, items, target, trace))
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, user: userTag(userKey), trace }, 'delivery failed; recovery will try again');
      });
  }

  /** Sends what the record still owes (a duplicate message, or recovery). */
  resume(userKey: string, record: UserRecord): Promise<void> {
    return this.deliver(userKey, unsentItems(record), targetOf(record));
  }

  private async send(userKey: string, items: OutboxItem[], target: SendTarget, trace: string | undefined): Promise<void> {
    const separator = userKey.indexOf(':');
    const channel = this.options.channel(userKey.slice(0, separator));
    const todo = items.filter((item) => item.seq > (this.sentHere.get(userKey) ?? 0));
    if (!channel || todo.length === 0) return;
    const outcome = await channel.send(
      userKey.slice(separator + 1),
      todo.map((item) => item.message),
      target,
    );
    const accepted = outcome.ok ? todo.length : Math.min(outcome.accepted ?? 0, todo.length);
    if (outcome.ok && target.lastInboundAt) this.options.metrics.deliveryLagSeconds.observe({ channel: channel.name }, Math.max(0, Date.now() - target.lastInboundAt) / 1000);
    this.options.metrics.deliveries.inc({ channel: channel.name, outcome: outcome.ok ? 'sent' : outcome.retryable ? 'retry-later' : 'given-up' }, todo.length);
    // Unreachable or refused for good: nothing more to try; the record is settled as if sent.
    if (!outcome.ok) this.options.logger.warn({ user: userTag(userKey), trace, sent: accepted, of: todo.length, retryLater: outcome.retryable === true, error: outcome.error }, 'reply not delivered');
    const settled = outcome.ok || outcome.retryable ? accepted : todo.length;
    if (settled > 0) this.mark(userKey, todo[settled - 1]!.seq);
    if (outcome.unreachable) await setReachable(this.options.store, userKey, false);
  }

  private mark(userKey: string, seq: number): void {
    this.sentHere.set(userKey, seq);
    if (this.sentHere.size > LOCAL_SENT_KEPT) this.sentHere.delete(this.sentHere.keys().next().value!);
    this.pendingMarks.set(userKey, Math.max(seq, this.pendingMarks.get(userKey) ?? 0));
    this.flushing ??= this.flush();
  }

  /** Group commit: one write carries every mark gathered while the previous one was in flight. */
  private async flush(): Promise<void> {
    try {
      while (this.pendingMarks.size > 0) {
        const marks = [...this.pendingMarks].map(([userKey, seq]) => ({ userKey, seq }));
        this.pendingMarks = new Map();
        await this.options.store.users.markSent(marks).catch((error: unknown) => {
          // Not written: recovery may send these again later (the documented duplicate window).
          this.options.logger.warn({ err: error, marks: marks.length }, 'sent marks not written');
        });
      }
    } finally {
      this.flushing = undefined;
    }
  }

  startRecovery(): void {
    const tick = async () => {
      try {
        await this.recoverOverdue();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'delivery recovery failed');
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.recoveryIntervalMs).unref();
    };
    this.timer = setTimeout(tick, this.options.recoveryIntervalMs).unref();
  }

  /** Takes over replies whose deadline passed (their process crashed, or the platform said "later"). */
  async recoverOverdue(): Promise<number> {
    const userKeys = await this.options.store.users.claimOverdueDeliveries(Date.now(), this.options.recoverAfterMs * 4, RECOVERY_BATCH);
    await Promise.all(
      userKeys.map(async (userKey) => {
        const record = await this.options.store.users.load(userKey);
        const items = record ? unsentItems(record) : [];
        if (!record || items.length === 0) return this.options.store.users.markSent([{ userKey, seq: record?.outbox.seq ?? 0 }]);
        this.options.metrics.recoveredDeliveries.inc();
        this.options.logger.info({ user: userTag(userKey), messages: items.length }, 'delivering a reply left unsent');
        await this.resume(userKey, record);
      }),
    );
    return userKeys.length;
  }

  /** Stops recovery; resolves when every delivery and mark under way is done. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.serial.idle();
    while (this.flushing) await this.flushing;
  }

  async idle(): Promise<void> {
    await this.serial.idle();
    while (this.flushing) await this.flushing;
  }
}

export function targetOf(record: Pick<UserRecord, 'data' | 'state'>): SendTarget {
  return { ...(record.data.address ? { address: record.data.address } : {}), lastInboundAt: record.state.updatedAt };
}

// Broadcast delivery without Redis: recipients and a cursor per channel are kept
// in the embedded store, and an in-process loop sends at each channel's rate.
// After a crash or restart, sending resumes at the saved cursor; sent marks keep
// anyone from getting the same broadcast twice.
import type { BroadcastRecipientStore, Store } from '../store/types.js';
import type { BroadcastBook } from './book.js';
import { deliverOne, giveUp, type DeliveryDeps } from './deliver.js';
import { fanOut } from './fan-out.js';
import { msUntilAllowed, type QuietHours } from './quiet-hours.js';
import { RetryLaterError, type BroadcastRecord } from './types.js';
import type { BroadcastQueue } from './queue.js';

const CURSOR_SAVE_EVERY = 25;
const MAX_ATTEMPTS = 5;

export class EmbeddedBroadcastQueue implements BroadcastQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly nextSlot = new Map<string, number>();
  private closed = false;
  private wakeOnClose!: () => void;
  private readonly closing = new Promise<void>((resolve) => (this.wakeOnClose = resolve));
  private readonly recipients: BroadcastRecipientStore;

  constructor(
    private readonly store: Store,
    private readonly book: BroadcastBook,
    private readonly deps: DeliveryDeps,
    private readonly rateFor: (channel: string) => number,
    private readonly quiet: QuietHours | undefined,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!store.recipients) throw new Error('the in-process broadcast queue needs the embedded store');
    this.recipients = store.recipients;
  }

  async enqueue(record: BroadcastRecord): Promise<void> {
    const channels = new Set(this.deps.channels.keys());
    const todo = new Map<string, string[]>();
    await fanOut(this.store, record, channels, async (batch) => {
      for (const [channel, keys] of batch.byChannel) todo.set(channel, [...(todo.get(channel) ?? []), ...keys]);
      await this.book.count(record.id, 'queued', batch.skipped + [...batch.byChannel.values()].reduce((n, keys) => n + keys.length, 0));
      if (batch.skipped) await this.book.count(record.id, 'skipped', batch.skipped);
    });
    for (const [channel, keys] of todo) await this.recipients.saveRecipients(record.id, channel, keys);
    await this.recipients.setActive(record.id, true);
    await this.book.setStatus(record.id, 'sending');
    this.run(record.id);
  }

  async startWorkers(): Promise<void> {
    for (const id of await this.recipients.active()) this.run(id);
  }

  /** The embedded store blanks a forgotten resident in the recipient lists itself. */
  async forgetUser(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    this.wakeOnClose();
    await Promise.allSettled(this.running.values());
  }

  /** Resolves when every broadcast running in this process is finished (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private run(id: string): void {
    if (this.running.has(id) || this.closed) return;
    const job = this.runBroadcast(id).finally(() => this.running.delete(id));
    this.running.set(id, job);
  }

  private async runBroadcast(id: string): Promise<void> {
    const record = await this.book.get(id);
    if (!record) return;
    const channels = [...this.deps.channels.keys()];
    await Promise.all(channels.map((channel) => this.runChannel(record, channel)));
    if (!this.closed && (await this.book.status(id)) === 'done') await this.recipients.setActive(id, false);
  }

  private async runChannel(record: BroadcastRecord, channel: string): Promise<void> {
    const keys = await this.recipients.recipients(record.id, channel);
    let cursor = await this.recipients.cursor(record.id, channel);
    while (cursor < keys.length && !this.closed) {
      if (record.respectQuietHours) await this.waitForDaytime();
      await this.paced(channel);
      // A resident forgotten meanwhile is an empty entry: counted as skipped by deliverOne.
      await this.deliverWithRetries(record, keys[cursor]!);
      cursor++;
      if (cursor % CURSOR_SAVE_EVERY === 0 || cursor === keys.length) await this.recipients.setCursor(record.id, channel, cursor);
    }
  }

  private async deliverWithRetries(record: BroadcastRecord, userKey: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await deliverOne(this.deps, record, userKey);
        return;
      } catch (error) {
        const retryLater = error instanceof RetryLaterError;
        if (!retryLater || attempt >= MAX_ATTEMPTS || this.closed) {
          await giveUp(this.deps, record, userKey, (error as Error).message);
          return;
        }
        await this.sleep(error.retryAfterMs ?? 500 * 2 ** attempt);
      }
    }
  }

  private async waitForDaytime(): Promise<void> {
    for (let wait = msUntilAllowed(Date.now(), this.quiet); wait > 0 && !this.closed; wait = msUntilAllowed(Date.now(), this.quiet)) {
      await Promise.race([this.sleep(Math.min(wait, 60_000)), this.closing]);
    }
  }

  private async paced(channel: string): Promise<void> {
    const gap = 1000 / this.rateFor(channel);
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(channel) ?? 0);
    this.nextSlot.set(channel, slot + gap);
    if (slot > now) await this.sleep(slot - now);
  }
}

// Broadcast delivery without Redis: recipients and a cursor per channel are kept
// in the embedded store, and an in-process loop sends at each channel's rate.
// After a crash or restart, sending resumes at the saved cursor; sent marks keep
// anyone from getting the same broadcast twice.
import type { Store } from '../store/types.js';
import type { BroadcastBook } from './book.js';
import { deliverOne, giveUp, type DeliveryDeps } from './deliver.js';
import { fanOut } from './fan-out.js';
import { msUntilAllowed, type QuietHours } from './quiet-hours.js';
import { RetryLaterError, type BroadcastRecord } from './types.js';
import type { BroadcastQueue } from './queue.js';

const ACTIVE_KEY = 'bc:active';
const CURSOR_SAVE_EVERY = 25;
const MAX_ATTEMPTS = 5;

export class EmbeddedBroadcastQueue implements BroadcastQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly nextSlot = new Map<string, number>();
  private closed = false;
  private wakeOnClose!: () => void;
  private readonly closing = new Promise<void>((resolve) => (this.wakeOnClose = resolve));

  constructor(
    private readonly store: Store,
    private readonly book: BroadcastBook,
    private readonly deps: DeliveryDeps,
    private readonly rateFor: (channel: string) => number,
    private readonly quiet: QuietHours | undefined,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async enqueue(record: BroadcastRecord): Promise<void> {
    const channels = new Set(this.deps.channels.keys());
    const todo = new Map<string, string[]>();
    await fanOut(this.store, record, channels, async (batch) => {
      for (const [channel, keys] of batch.byChannel) todo.set(channel, [...(todo.get(channel) ?? []), ...keys]);
      await this.book.count(record.id, 'queued', batch.skipped + [...batch.byChannel.values()].reduce((n, keys) => n + keys.length, 0));
      if (batch.skipped) await this.book.count(record.id, 'skipped', batch.skipped);
    });
    for (const [channel, keys] of todo) await this.store.set(`bc:${record.id}:todo:${channel}`, JSON.stringify(keys));
    await this.store.set(`bc:${record.id}:channels`, JSON.stringify([...todo.keys()]));
    await this.store.listPush(ACTIVE_KEY, record.id);
    await this.book.setStatus(record.id, 'sending');
    this.run(record.id);
  }

  async startWorkers(): Promise<void> {
    for (const id of await this.store.listRange(ACTIVE_KEY, 0, -1)) this.run(id);
  }

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
    const channels = JSON.parse((await this.store.get(`bc:${id}:channels`)) ?? '[]') as string[];
    await Promise.all(channels.map((channel) => this.runChannel(record, channel)));
    if (!this.closed && (await this.book.status(id)) === 'done') await this.removeFromActive(id);
  }

  private async runChannel(record: BroadcastRecord, channel: string): Promise<void> {
    const keys = JSON.parse((await this.store.get(`bc:${record.id}:todo:${channel}`)) ?? '[]') as string[];
    const cursorKey = `bc:${record.id}:cursor:${channel}`;
    let cursor = Number((await this.store.get(cursorKey)) ?? 0);
    while (cursor < keys.length && !this.closed) {
      if (record.respectQuietHours) await this.waitForDaytime();
      await this.paced(channel);
      await this.deliverWithRetries(record, keys[cursor]!);
      cursor++;
      if (cursor % CURSOR_SAVE_EVERY === 0 || cursor === keys.length) await this.store.set(cursorKey, String(cursor));
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

  private async removeFromActive(id: string): Promise<void> {
    const remaining = (await this.store.listRange(ACTIVE_KEY, 0, -1)).filter((other) => other !== id);
    await this.store.delete(ACTIVE_KEY);
    for (const other of remaining) await this.store.listPush(ACTIVE_KEY, other);
  }
}

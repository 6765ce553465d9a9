// Long polling (getUpdates) without a public address. Updates are confirmed to
// Telegram (by the next offset) only after their turn is saved; an update whose
// turn failed is fetched again, a few times, then skipped with an error log.
import { TelegramError } from 'telegraf';
import type { Convenience, Update } from 'telegraf/types';
import type { Logger } from '../../log/logger.js';
import type { BotApi } from './api.js';
import { redactToken } from './errors.js';

export const ALLOWED_UPDATES: Convenience.UpdateType[] = ['message', 'edited_message', 'callback_query', 'my_chat_member'];
const MAX_TRIES_PER_UPDATE = 3;
const MAX_ERROR_DELAY_MS = 60_000;

export interface PollingOptions {
  /** Seconds Telegram holds an empty getUpdates open. */
  timeoutSeconds: number;
  process: (update: Update) => Promise<unknown>;
}

export class Poller {
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly tries = new Map<number, number>();
  lastPollAt?: number;
  lastError?: string;
  consecutiveFailures = 0;

  constructor(
    private readonly api: BotApi,
    private readonly logger: Logger,
    private readonly options: PollingOptions,
  ) {}

  start(): void {
    this.loop ??= this.run().catch((error: unknown) => this.logger.error({ err: error }, 'telegram polling stopped'));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  get running(): boolean {
    return this.loop !== undefined && !this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let offset = 0;
    while (!this.abort.signal.aborted) {
      let updates: Update[];
      try {
        updates = await this.api.call(
          'getUpdates',
          { offset, timeout: this.options.timeoutSeconds, allowed_updates: ALLOWED_UPDATES },
          { signal: this.abort.signal, timeoutMs: (this.options.timeoutSeconds + 15) * 1000 },
        );
        this.lastPollAt = Date.now();
        this.consecutiveFailures = 0;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        await this.pause(this.onPollError(error));
        continue;
      }
      offset = await this.handleBatch(updates, offset);
    }
  }

  /** Returns the next offset: past the batch, or at the first failed update that deserves another try. */
  private async handleBatch(updates: Update[], offset: number): Promise<number> {
    if (updates.length === 0) return offset;
    // An async wrapper turns any synchronous throw into a rejection; calls still start in order.
    const results = await Promise.allSettled(updates.map(async (update) => this.options.process(update)));
    let next = updates[updates.length - 1]!.update_id + 1;
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const update = updates[i]!;
      const tries = (this.tries.get(update.update_id) ?? 0) + 1;
      this.lastError = `update ${update.update_id}: ${String((result.reason as Error)?.message ?? result.reason)}`;
      if (tries >= MAX_TRIES_PER_UPDATE) {
        this.tries.delete(update.update_id);
        this.logger.error({ err: result.reason, updateId: update.update_id, tries }, 'telegram update dropped after repeated failures');
        continue;
      }
      this.tries.set(update.update_id, tries);
      this.logger.warn({ err: result.reason, updateId: update.update_id, tries }, 'telegram update failed; fetching it again');
      next = Math.min(next, update.update_id);
    }
    if (next <= updates[updates.length - 1]!.update_id) await this.pause(1000 * 2 ** ((this.tries.get(next) ?? 1) - 1));
    if (this.tries.size > 1000) this.tries.clear();
    return next;
  }

  /** Logs a failed getUpdates and returns how long to wait before the next one. */
  private onPollError(error: unknown): number {
    this.consecutiveFailures++;
    const message = redactToken(error instanceof Error ? error.message : String(error));
    this.lastError = message;
    if (error instanceof TelegramError && error.code === 429) return (error.parameters?.retry_after ?? 5) * 1000;
    const delay = Math.min(MAX_ERROR_DELAY_MS, 1000 * 2 ** Math.min(this.consecutiveFailures - 1, 6));
    if (error instanceof TelegramError && error.code === 409) {
      this.logger.error({ error: message }, 'telegram: another instance is polling this bot, or a webhook is set (TELEGRAM_MODE?)');
    } else if (error instanceof TelegramError && error.code === 401) {
      this.logger.error({ error: message }, 'telegram: the bot token was refused (TELEGRAM_BOT_TOKEN)');
    } else {
      this.logger.warn({ error: message, retryInMs: delay }, 'telegram getUpdates failed');
    }
    return delay;
  }

  /** Sleeps, waking early when polling stops. */
  private pause(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

// Broadcasts put together: records, composer (weekly rotation), the queue
// (BullMQ with Redis, in-process otherwise), the weekly schedule.
import type { Cron } from 'croner';
import type { Channel } from '../channels/types.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { Store } from '../store/types.js';
import { BroadcastBook } from './book.js';
import { broadcastEnvSchema, rateFor, type BroadcastConfig } from './config.js';
import type { DeliveryDeps } from './deliver.js';
import { EmbeddedBroadcastQueue } from './embedded-queue.js';
import { lazyBullmqQueue } from './lazy-bullmq.js';
import { parseQuietHours } from './quiet-hours.js';
import type { BroadcastQueue } from './queue.js';
import type { BroadcastCounts, BroadcastRecord, BroadcastStatus } from './types.js';
import { createComposer, scamLibraryLoader, scheduleWeeklyAlert } from './weekly.js';
import { coreEnvSchema } from '../config/index.js';
import { reminderBroadcast, reminderComposer, reminderRules, scheduleDailyReminders } from '../journey/reminders.js';

export { broadcastEnvSchema };

export interface BroadcasterOptions {
  rawEnv: Record<string, string>;
  redisUrl?: string;
  redisPrefix: string;
  store: Store;
  content: ContentHolder;
  channels: Channel[];
  logger: Logger;
  /** Run workers in this process (the main process by default; `npm run worker` for more). */
  runWorkers: boolean;
  /** Schedule the weekly alert in this process. */
  schedule: boolean;
  stalledIntervalMs?: number;
}

export interface BroadcastSummary {
  id: string;
  title: string;
  status: BroadcastStatus;
  createdAt: string;
  counts: BroadcastCounts;
}

export class Broadcaster {
  readonly book: BroadcastBook;
  readonly queue: BroadcastQueue;
  private readonly config: BroadcastConfig;
  private cron?: Cron;
  private reminderCron?: Cron;

  constructor(private readonly options: BroadcasterOptions) {
    this.config = broadcastEnvSchema.parse(options.rawEnv);
    this.book = new BroadcastBook(options.store);
    const deps: DeliveryDeps = {
      store: options.store,
      book: this.book,
      channels: new Map(options.channels.map((channel) => [channel.name, channel])),
      compose: reminderComposer(options.content, options.store, createComposer(scamLibraryLoader(options.content))),
      logger: options.logger,
    };
    const quiet = parseQuietHours(this.config.QUIET_HOURS, this.config.TIMEZONE);
    const rate = (channel: string) => rateFor(this.config, channel);
    this.queue = options.redisUrl
      ? lazyBullmqQueue(
          options.store,
          this.book,
          deps,
          { redisUrl: options.redisUrl, prefix: options.redisPrefix, concurrency: this.config.BROADCAST_CONCURRENCY, rateFor: rate, quiet, stalledIntervalMs: options.stalledIntervalMs },
          options.logger,
        )
      : new EmbeddedBroadcastQueue(options.store, this.book, deps, rate, quiet);
  }

  /** "Xóa dữ liệu": queued deliveries that name the resident are dropped (the store forgets the rest itself). */
  async forgetUser(userKey: string): Promise<void> {
    await this.queue.forgetUser(userKey);
  }

  async start(): Promise<void> {
    if (this.options.runWorkers) await this.queue.startWorkers();
    if (this.options.schedule && this.config.SCAM_ALERT_ENABLED) {
      this.cron = scheduleWeeklyAlert({
        cron: this.config.SCAM_ALERT_CRON,
        timeZone: this.config.TIMEZONE,
        store: this.options.store,
        logger: this.options.logger,
        start: async () => (await this.startWeeklyAlert()).id,
      });
    }
    if (this.options.schedule && this.config.REMINDERS_ENABLED) {
      this.reminderCron = scheduleDailyReminders({
        cron: this.config.REMINDER_CRON,
        timeZone: this.config.TIMEZONE,
        store: this.options.store,
        logger: this.options.logger,
        start: async () => (await this.startReminders()).id,
      });
    }
  }

  /** Today's review and "học tiếp" reminders (NUDGE_AFTER_DAYS), to whoever is due one. */
  startReminders(): Promise<BroadcastRecord> {
    const days = coreEnvSchema.shape.NUDGE_AFTER_DAYS.parse(this.options.rawEnv.NUDGE_AFTER_DAYS);
    return this.create(reminderBroadcast(reminderRules(days)));
  }

  async create(fields: Omit<BroadcastRecord, 'id' | 'createdAt'>): Promise<BroadcastRecord> {
    const record = await this.book.create(fields);
    await this.queue.enqueue(record);
    return record;
  }

  startWeeklyAlert(): Promise<BroadcastRecord> {
    return this.create({
      createdBy: 'schedule',
      respectQuietHours: true,
      audience: 'subscribers',
      target: {},
      content: { kind: 'weekly-scam' },
      title: 'Cảnh báo lừa đảo hằng tuần',
    });
  }

  async summary(id: string): Promise<BroadcastSummary | undefined> {
    const record = await this.book.get(id);
    if (!record) return undefined;
    return { id, title: record.title, status: await this.book.status(id), createdAt: new Date(record.createdAt).toISOString(), counts: await this.book.counts(id) };
  }

  nextWeeklyRun(): Date | null {
    return this.cron?.nextRun() ?? null;
  }

  async close(): Promise<void> {
    this.cron?.stop();
    this.reminderCron?.stop();
    await this.queue.close();
  }
}

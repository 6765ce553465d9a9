// Broadcast delivery over Redis with BullMQ: one fan-out job per broadcast adds
// one delivery job per recipient (job id = broadcast + recipient, so a repeated
// fan-out adds nobody twice) to a queue per channel, rate limited across all
// workers sharing the Redis. A worker killed mid-broadcast leaves its jobs to
// the stalled-job check; another worker finishes them, and sent marks keep
// anyone from getting the same broadcast twice.
import { createHash } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { connectRedis, isClusterDescriptor, type RedisClient } from '../cluster/redis-connection.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import type { BroadcastBook } from './book.js';
import { deliverOne, giveUp, type DeliveryDeps } from './deliver.js';
import { fanOut } from './fan-out.js';
import { msUntilAllowed, type QuietHours } from './quiet-hours.js';
import type { BroadcastQueue } from './queue.js';
import { RetryLaterError, type BroadcastRecord } from './types.js';

const ATTEMPTS = 6;

/** Job ids (which BullMQ also writes to its event stream) carry a digest, not the resident's key. */
function deliveryJobId(broadcastId: string, userKey: string): string {
  return `${broadcastId}__${createHash('sha256').update(userKey).digest('base64url').slice(0, 22)}`;
}

interface DeliveryJob {
  broadcastId: string;
  userKey: string;
}

export interface BullmqOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  rateFor: (channel: string) => number;
  quiet: QuietHours | undefined;
  /** Seconds before a killed worker's jobs are taken over (BullMQ stalled check). */
  stalledIntervalMs?: number;
  lockDurationMs?: number;
}

export class BullmqBroadcastQueue implements BroadcastQueue {
  private readonly connection: RedisClient;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly records = new Map<string, BroadcastRecord>();

  constructor(
    private readonly store: Store,
    private readonly book: BroadcastBook,
    private readonly deps: DeliveryDeps,
    private readonly options: BullmqOptions,
    private readonly logger: Logger,
  ) {
    this.connection = connectRedis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', () => {});
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.bullPrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** On Redis Cluster the prefix is a hash tag, so each queue's keys (which BullMQ's scripts touch together) share one slot. */
  private get bullPrefix(): string {
    return isClusterDescriptor(this.options.redisUrl) ? `{${this.options.prefix}bull}` : `${this.options.prefix}bull`;
  }

  async enqueue(record: BroadcastRecord): Promise<void> {
    await this.queue('broadcast-fanout').add(
      'fanout',
      { broadcastId: record.id },
      { jobId: record.id, attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 100, removeOnFail: 100 },
    );
  }

  async startWorkers(): Promise<void> {
    const common = { connection: this.connection, prefix: this.bullPrefix, stalledInterval: this.options.stalledIntervalMs ?? 30_000, lockDuration: this.options.lockDurationMs ?? 30_000 };
    this.workers.push(new Worker('broadcast-fanout', (job: Job<{ broadcastId: string }>) => this.runFanOut(job.data.broadcastId), { ...common, concurrency: 1 }));
    for (const channel of this.deps.channels.keys()) {
      const worker: Worker<DeliveryJob> = new Worker<DeliveryJob>(`broadcast-${channel}`, (job, token) => this.runDelivery(worker, job, token), {
        ...common,
        concurrency: this.options.concurrency,
        limiter: { max: this.options.rateFor(channel), duration: 1000 },
      });
      this.workers.push(worker);
    }
    for (const worker of this.workers) worker.on('error', (error) => this.logWorkerError(error));
  }

  private lastErrorLogAt = 0;
  private errorsNotLogged = 0;

  /** While Redis is away every worker reports each reconnect: one line per 10 s, without the stack, says it. */
  private logWorkerError(error: Error): void {
    const outage = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection is closed|EHOSTUNREACH/i.test(`${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`);
    if (!outage) return void this.logger.error({ err: error }, 'broadcast worker error');
    if (Date.now() - this.lastErrorLogAt < 10_000) return void this.errorsNotLogged++;
    this.logger.warn({ error: error.message, alsoSince: this.errorsNotLogged }, 'broadcast workers cannot reach Redis; retrying');
    this.lastErrorLogAt = Date.now();
    this.errorsNotLogged = 0;
  }

  private async runFanOut(broadcastId: string): Promise<void> {
    const record = await this.book.get(broadcastId);
    if (!record) return;
    const totals = { recipients: 0, skipped: 0 };
    await fanOut(this.store, record, new Set(this.deps.channels.keys()), async (batch) => {
      for (const [channel, userKeys] of batch.byChannel) {
        await this.queue(`broadcast-${channel}`).addBulk(
          userKeys.map((userKey) => ({
            name: 'deliver',
            data: { broadcastId, userKey },
            opts: { jobId: deliveryJobId(broadcastId, userKey), attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true },
          })),
        );
      }
      totals.recipients += [...batch.byChannel.values()].reduce((n, keys) => n + keys.length, 0);
      totals.skipped += batch.skipped;
    });
    // Counted once, after the whole walk: a retried fan-out (its jobs deduplicated by id) must not add its
    // batches again, or queued would exceed the recipients and the status never reach "done".
    if (await this.store.shared.claim(`broadcast-counted:${broadcastId}`, 30 * 24 * 3600_000)) {
      await this.book.count(broadcastId, 'queued', totals.recipients + totals.skipped);
      if (totals.skipped) await this.book.count(broadcastId, 'skipped', totals.skipped);
    }
    await this.book.setStatus(broadcastId, 'sending');
  }

  private async runDelivery(worker: Worker<DeliveryJob>, job: Job<DeliveryJob>, token: string | undefined): Promise<void> {
    const record = await this.record(job.data.broadcastId);
    if (!record) return;
    const wait = record.respectQuietHours ? msUntilAllowed(Date.now(), this.options.quiet) : 0;
    if (wait > 0) {
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    try {
      await deliverOne(this.deps, record, job.data.userKey);
    } catch (error) {
      // The last attempt is counted as failed whatever went wrong, so the counts always add up to "done".
      if (job.attemptsMade + 1 >= ATTEMPTS) return giveUp(this.deps, record, job.data.userKey, (error as Error).message);
      if (!(error instanceof RetryLaterError)) throw error;
      if (error.retryAfterMs) {
        await worker.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      throw error;
    }
  }

  /** Jobs per queue and state, for the queue depth metric (only the queues this process has opened). */
  async depths(): Promise<{ queue: string; state: string; count: number }[]> {
    const names = ['broadcast-fanout', ...[...this.deps.channels.keys()].map((channel) => `broadcast-${channel}`)];
    const counts = await Promise.all(names.map((name) => this.queue(name).getJobCounts('waiting', 'delayed', 'active', 'prioritized')));
    return names.flatMap((queue, i) => Object.entries(counts[i]!).map(([state, count]) => ({ queue, state, count })));
  }

  /** Removes the resident's queued jobs of every broadcast still known here, so no job keeps their key. */
  async forgetUser(userKey: string): Promise<void> {
    const channel = userKey.slice(0, userKey.indexOf(':'));
    const queue = this.queue(`broadcast-${channel}`);
    const broadcasts = await this.queue('broadcast-fanout').getJobs(['completed', 'active', 'waiting', 'delayed']);
    await Promise.all(
      broadcasts.map(async (job) => {
        const broadcastId = job.data.broadcastId as string;
        // A removed delivery is one recipient fewer to wait for: counted as skipped, so the broadcast still finishes.
        if ((await queue.remove(deliveryJobId(broadcastId, userKey)).catch(() => 0)) === 1) await this.book.count(broadcastId, 'skipped', 1);
      }),
    );
  }

  private async record(id: string): Promise<BroadcastRecord | undefined> {
    let record = this.records.get(id);
    if (!record) {
      record = await this.book.get(id);
      if (record) this.records.set(id, record);
    }
    return record;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

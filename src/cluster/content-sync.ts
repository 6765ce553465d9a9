// Content reaches every process. A reload anywhere (admin API, SIGHUP, a change
// on disk) bumps a generation counter in Redis and publishes it; every process
// listens on its own subscriber connection and reloads from its disk when the
// generation moves. A process that missed the message (restarting, Redis blip)
// sees the counter on its next look (every second). Each process reports the
// hash of the files it serves, so /healthz shows who serves what.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentProblem } from '../engine/flow-registry.js';
import { formatProblem } from '../engine/flow-registry.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import { connectRedis, type RedisClient } from './redis-connection.js';

export interface ContentSyncOptions {
  content: ContentHolder;
  logger: Logger;
  /** Redis URL or descriptor; without it the sync is this process only. */
  redisUrl?: string;
  prefix: string;
  /** How often the generation key is read (for a missed message). */
  pollMs?: number;
  /** Reload when a file under flows/ or content/ changes (CONTENT_WATCH). */
  watchFiles?: boolean;
  /** Told after every reload applied here (metrics). */
  onChange?: (status: ContentStatus) => void;
}

export interface ContentStatus {
  /** Hash of the content files this process serves. */
  version: string;
  /** Reload generation this process has applied (Redis: shared by all processes). */
  generation: number;
  flows: number;
  reloadedAt?: string;
  /** How long the last reload took here, from the request (or the notice) to serving it. */
  reloadMs?: number;
}

const WATCH_DEBOUNCE_MS = 300;

export class ContentSync {
  private version = '';
  private generation = 0;
  private reloadedAt?: number;
  private reloadMs?: number;
  private redis?: RedisClient;
  private subscriber?: RedisClient;
  private timer?: NodeJS.Timeout;
  private watcher?: FSWatcher;
  private watchTimer?: NodeJS.Timeout;
  private applying: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: ContentSyncOptions) {}

  private get generationKey(): string {
    return `${this.options.prefix}content:generation`;
  }

  private get channel(): string {
    return `${this.options.prefix}content:reload`;
  }

  async start(): Promise<void> {
    this.version = await contentVersion(this.options.content);
    const { redisUrl } = this.options;
    if (redisUrl) {
      this.redis = connectRedis(redisUrl, { maxRetriesPerRequest: 1 });
      this.redis.on('error', () => {});
      this.generation = Number((await this.redis.get(this.generationKey)) ?? 0);
      // Subscribing puts a connection in a mode where it can do nothing else: it gets its own.
      this.subscriber = connectRedis(redisUrl, { maxRetriesPerRequest: null });
      this.subscriber.on('error', () => {});
      this.subscriber.on('message', (_channel: string, message: string) => this.notice(Number(message)));
      await this.subscriber.subscribe(this.channel);
      const poll = () => {
        void this.redis!.get(this.generationKey).then(
          (value) => this.notice(Number(value ?? 0)),
          () => undefined,
        );
        if (!this.closed) this.timer = setTimeout(poll, this.options.pollMs ?? 1000).unref();
      };
      this.timer = setTimeout(poll, this.options.pollMs ?? 1000).unref();
    }
    if (this.options.watchFiles) this.watchContent();
  }

  status(): ContentStatus {
    return {
      version: this.version,
      generation: this.generation,
      flows: this.options.content.registry.all().length,
      ...(this.reloadedAt ? { reloadedAt: new Date(this.reloadedAt).toISOString(), reloadMs: this.reloadMs } : {}),
    };
  }

  /** Reloads here; when the content is valid, tells every other process to reload too. */
  async reload(): Promise<ContentProblem[]> {
    const started = Date.now();
    const problems = await this.options.content.reload();
    if (problems.length > 0) return problems;
    this.version = await contentVersion(this.options.content);
    this.reloadedAt = Date.now();
    this.reloadMs = this.reloadedAt - started;
    if (this.redis) {
      const generation = await this.redis.incr(this.generationKey);
      this.generation = Math.max(this.generation, generation);
      await this.redis.publish(this.channel, String(generation));
    }
    this.options.onChange?.(this.status());
    this.options.logger.info({ version: this.version, generation: this.generation }, 'content reloaded; other processes told');
    return [];
  }

  /** Another process reloaded: do the same, once per generation. */
  private notice(generation: number): void {
    if (!(generation > this.generation) || this.closed) return;
    const noticed = Date.now();
    this.applying = this.applying.then(async () => {
      if (!(generation > this.generation)) return;
      this.generation = generation;
      const problems = await this.options.content.reload();
      if (problems.length > 0) {
        this.options.logger.error({ generation, problems: problems.map(formatProblem) }, 'content reload asked by another process refused here: the previous content stays');
        return;
      }
      this.version = await contentVersion(this.options.content);
      this.reloadedAt = Date.now();
      this.reloadMs = this.reloadedAt - noticed;
      this.options.onChange?.(this.status());
      this.options.logger.info({ version: this.version, generation }, 'content reloaded (asked by another process)');
    });
  }

  private watchContent(): void {
    const { root } = this.options.content.paths;
    try {
      this.watcher = watch(root, { recursive: true }, (_event, file) => {
        const name = String(file ?? '');
        if (!/^(flows|content)[\\/]/.test(name)) return;
        clearTimeout(this.watchTimer);
        this.watchTimer = setTimeout(() => void this.reloadFromWatch(), WATCH_DEBOUNCE_MS).unref();
      });
      this.watcher.on('error', (error) => this.options.logger.warn({ err: error }, 'content watch stopped'));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'content files cannot be watched here; use the admin API or SIGHUP');
    }
  }

  private async reloadFromWatch(): Promise<void> {
    const problems = await this.reload().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'content reload after a file change failed');
      return [];
    });
    if (problems.length > 0) this.options.logger.error({ problems: problems.map(formatProblem) }, 'content changed on disk but has problems: the previous content stays');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.watchTimer);
    this.watcher?.close();
    await this.applying.catch(() => undefined);
    for (const client of [this.subscriber, this.redis]) await client?.quit().catch(() => client.disconnect());
  }
}

/** A short hash of every file under flows/ and content/ (names and bytes), as loaded. */
export async function contentVersion(content: Pick<ContentHolder, 'paths'>): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of [content.paths.flowsDir, content.paths.contentDir]) {
    for (const file of await filesUnder(dir)) {
      hash
        .update(path.relative(content.paths.root, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
    .sort();
}

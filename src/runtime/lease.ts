// A lease in the store: exactly one process at a time holds it (the Telegram
// poller, a zca-js account listener). The holder renews it every third of its
// time to live; a holder that dies stops renewing, the lease expires, and
// another process, trying at the same rhythm, takes over. On Redis, acquiring
// and renewing are atomic (SET NX PX; a script that extends only the holder's
// own lease). On the embedded store (one machine) the shared key-value does.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import type { SharedStore, Store } from '../store/types.js';

export interface LeaseOptions {
  store: Store;
  /** Names what is leased, e.g. telegram:poller:<bot id>. */
  name: string;
  ttlMs?: number;
  logger: Logger;
  /** Called when this process becomes the holder. */
  onAcquired: () => void | Promise<void>;
  /** Called when this process stops holding it (lost, or stopped). */
  onLost: () => void | Promise<void>;
  /** Told every change (metrics). */
  onChange?: (held: boolean) => void;
}

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface LeaseBackend {
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
  holder(key: string): Promise<string | null>;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;

export class Lease {
  /** Who holds it: host, pid and a random part (a restarted process is a new holder). */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly backend: LeaseBackend;
  private readonly ttlMs: number;
  private timer?: NodeJS.Timeout;
  private heldNow = false;
  private stopped = true;
  private tick: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaseOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.backend = backendFor(options.store);
  }

  get key(): string {
    return `lease:${this.options.name}`;
  }

  get held(): boolean {
    return this.heldNow;
  }

  /** Tries now, then every third of the time to live, for as long as it runs. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** The current holder's owner string (null: nobody). */
  holder(): Promise<string | null> {
    return this.backend.holder(this.key);
  }

  /** Stops trying; the holder lets go at once so another process takes over without waiting for the expiry. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.tick;
    if (this.heldNow) {
      // The work stops first (the poll ends), then the lease goes: the next holder never overlaps this one.
      await this.change(false);
      await this.backend.release(this.key, this.owner).catch(() => undefined);
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.tick = this.round().finally(() => {
        if (!this.stopped) this.schedule(Math.max(200, Math.floor(this.ttlMs / 3)));
      });
    }, ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    let holds: boolean;
    try {
      holds = this.heldNow ? await this.backend.renew(this.key, this.owner, this.ttlMs) : await this.backend.acquire(this.key, this.owner, this.ttlMs);
    } catch (error) {
      // The store is away: a holder cannot know whether it still holds, so it stops, as one that was cut off would have lost it.
      this.options.logger.warn({ err: error, lease: this.options.name }, 'lease not renewed (store unavailable)');
      holds = false;
    }
    if (this.stopped && !this.heldNow) return;
    if (holds !== this.heldNow) await this.change(holds);
  }

  private async change(held: boolean): Promise<void> {
    this.heldNow = held;
    this.options.onChange?.(held);
    this.options.logger.info({ lease: this.options.name, owner: this.owner }, held ? 'lease acquired: this process takes over' : 'lease released or lost: this process stands by');
    try {
      await (held ? this.options.onAcquired() : this.options.onLost());
    } catch (error) {
      this.options.logger.error({ err: error, lease: this.options.name }, 'lease hook failed');
    }
  }
}

function backendFor(store: Store): LeaseBackend {
  const client = (store as { client?: Redis }).client;
  const prefix = (store as { prefix?: string }).prefix;
  if (store.kind === 'redis' && client) return redisBackend(client, (key) => `${prefix ?? 'hvs:'}kv:${key}`);
  return sharedBackend(store.shared);
}

function redisBackend(redis: Redis, fullKey: (key: string) => string): LeaseBackend {
  return {
    acquire: async (key, owner, ttlMs) => (await redis.set(fullKey(key), owner, 'PX', ttlMs, 'NX')) === 'OK',
    renew: async (key, owner, ttlMs) => Number(await redis.eval(RENEW, 1, fullKey(key), owner, ttlMs)) === 1,
    release: async (key, owner) => void (await redis.eval(RELEASE, 1, fullKey(key), owner)),
    holder: (key) => redis.get(fullKey(key)),
  };
}

/** One machine (embedded store): claim, then write the owner; a renewal checks the owner first. */
function sharedBackend(shared: SharedStore): LeaseBackend {
  return {
    acquire: async (key, owner, ttlMs) => {
      if (!(await shared.claim(key, ttlMs))) return (await shared.get(key)) === owner;
      await shared.set(key, owner, ttlMs);
      return true;
    },
    renew: async (key, owner, ttlMs) => {
      if ((await shared.get(key)) !== owner) return false;
      await shared.set(key, owner, ttlMs);
      return true;
    },
    release: async (key, owner) => {
      if ((await shared.get(key)) === owner) await shared.delete(key);
    },
    holder: (key) => shared.get(key),
  };
}

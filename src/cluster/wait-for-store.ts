// Start-up waits for the store before anything says "ready": one clear line per
// attempt with the next wait (backoff up to 10 s), then a plain error when the
// time given (STORE_WAIT_MS) runs out.
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';

export class StoreUnavailableAtStartError extends Error {
  constructor(
    readonly waitedMs: number,
    where: string,
  ) {
    super(
      `Không kết nối được kho dữ liệu (${where}) sau ${Math.round(waitedMs / 1000)} giây. / The store (${where}) did not answer within ${Math.round(waitedMs / 1000)} s: check REDIS_URL (or REDIS_CLUSTER_NODES / REDIS_SENTINELS) and that Redis runs.`,
    );
    this.name = 'StoreUnavailableAtStartError';
  }
}

export interface WaitOptions {
  logger: Logger;
  /** 0: wait forever. */
  maxWaitMs: number;
  /** What to name in messages (no password). */
  where: string;
  sleep?: (ms: number) => Promise<void>;
}

export async function waitForStore(store: Pick<Store, 'ping'>, options: WaitOptions): Promise<void> {
  const started = Date.now();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    if (await store.ping()) {
      if (attempt > 1) options.logger.info({ store: options.where, attempts: attempt }, 'store answers now');
      return;
    }
    const waited = Date.now() - started;
    if (options.maxWaitMs > 0 && waited >= options.maxWaitMs) throw new StoreUnavailableAtStartError(waited, options.where);
    const delay = Math.min(10_000, 500 * 2 ** Math.min(attempt - 1, 5));
    options.logger.warn({ store: options.where, attempt, retryInMs: delay }, 'waiting for the store (Redis) to answer before starting');
    await sleep(options.maxWaitMs > 0 ? Math.min(delay, Math.max(0, options.maxWaitMs - waited)) : delay);
  }
}

/** The Redis address for messages, without a password. */
export function describeStoreTarget(redisUrl: string | undefined, dataDir: string): string {
  if (!redisUrl) return `embedded, ${dataDir}`;
  return redisUrl.replace(/\/\/[^@/]*@/, '//***@');
}

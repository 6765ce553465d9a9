// Knows whether the store answers, so a request that needs it gets a quick 503
// in plain words instead of waiting seconds for the client's retries and then a
// 500. The store is pinged in the background (a ping answers or gives up within
// a second); while it is down it is pinged more often, to notice its return.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const STORE_DOWN_MESSAGE = 'Hệ thống đang tạm gián đoạn, bạn thử lại sau ít phút nhé. / The service is temporarily unavailable, please try again in a few minutes.';
/** Seconds a client is asked to wait (Retry-After) before trying again. */
const RETRY_AFTER_S = 5;

export interface StoreWatchOptions {
  ping: () => Promise<boolean>;
  /** Between two pings while the store answers. */
  upIntervalMs?: number;
  /** Between two pings while it does not. */
  downIntervalMs?: number;
}

export class StoreWatch {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private pending: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: StoreWatchOptions) {}

  start(): void {
    void this.check();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** True when the store answered its last ping; waits for the first ping if none finished yet. */
  async available(): Promise<boolean> {
    if (this.state === 'unknown') return this.check();
    return this.state === 'up';
  }

  /** Pings now (one ping at a time) and remembers the answer. */
  check(): Promise<boolean> {
    this.pending ??= this.options
      .ping()
      .catch(() => false)
      .then((ok) => {
        this.state = ok ? 'up' : 'down';
        this.pending = undefined;
        this.schedule();
        return ok;
      });
    return this.pending;
  }

  /** A request failed in a way that points at the store: look again at once. */
  suspect(): void {
    if (this.state === 'up') void this.check();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    const delay = this.state === 'up' ? (this.options.upIntervalMs ?? 5000) : (this.options.downIntervalMs ?? 1000);
    this.timer = setTimeout(() => void this.check(), delay);
    this.timer.unref();
  }
}

/** Routes that read or write the store: the chat API, the admin API and the platform webhooks. */
export function needsStore(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/webhooks/');
}

export function storeGuard(watch: StoreWatch) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!needsStore(request.url) || (await watch.available())) return;
    return answerStoreDown(reply);
  };
}

export function answerStoreDown(reply: FastifyReply): FastifyReply {
  return reply.code(503).header('retry-after', String(RETRY_AFTER_S)).send({ error: STORE_DOWN_MESSAGE });
}

/** Errors of a store client that lost its server (ioredis, sockets), as opposed to bugs. */
export function looksLikeStoreOutage(error: Error & { code?: string }): boolean {
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'StoreUnavailableError') return true;
  if (error.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN'].includes(error.code)) return true;
  return /Connection is closed|Stream isn't writeable|enableOfflineQueue/i.test(error.message);
}

// Knows whether the store answers, so a request that needs it gets a quick 503
// in plain words instead of waiting seconds for the client's retries and then a
// 500. The store is pinged in the background (a ping answers or gives up within
// a second); while it is down it is pinged more often, to notice its return.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const STORE_DOWN_MESSAGE = 'Hệ thống đang tạm gián đoạn, bạn thử lại sau ít phút nhé. / The service is temporarily unavailable, please try again in a few minutes.';

/** The same words as a page, for a browser on the operator console (it reloads itself; its stylesheet needs no store). */
export const STORE_DOWN_PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="refresh" content="30" />
    <title>Tạm gián đoạn · Học Vụ Số</title>
    <link rel="stylesheet" href="/admin/assets/console.css" />
  </head>
  <body>
    <main id="main">
      <h1>Hệ thống đang tạm gián đoạn</h1>
      <p class="notice error" role="alert">Bảng điều khiển chưa đọc được dữ liệu, vì nơi lưu dữ liệu đang không trả lời.</p>
      <p>Bạn chờ ít phút nhé: trang này tự tải lại sau 30 giây. Nếu 15 phút sau vẫn thấy trang này, hãy báo người phụ trách kỹ thuật.</p>
      <p lang="en">The service is temporarily unavailable (the data store does not answer). This page reloads itself every 30 seconds.</p>
    </main>
  </body>
</html>
`;
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

/** Routes that read or write the store: the chat API, the admin API, the operator console (not its CSS and JS) and the platform webhooks. */
export function needsStore(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/webhooks/') || isConsolePage(url);
}

function isConsolePage(url: string): boolean {
  return /^\/admin(?:[/?#]|$)/.test(url) && !url.startsWith('/admin/assets/');
}

export function storeGuard(watch: StoreWatch) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!needsStore(request.url) || (await watch.available())) return;
    return answerStoreDown(request, reply);
  };
}

/** A quick 503 in plain words: a page for the console in a browser, JSON for the APIs (and the console's own fetches). */
export function answerStoreDown(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.code(503).header('retry-after', String(RETRY_AFTER_S));
  const wantsJson = (request.headers.accept ?? '').includes('application/json');
  if (isConsolePage(request.url) && !wantsJson) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(STORE_DOWN_PAGE);
  return reply.send({ error: STORE_DOWN_MESSAGE });
}

/** Errors of a store client that lost its server (ioredis, sockets), as opposed to bugs. */
export function looksLikeStoreOutage(error: Error & { code?: string }): boolean {
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'StoreUnavailableError') return true;
  if (error.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN'].includes(error.code)) return true;
  return /Connection is closed|Stream isn't writeable|enableOfflineQueue/i.test(error.message);
}

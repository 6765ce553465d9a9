// The HTTP server (Fastify): health, metrics, admin API, and whatever routes the
// channels register (web chat, webhooks). Every error answers in plain words;
// every answer carries the security headers; a request that needs the store
// while it is down gets a quick 503 (a page in plain words on the console).
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TrustProxy } from '../config/index.js';
import { describeZodError } from '../http/body.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import type { Metrics } from './metrics.js';
import { securityHeaders } from './security-headers.js';
import { answerStoreDown, looksLikeStoreOutage, needsStore, StoreWatch, storeGuard } from './store-watch.js';

// Kept here too for callers that import them from the server.
export { describeZodError, parseBody } from '../http/body.js';

export interface HttpTimeouts {
  /** The whole request, headers and body, must arrive within this (a trickling body is cut off with 408). */
  requestMs: number;
  /** The headers alone must arrive within this. */
  headersMs: number;
  /** A connection with no traffic at all is closed after this. */
  idleMs: number;
  /** How often Node looks for requests past their time. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { requestMs: 30_000, headersMs: 15_000, idleMs: 75_000, checkIntervalMs: 1000 };

export interface HttpServerOptions {
  logger: Logger;
  metrics: Metrics;
  store: Store;
  trustProxy?: TrustProxy;
  timeouts?: Partial<HttpTimeouts>;
  /** Extra health checks (channels): name → ok/detail. */
  healthChecks?: () => Record<string, { ok: boolean; detail?: string }>;
  /** More facts for /healthz (content version this process serves). */
  status?: () => Record<string, unknown>;
  /** False once a graceful stop began: /readyz says 503 so load balancers move on. */
  accepting?: () => boolean;
}

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // One logger for every request: a child logger per request costs more than the few errors it would label.
    childLoggerFactory: (logger) => logger,
    bodyLimit: 256 * 1024,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    http: { headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs), connectionsCheckingInterval: timeouts.checkIntervalMs },
  });
  const watch = new StoreWatch({ ping: () => options.store.ping() });
  watch.start();
  app.addHook('onClose', async () => watch.close());
  app.addHook('onSend', securityHeaders);
  app.addHook('onRequest', storeGuard(watch));
  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof z.ZodError) return reply.code(400).send({ error: describeZodError(error) });
    const status = error.statusCode ?? 500;
    // A failure while the store is gone is the outage, whatever shape the error has: ping to tell.
    if (status >= 500 && needsStore(request.url) && (looksLikeStoreOutage(error) || !(await watch.check()))) {
      request.log.warn({ err: error, url: request.routeOptions.url }, 'store unavailable');
      watch.suspect();
      return answerStoreDown(request, reply);
    }
    if (status >= 500) request.log.error({ err: error, url: request.routeOptions.url }, 'request failed');
    return reply.code(status).send({ error: plainHttpError(status, error.code) });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Không tìm thấy địa chỉ này. / Not found.' }));

  app.get('/healthz', async (_request, reply) => {
    const storeOk = await watch.check();
    const channels = options.healthChecks?.() ?? {};
    const body = { status: storeOk ? 'ok' : 'unavailable', store: { kind: options.store.kind, ok: storeOk }, channels, ...options.status?.() };
    return reply.code(storeOk ? 200 : 503).send(body);
  });
  // Liveness: the process runs and answers (restart it if not). Readiness: send it traffic (store answers, not stopping).
  app.get('/livez', async () => ({ status: 'alive' }));
  app.get('/readyz', async (_request, reply) => {
    const accepting = options.accepting?.() ?? true;
    const storeOk = accepting && (await watch.check());
    const status = !accepting ? 'stopping' : storeOk ? 'ready' : 'store unavailable';
    return reply.code(storeOk ? 200 : 503).send({ status, ...options.status?.() });
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
  return app;
}

function plainHttpError(status: number, code?: string): string {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Nội dung gửi lên không phải JSON hợp lệ. / The body is not valid JSON.';
  if (status === 413) return 'Nội dung gửi lên quá lớn. / The body is too large.';
  if (status === 415) return 'Hãy gửi nội dung dạng JSON (Content-Type: application/json). / Send JSON.';
  if (status === 401) return 'Cần mã truy cập hợp lệ. / A valid token is required.';
  if (status === 408) return 'Nội dung gửi lên chậm quá nên bị ngắt. / The request took too long to arrive.';
  if (status === 429) return 'Bạn gửi nhanh quá, chờ một chút rồi gửi lại nhé. / Too many requests, please wait a moment.';
  if (status === 404) return 'Không tìm thấy. / Not found.';
  if (status < 500) return 'Yêu cầu không hợp lệ. / Bad request.';
  return 'Máy chủ gặp lỗi, vui lòng thử lại sau. / Server error, please try again later.';
}

/**
 * A hop count trusts that many nearest addresses (the socket's peer first, then
 * X-Forwarded-For from the right); Fastify itself refuses bare hop counts. A
 * list trusts only those proxies, wherever a request comes from.
 */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/** Bearer-token check for the admin API (constant-time). */
export function isAdmin(request: FastifyRequest, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(adminToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The HTTP server (Fastify): health, metrics, admin API, and whatever routes the
// channels register (web chat, webhooks). Every error answers in plain words.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import type { Metrics } from './metrics.js';

export interface HttpServerOptions {
  logger: Logger;
  metrics: Metrics;
  store: Store;
  trustProxy?: boolean;
  /** Extra health checks (channels): name → ok/detail. */
  healthChecks?: () => Record<string, { ok: boolean; detail?: string }>;
}

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    trustProxy: options.trustProxy ?? false,
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof z.ZodError) return reply.code(400).send({ error: describeZodError(error) });
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error, url: request.routeOptions.url }, 'request failed');
    return reply.code(status).send({ error: plainHttpError(status, error.code) });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Không tìm thấy địa chỉ này. / Not found.' }));

  app.get('/healthz', async (_request, reply) => {
    const storeOk = await options.store.ping();
    const channels = options.healthChecks?.() ?? {};
    const body = { status: storeOk ? 'ok' : 'unavailable', store: { kind: options.store.kind, ok: storeOk }, channels };
    return reply.code(storeOk ? 200 : 503).send(body);
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
  if (status === 429) return 'Bạn gửi nhanh quá, chờ một chút rồi gửi lại nhé. / Too many requests, please wait a moment.';
  if (status === 404) return 'Không tìm thấy. / Not found.';
  if (status < 500) return 'Yêu cầu không hợp lệ. / Bad request.';
  return 'Máy chủ gặp lỗi, vui lòng thử lại sau. / Server error, please try again later.';
}

export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** Parses a request body with a zod schema; answers 400 in plain words when it does not fit. */
export function parseBody<T extends z.ZodType>(schema: T, request: FastifyRequest, reply: FastifyReply): z.output<T> | undefined {
  const parsed = schema.safeParse(request.body);
  if (parsed.success) return parsed.data;
  void reply.code(400).send({ error: describeZodError(parsed.error) });
  return undefined;
}

/** Bearer-token check for the admin API (constant-time). */
export function isAdmin(request: FastifyRequest, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(adminToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

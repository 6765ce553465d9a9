// Admin API for operators (bearer ADMIN_TOKEN): progress by ward, content reload.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { Store } from '../store/types.js';
import { formatProblem, type ContentProblem } from '../engine/flow-registry.js';
import { isAdmin } from './app.js';
import { collectStats } from './stats.js';
import { contentReportStats, registerContentReportRoutes } from './content-reports.js';
import { registerCertificateRoutes } from '../certificates/routes.js';

export interface AdminOptions {
  adminToken?: string;
  store: Store;
  content: ContentHolder;
  /** How a reload is done (the tutor's reaches every process); default: this process only. */
  reload?: () => Promise<ContentProblem[]>;
  /** PUBLIC_URL (or the local address): the QR code on a certificate points here. */
  publicUrl?: string;
}

/** Registers a preHandler that answers 401 unless the bearer token is right. */
export function requireAdmin(adminToken: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (isAdmin(request, adminToken)) return;
    const error = adminToken
      ? 'Cần mã quản trị hợp lệ (Authorization: Bearer …). / A valid admin token is required.'
      : 'ADMIN_TOKEN chưa được đặt nên API quản trị bị khóa. / ADMIN_TOKEN is not set, so the admin API is locked.';
    return reply.code(401).send({ error });
  };
}

export function registerAdminRoutes(http: FastifyInstance, options: AdminOptions): void {
  const guard = requireAdmin(options.adminToken);
  http.get('/api/admin/stats', { preHandler: guard }, async () => ({ ...(await collectStats(options.store, options.content.registry)), contentReports: await contentReportStats(options.store) }));
  // GET /api/admin/questions and its answer route are the console's (src/console/pages/questions.ts).
  registerContentReportRoutes(http, guard, options.store);
  registerCertificateRoutes(http, guard, options.store, options.content, options.publicUrl ?? 'http://localhost:3000');
  http.post('/api/admin/content/reload', { preHandler: guard }, async (_request, reply) => {
    const problems = await (options.reload ?? (() => options.content.reload()))();
    if (problems.length > 0) return reply.code(422).send({ error: 'Nội dung có lỗi, vẫn dùng bản cũ. / Content has problems; the previous version stays.', problems: problems.map(formatProblem) });
    return { ok: true, flows: options.content.registry.all().length };
  });
}

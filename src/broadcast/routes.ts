// Admin API for broadcasts: POST /api/admin/broadcasts, GET /api/admin/broadcasts/:id.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PAYLOAD_PATTERN } from '../engine/payloads.js';
import { parseBody } from '../server/app.js';
import { requireAdmin } from '../server/admin.js';
import type { SharedStore } from '../store/types.js';
import type { Broadcaster } from './index.js';
import { targetSchema } from './types.js';

export const broadcastRequestSchema = z
  .strictObject({
    title: z.string().min(1).max(120).optional().describe('A name for operators (not sent).'),
    text: z.string().trim().min(1, 'text: không được để trống / must not be empty').max(1000, 'text: dài quá 1000 ký tự / longer than 1000 characters').describe('The alert, in Vietnamese.'),
    buttons: z
      .array(z.strictObject({ label: z.string().min(1).max(60), payload: z.string().regex(PAYLOAD_PATTERN, 'payload: không hợp lệ, ví dụ "f:scam-menu" / not a valid payload') }))
      .max(4)
      .optional(),
    target: targetSchema.default({}),
    respectQuietHours: z.boolean().default(true).describe('false sends at night too (only for real emergencies).'),
  })
  .describe('An urgent alert from an operator.');

/** The first words of the alert, cut between words ("Có kẻ giả danh công an…"), not mid-word. */
export function titleOf(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max - 1);
  return `${flat.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** With an Idempotency-Key header, a repeated POST (a retry, a double submit) answers the first broadcast instead of sending again. */
export function registerBroadcastRoutes(http: FastifyInstance, broadcaster: Broadcaster, adminToken: string | undefined, shared?: SharedStore): void {
  const guard = requireAdmin(adminToken);
  http.post('/api/admin/broadcasts', { preHandler: guard }, async (request, reply) => {
    const body = parseBody(broadcastRequestSchema, request, reply);
    if (!body) return reply;
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      return reply.code(400).send({ error: 'Idempotency-Key: 8–100 chữ cái, số hoặc . _ : - / 8–100 letters, digits or . _ : -' });
    }
    if (key && shared && !(await shared.claim(`broadcast-idempotency:${key}`, IDEMPOTENCY_TTL_MS))) {
      for (let i = 0; i < 50; i++) {
        const first = await shared.get(`broadcast-idempotency-result:${key}`);
        if (first)
          return reply
            .code(200)
            .header('idempotent-replayed', 'true')
            .send(await broadcaster.summary(first));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return reply.code(409).send({ error: 'Yêu cầu cùng Idempotency-Key đang được xử lý. / A request with this Idempotency-Key is still being processed.' });
    }
    const record = await broadcaster.create({
      createdBy: 'operator',
      respectQuietHours: body.respectQuietHours,
      audience: 'all-not-opted-out',
      target: body.target,
      content: { kind: 'message', text: body.text, ...(body.buttons ? { buttons: body.buttons } : {}) },
      title: body.title ?? titleOf(body.text),
    });
    if (key && shared) await shared.set(`broadcast-idempotency-result:${key}`, record.id, IDEMPOTENCY_TTL_MS);
    return reply.code(202).send(await broadcaster.summary(record.id));
  });
  http.get('/api/admin/broadcasts/:id', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const summary = /^[a-z0-9-]{1,64}$/.test(id) ? await broadcaster.summary(id) : undefined;
    if (!summary) return reply.code(404).send({ error: 'Không có đợt gửi này. / No such broadcast.' });
    return summary;
  });
}

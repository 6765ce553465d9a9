// Admin API for broadcasts: POST /api/admin/broadcasts, GET /api/admin/broadcasts/:id.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PAYLOAD_PATTERN } from '../engine/payloads.js';
import { parseBody } from '../server/app.js';
import { requireAdmin } from '../server/admin.js';
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

export function registerBroadcastRoutes(http: FastifyInstance, broadcaster: Broadcaster, adminToken: string | undefined): void {
  const guard = requireAdmin(adminToken);
  http.post('/api/admin/broadcasts', { preHandler: guard }, async (request, reply) => {
    const body = parseBody(broadcastRequestSchema, request, reply);
    if (!body) return reply;
    const record = await broadcaster.create({
      createdBy: 'operator',
      respectQuietHours: body.respectQuietHours,
      audience: 'all-not-opted-out',
      target: body.target,
      content: { kind: 'message', text: body.text, ...(body.buttons ? { buttons: body.buttons } : {}) },
      title: body.title ?? body.text.slice(0, 60),
    });
    return reply.code(202).send(await broadcaster.summary(record.id));
  });
  http.get('/api/admin/broadcasts/:id', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const summary = /^[a-z0-9-]{1,64}$/.test(id) ? await broadcaster.summary(id) : undefined;
    if (!summary) return reply.code(404).send({ error: 'Không có đợt gửi này. / No such broadcast.' });
    return summary;
  });
}

// Admin API of the learner's journey (bearer ADMIN_TOKEN), JSON or CSV with
// ?format=csv: survey results per question, the ward leaderboard (thi đua),
// invitations per resident and ward, and the reminder and invitation counters.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../console/stats/read.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import { requireAdmin } from '../server/admin.js';
import type { Store } from '../store/types.js';
import { collectStandings, leaderboardCsvRows } from './standings.js';
import { aggregateSurvey, surveyCsvRows } from './survey-results.js';

export interface JourneyRouteOptions {
  adminToken?: string;
  store: Store;
  content: ContentHolder;
}

/** The journey's counters in the operators part, shown by GET /api/admin/journey and the console's dashboard. */
export const JOURNEY_COUNTERS = ['nudge:sent:review', 'nudge:sent:resume', 'nudge:returned:review', 'nudge:returned:resume', 'invite:accepted', 'invite:finished', 'mentor:recognized'] as const;

function wantsCsv(request: FastifyRequest): boolean {
  return (request.query as { format?: string }).format === 'csv';
}

function sendCsv(reply: FastifyReply, name: string, rows: unknown[][]) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(rows));
}

export function registerJourneyRoutes(http: FastifyInstance, options: JourneyRouteOptions): void {
  const guard = requireAdmin(options.adminToken);
  const { store, content } = options;

  http.get('/api/admin/surveys', { preHandler: guard }, async () => ({
    surveys: content.registry
      .all()
      .filter((flow) => Object.values(flow.nodes).some((node) => node.type === 'ask' && node.survey))
      .map((flow) => ({ id: flow.id, title: flow.title })),
  }));

  http.get('/api/admin/surveys/:id', { preHandler: guard }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const flow = content.registry.get(id);
    if (!flow) return reply.code(404).send({ error: 'Không có khảo sát này. / No such survey.' });
    const results = aggregateSurvey(flow, await store.surveys.answers(id));
    if (wantsCsv(request)) return sendCsv(reply, `khao-sat-${id}`, surveyCsvRows(id, results));
    return { id, title: flow.title, questions: results };
  });

  http.get('/api/admin/leaderboard', { preHandler: guard }, async (request, reply) => {
    const { wards } = await collectStandings(store, content.registry);
    if (!wantsCsv(request)) return { wards };
    return sendCsv(reply, 'thi-dua-theo-phuong', leaderboardCsvRows(wards));
  });

  http.get('/api/admin/invites', { preHandler: guard }, async (request, reply) => {
    const { inviters, invitesByWard } = await collectStandings(store, content.registry);
    if (!wantsCsv(request)) return { inviters, byWard: invitesByWard };
    return sendCsv(reply, 'moi-nguoi-day-mot-nguoi', [
      ['resident', 'ward', 'invited', 'finished', 'mentor'],
      ...inviters.map((row) => [row.resident, row.ward, row.invited, row.finished, row.mentor]),
    ]);
  });

  http.get('/api/admin/journey', { preHandler: guard }, async () => {
    const counts = await store.operators.counts();
    return Object.fromEntries(JOURNEY_COUNTERS.map((name) => [name, counts[name] ?? 0]));
  });
}

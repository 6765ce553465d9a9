// Residents' "Thông tin này chưa đúng?" reports, for operators: recorded after
// a turn is saved (from the engine's profile_changed event of the guide's
// report node), listed at GET /api/admin/content-reports and counted per guide
// in GET /api/admin/stats. Anonymous: no user id, no typed text.
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { FlowRegistry } from '../engine/flow-registry.js';
import type { EngineEvent } from '../engine/turn-builder.js';
import { parseReportValue, placeLabel, REPORT_FIELD } from '../content/guide-reports.js';
import { addContentReport, CONTENT_REPORTS_MAX, contentReportCounts, listContentReports, type ContentReport, type SharedKeyValue } from '../content/reports-store.js';

interface HasShared {
  shared: SharedKeyValue;
}

/** What a committed turn must show for a report to be recorded. */
export interface CommittedTurnLike {
  inbound: { channel: string };
  result: { events: readonly EngineEvent[] };
}

/**
 * Call after a turn is committed: saves one report per report button pressed in
 * it. Returns a promise only when there is one to save (every turn passes here).
 */
export function recordContentReports(store: HasShared, registry: FlowRegistry, committed: CommittedTurnLike): Promise<ContentReport[]> | undefined {
  const pressed = committed.result.events.filter((event): event is ProfileChanged => event.type === 'profile_changed' && event.field === REPORT_FIELD);
  return pressed.length > 0 ? saveReports(store, registry, committed.inbound.channel, pressed) : undefined;
}

type ProfileChanged = Extract<EngineEvent, { type: 'profile_changed' }>;

async function saveReports(store: HasShared, registry: FlowRegistry, channel: string, pressed: readonly ProfileChanged[]): Promise<ContentReport[]> {
  const saved: ContentReport[] = [];
  for (const event of pressed) {
    const place = parseReportValue(event.value);
    const flow = place && registry.get(place.guide);
    if (!place || !flow) continue;
    saved.push(
      await addContentReport(store.shared, {
        guide: flow.id,
        title: flow.title,
        version: flow.version,
        place: place.at,
        placeLabel: placeLabel(place.at),
        excerpt: excerptOf(registry, flow.id, place.at),
        channel,
      }),
    );
  }
  return saved;
}

function excerptOf(registry: FlowRegistry, flowId: string, at: string): string {
  const node = registry.node(flowId, at);
  const bubbles = node && 'text' in node && node.text !== undefined ? [node.text].flat() : [];
  // The intro's first bubbles are the title and summary; the third holds where, fee and duration.
  const shown = (at === 'intro' ? bubbles[2] : bubbles[0]) ?? '';
  return shown.length > 350 ? `${shown.slice(0, 349)}…` : shown;
}

const ListQuery = (query: unknown) => {
  const { guide, limit } = (query ?? {}) as { guide?: unknown; limit?: unknown };
  const parsedLimit = limit === undefined ? 100 : Number(limit);
  if (!Number.isInteger(parsedLimit) || parsedLimit < 1 || parsedLimit > CONTENT_REPORTS_MAX)
    return { error: `limit là số từ 1 đến ${CONTENT_REPORTS_MAX}. / limit must be a whole number from 1 to ${CONTENT_REPORTS_MAX}.` };
  if (guide !== undefined && (typeof guide !== 'string' || !/^guide-[a-z0-9-]+$/.test(guide)))
    return { error: 'guide là mã hướng dẫn, ví dụ guide-id-card. / guide must be a guide id such as guide-id-card.' };
  return { limit: parsedLimit, ...(typeof guide === 'string' ? { guide } : {}) };
};

/** GET /api/admin/content-reports?guide=<id>&limit=<n>: newest first, with the counts per guide. */
export function registerContentReportRoutes(http: FastifyInstance, guard: preHandlerHookHandler, store: HasShared): void {
  http.get('/api/admin/content-reports', { preHandler: guard }, async (request, reply) => {
    const query = ListQuery(request.query);
    if ('error' in query) return reply.code(400).send({ error: query.error });
    const [reports, counts] = await Promise.all([listContentReports(store.shared, query.limit, query.guide), contentReportCounts(store.shared)]);
    return { counts, reports };
  });
}

/** For GET /api/admin/stats: reports per guide, most reported first. */
export async function contentReportStats(store: HasShared): Promise<{ total: number; byGuide: Record<string, { title: string; total: number; byPlace: Record<string, number> }> }> {
  const counts = await contentReportCounts(store.shared);
  const sorted = Object.entries(counts).sort(([, a], [, b]) => b.total - a.total);
  return { total: sorted.reduce((sum, [, entry]) => sum + entry.total, 0), byGuide: Object.fromEntries(sorted) };
}

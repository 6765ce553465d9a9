// Progress by ward (the directory's wards, aliases merged) and by lesson, for operators following their area.
import type { FlowRegistry } from '../engine/flow-registry.js';
import { wardIdOf } from '../engine/wards/match.js';
import type { Store } from '../store/types.js';

interface WardStats {
  users: number;
  lessonsCompleted: number;
}

interface FlowStats {
  title: string;
  started: number;
  completed: number;
  averageBestScore: number | null;
}

export async function collectStats(store: Store, registry: FlowRegistry) {
  const byChannel: Record<string, number> = {};
  const byWard: Record<string, WardStats> = {};
  const byGroup: Record<string, number> = {};
  const flows: Record<string, FlowStats & { scoreSum: number; scored: number }> = {};
  let users = 0;
  let consented = 0;
  for await (const { userKey, state } of store.users.scan()) {
    users++;
    const channel = userKey.split(':', 1)[0]!;
    byChannel[channel] = (byChannel[channel] ?? 0) + 1;
    if (state.profile.consent !== true) continue;
    consented++;
    const ward = wardNameOf(state.profile.ward, registry);
    const wardStats = (byWard[ward] ??= { users: 0, lessonsCompleted: 0 });
    wardStats.users++;
    const group = String(state.profile.group ?? 'other');
    byGroup[group] = (byGroup[group] ?? 0) + 1;
    for (const [flowId, progress] of Object.entries(state.progress)) {
      const flow = registry.get(flowId);
      if (!flow) continue;
      const entry = (flows[flowId] ??= { title: flow.title, started: 0, completed: 0, averageBestScore: null, scoreSum: 0, scored: 0 });
      entry.started++;
      if (progress.status === 'completed') {
        entry.completed++;
        if (flow.kind === 'lesson') wardStats.lessonsCompleted++;
      }
      if (progress.quizTotal) {
        entry.scoreSum += (progress.bestScore ?? 0) / progress.quizTotal;
        entry.scored++;
      }
    }
  }
  const flowSummary = Object.fromEntries(
    Object.entries(flows).map(([id, { scoreSum, scored, ...rest }]) => [id, { ...rest, averageBestScore: scored ? Math.round((scoreSum / scored) * 100) / 100 : null }]),
  );
  return { users, consented, byChannel, byGroup, byWard, flows: flowSummary };
}

/** Under the directory's name, so aliases and typos merge; "Bỏ qua" or nothing is "chưa rõ"; a ward outside the directory as typed. */
function wardNameOf(value: unknown, registry: FlowRegistry): string {
  const id = wardIdOf(value, registry.wards);
  if (!id) return 'chưa rõ';
  return registry.wards.byId.get(id)?.name ?? String(value);
}

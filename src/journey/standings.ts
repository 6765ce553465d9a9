// Thi đua and "mỗi người biết dạy một người", counted from the residents'
// records (one scan, for operators): per ward, residents registered, residents
// who finished at least one lesson, certificates held and residents recognized
// as "Người hướng dẫn", each as a rate per registered resident so a large ward
// does not win by size; and per inviter, how many came and how many finished.
import type { FlowRegistry } from '../engine/flow-registry.js';
import type { UserState } from '../engine/state.js';
import { userTag } from '../log/logger.js';
import type { Store } from '../store/types.js';

export interface WardStanding {
  rank: number;
  ward: string;
  registered: number;
  finished: number;
  certificates: number;
  helpers: number;
  /** (finished + certificates + helpers) / registered, rounded to 3 places. */
  score: number;
  finishedRate: number;
  certificateRate: number;
  helperRate: number;
}

export interface InviterCount {
  /** A pseudonym of the resident (never the platform id). */
  resident: string;
  ward: string;
  invited: number;
  finished: number;
  mentor: boolean;
}

export interface Standings {
  wards: WardStanding[];
  inviters: InviterCount[];
  invitesByWard: Record<string, { invited: number; finished: number; mentors: number }>;
}

/** The row of residents who gave no ward. */
export const UNKNOWN_WARD = 'chưa rõ';
const rate = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 1000 : 0);
const LEADERBOARD_COLUMNS = ['rank', 'ward', 'registered', 'finished', 'certificates', 'helpers', 'score', 'finishedRate', 'certificateRate', 'helperRate'] as const;

/** The leaderboard as CSV rows (header first), for the admin API and the console's download alike. */
export function leaderboardCsvRows(wards: WardStanding[]): unknown[][] {
  return [[...LEADERBOARD_COLUMNS], ...wards.map((row) => LEADERBOARD_COLUMNS.map((column) => row[column]))];
}

function finishedALesson(state: UserState, registry: FlowRegistry): boolean {
  return Object.entries(state.progress).some(([id, progress]) => progress.status === 'completed' && registry.get(id)?.kind === 'lesson');
}

export async function collectStandings(store: Store, registry: FlowRegistry): Promise<Standings> {
  const wards = new Map<string, { registered: number; finished: number; certificates: number; helpers: number }>();
  const wardOf = new Map<string, string>();
  const inviters = new Map<string, { userKey: string; ward: string; mentor: boolean }>();
  const invitees: { code: string; finished: boolean }[] = [];
  for await (const { userKey, state } of store.users.scan()) {
    if (state.profile.consent !== true) continue;
    const ward = typeof state.profile.ward === 'string' && state.profile.ward ? state.profile.ward : UNKNOWN_WARD;
    wardOf.set(userKey, ward);
    const row = wards.get(ward) ?? { registered: 0, finished: 0, certificates: 0, helpers: 0 };
    const finished = finishedALesson(state, registry);
    row.registered++;
    if (finished) row.finished++;
    if (state.profile.mentor === true) row.helpers++;
    wards.set(ward, row);
    if (typeof state.profile.inviteCode === 'string') inviters.set(state.profile.inviteCode, { userKey, ward, mentor: state.profile.mentor === true });
    if (typeof state.profile.invitedBy === 'string') invitees.push({ code: state.profile.invitedBy, finished });
  }
  for (const certificate of await store.certificates.list(100_000)) {
    const ward = certificate.status === 'valid' && certificate.userKey ? wardOf.get(certificate.userKey) : undefined;
    if (ward) wards.get(ward)!.certificates++;
  }
  const standings: WardStanding[] = [...wards.entries()]
    .map(([ward, row]) => ({
      rank: 0,
      ward,
      ...row,
      score: rate(row.finished + row.certificates + row.helpers, row.registered),
      finishedRate: rate(row.finished, row.registered),
      certificateRate: rate(row.certificates, row.registered),
      helperRate: rate(row.helpers, row.registered),
    }))
    .sort((a, b) => b.score - a.score || b.registered - a.registered || a.ward.localeCompare(b.ward, 'vi'));
  standings.forEach((row, i) => (row.rank = i > 0 && row.score === standings[i - 1]!.score ? standings[i - 1]!.rank : i + 1));
  const counts = new Map<string, InviterCount>();
  for (const { code, finished } of invitees) {
    const inviter = inviters.get(code);
    if (!inviter) continue;
    const count = counts.get(code) ?? { resident: userTag(inviter.userKey), ward: inviter.ward, invited: 0, finished: 0, mentor: inviter.mentor };
    count.invited++;
    if (finished) count.finished++;
    counts.set(code, count);
  }
  const invitesByWard: Standings['invitesByWard'] = {};
  for (const count of counts.values()) {
    const row = (invitesByWard[count.ward] ??= { invited: 0, finished: 0, mentors: 0 });
    row.invited += count.invited;
    row.finished += count.finished;
    if (count.mentor) row.mentors++;
  }
  return { wards: standings, inviters: [...counts.values()].sort((a, b) => b.finished - a.finished || b.invited - a.invited), invitesByWard };
}

// Dashboard counters kept up to date as turns commit (never a scan per page
// view). A turn's hook compares what the resident is counted as (ward, group,
// channel, funnel steps, lessons started/completed) before and after the turn,
// from the two states it already has, so a counter moves once per resident and
// a changed ward moves the resident; weekly activity is the first turn of a
// week. No store round trip per turn: changes gather in memory and are added
// in one write every FLUSH_MS (and on close).
import type { FlowRegistry } from '../../engine/flow-registry.js';
import type { UserState } from '../../engine/state.js';
import { redact } from '../../privacy/redact.js';
import type { TurnCommitted } from '../../runtime/conversation.js';
import type { Store } from '../../store/types.js';
import { isoWeek } from '../../broadcast/weekly.js';
import type { WardDirectory } from '../../engine/wards/directory.js';
import { wardIdOf } from '../../engine/wards/match.js';

/** What one resident is counted as. */
export interface Dims {
  c: string;
  w: string;
  g: string;
  /** Onboarded, started a lesson, completed a lesson. */
  f: { o?: 1; s?: 1; d?: 1 };
  started: string[];
  completed: string[];
}

export const UNANSWERED_RING = 500;
const FLUSH_MS = 500;
/** Counters that come from residents' dimensions (the backfill recomputes them). */
const DIMENSION_COUNTER = /^(residents$|channel:|ward:|group:|funnel:|wardlesson:|lesson:[^:]+:(started|completed)$)/;

export function dimsOf(userKey: string, state: UserState, registry: FlowRegistry, directory: WardDirectory): Dims {
  const lessons = Object.entries(state.progress).filter(([id]) => registry.get(id)?.kind === 'lesson');
  const completed = lessons.filter(([, progress]) => progress.status === 'completed').map(([id]) => id);
  return {
    c: userKey.slice(0, userKey.indexOf(':')),
    w: wardIdOf(state.profile.ward, directory),
    g: state.profile.group === undefined ? '' : String(state.profile.group),
    f: { ...(state.profile.onboarded === true ? { o: 1 as const } : {}), ...(lessons.length ? { s: 1 as const } : {}), ...(completed.length ? { d: 1 as const } : {}) },
    started: lessons.map(([id]) => id),
    completed,
  };
}

/** True when dimsOf would give both states the same dimensions (same ward, group, onboarding and lesson statuses). */
export function countedTheSame(before: UserState, after: UserState): boolean {
  const [a, b] = [before.profile, after.profile];
  if (a.ward !== b.ward || a.group !== b.group || a.onboarded !== b.onboarded) return false;
  const ids = Object.keys(after.progress);
  if (ids.length !== Object.keys(before.progress).length) return false;
  return ids.every((id) => before.progress[id]?.status === after.progress[id]!.status);
}

/** The counter changes that take a resident from `before` (null: not counted) to `after` (null: forgotten). */
export function dimsDelta(before: Dims | null, after: Dims | null): Record<string, number> {
  const deltas: Record<string, number> = {};
  const add = (name: string, by: number) => (deltas[name] = (deltas[name] ?? 0) + by);
  const keysOf = (dims: Dims | null) => (dims ? ['residents', `channel:${dims.c}`, `ward:${dims.w}`, `group:${dims.g}`] : []);
  for (const key of keysOf(before)) add(key, -1);
  for (const key of keysOf(after)) add(key, 1);
  if (after) {
    for (const step of ['o', 's', 'd'] as const) if (after.f[step] && !before?.f[step]) add(`funnel:${step}`, 1);
    for (const id of after.started) if (!before?.started.includes(id)) add(`lesson:${id}:started`, 1);
    for (const id of after.completed) {
      if (before?.completed.includes(id)) continue;
      add(`lesson:${id}:completed`, 1);
      add(`wardlesson:${after.w}:${id}`, 1);
    }
  }
  for (const [name, by] of Object.entries(deltas)) if (by === 0) delete deltas[name];
  return deltas;
}

export class StatsKeeper {
  private pending: Record<string, number> = {};
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private readonly weeks = new Map<number, string>();

  constructor(
    private readonly store: Store,
    private readonly registry: () => FlowRegistry,
    private readonly directory: () => WardDirectory,
    private readonly timeZone: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The onCommitted hook: counts in memory; a promise only when a question must be written down. */
  record(committed: TurnCommitted): Promise<void> | undefined {
    const { userKey, result } = committed;
    const previous = committed.previous ?? null;
    // Most turns change none of what a resident is counted as: no need to build both sides to find that out.
    if (result.deleteUser || !previous || !countedTheSame(previous, result.state)) {
      const before = previous ? dimsOf(userKey, previous, this.registry(), this.directory()) : null;
      const after = result.deleteUser ? null : dimsOf(userKey, result.state, this.registry(), this.directory());
      this.add(dimsDelta(before, after));
    }
    if (result.deleteUser) return undefined;
    for (const event of result.events) {
      if (event.type === 'quiz_answered') this.add({ [`lesson:${event.flow}:${event.correct ? 'right' : 'wrong'}`]: 1 });
      if (event.type === 'flow_completed' && event.total > 0 && this.registry().get(event.flow)?.kind === 'lesson') {
        this.add({ [`lesson:${event.flow}:scoreSum`]: Math.round((event.score / event.total) * 100), [`lesson:${event.flow}:scored`]: 1 });
      }
    }
    const week = this.weekOf(result.state.updatedAt);
    if (!previous || this.weekOf(previous.updatedAt) !== week) this.add({ [`active:${week}`]: 1 });
    if (result.service?.name === 'scam-check') this.add({ 'scam:checks': 1, [`scam:${committed.serviceOutcome ?? 'unknown'}`]: 1 });
    return result.service?.name === 'qa' ? this.qa(committed) : undefined;
  }

  /** isoWeek per quarter-hour, remembered for many quarter-hours (previous turns are spread over weeks). */
  private weekOf(at: number): string {
    const quarter = Math.floor(at / 900_000);
    let week = this.weeks.get(quarter);
    if (week === undefined) {
      if (this.weeks.size >= 20_000) this.weeks.clear();
      week = isoWeek(at, this.timeZone);
      this.weeks.set(quarter, week);
    }
    return week;
  }

  private async qa(committed: TurnCommitted): Promise<void> {
    const outcome = committed.serviceOutcome ?? 'unknown';
    this.add({ 'qa:asked': 1, [`qa:${outcome}`]: 1 });
    if (outcome !== 'not-found') return;
    const n = await this.store.shared.incr('stats:unanswered:n');
    await this.store.shared.set(`stats:unanswered:${n % UNANSWERED_RING}`, redact(committed.result.service!.text).slice(0, 200));
  }

  private add(deltas: Record<string, number>): void {
    for (const [name, by] of Object.entries(deltas)) this.pending[name] = (this.pending[name] ?? 0) + by;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(this.onError);
    }, FLUSH_MS).unref();
  }

  /** Writes what gathered (one write); resolves when it is stored (tests, shutdown, the dashboard's own reads). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    const deltas = this.pending;
    this.pending = {};
    if (Object.keys(deltas).length === 0) return;
    this.flushing = this.store.operators.addCounts(deltas).catch((error: unknown) => {
      // Not lost: added back, tried with the next flush.
      for (const [name, by] of Object.entries(deltas)) this.pending[name] = (this.pending[name] ?? 0) + by;
      throw error;
    });
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(this.onError);
  }

  /**
   * Recounts every resident's dimensions in one scan (`npm run operator --
   * rebuild-stats`): residents who wrote before the counters existed are
   * counted, typed wards mapped to the directory. The dimension counters are
   * set to the scan's totals, so running it twice changes nothing.
   */
  async backfill(): Promise<number> {
    const fresh: Record<string, number> = {};
    let residents = 0;
    for await (const { userKey, state } of this.store.users.scan()) {
      for (const [name, by] of Object.entries(dimsDelta(null, dimsOf(userKey, state, this.registry(), this.directory())))) fresh[name] = (fresh[name] ?? 0) + by;
      residents++;
    }
    await this.flush();
    const current = await this.store.operators.counts();
    const deltas: Record<string, number> = {};
    for (const name of new Set([...Object.keys(current), ...Object.keys(fresh)])) {
      if (DIMENSION_COUNTER.test(name)) deltas[name] = (fresh[name] ?? 0) - (current[name] ?? 0);
    }
    await this.store.operators.addCounts(deltas);
    return residents;
  }
}

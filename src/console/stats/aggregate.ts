// Dashboard counters kept up to date as turns commit (never a scan per page
// view). Each resident's counted dimensions (ward, group, channel, funnel steps,
// lessons started/completed) live under a digest of their key in the shared
// store, read only on the few turns that change one of them, so a counter moves
// once per resident and a changed ward moves the resident, not a copy.
import { createHash } from 'node:crypto';
import type { FlowRegistry } from '../../engine/flow-registry.js';
import type { UserState } from '../../engine/state.js';
import { redact } from '../../privacy/redact.js';
import type { TurnCommitted } from '../../runtime/conversation.js';
import type { Store } from '../../store/types.js';
import { isoWeek } from '../../broadcast/weekly.js';
import type { WardDirectory } from '../wards/directory.js';
import { wardIdOf } from '../wards/match.js';

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

const DIMS_TTL_MS = 400 * 24 * 3600_000;
export const UNANSWERED_RING = 500;
const ACTIVE_MEMO_MAX = 200_000;

export const dimsKey = (userKey: string) => `stats:dims:${createHash('sha256').update(userKey).digest('base64url').slice(0, 22)}`;

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
  private readonly activeSeen = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly registry: () => FlowRegistry,
    private readonly directory: () => WardDirectory,
    private readonly timeZone: string,
  ) {}

  /** The onCommitted hook. */
  async record(committed: TurnCommitted): Promise<void> {
    const { userKey, result } = committed;
    const deltas: Record<string, number> = {};
    const add = (name: string, by = 1) => (deltas[name] = (deltas[name] ?? 0) + by);
    if (result.deleteUser) return this.forget(userKey);
    const state = result.state;
    const first = state.seen.length === 1 && state.createdAt === state.updatedAt;
    const touches = first || result.events.some((e) => e.type === 'flow_started' || e.type === 'flow_completed' || (e.type === 'profile_changed' && ['ward', 'group', 'onboarded'].includes(e.field)));
    if (touches) {
      const key = dimsKey(userKey);
      const raw = first ? null : await this.store.shared.get(key);
      const before = raw ? (JSON.parse(raw) as Dims) : null;
      const after = dimsOf(userKey, state, this.registry(), this.directory());
      Object.assign(deltas, dimsDelta(before, after));
      if (JSON.stringify(before) !== JSON.stringify(after)) await this.store.shared.set(key, JSON.stringify(after), DIMS_TTL_MS);
    }
    for (const event of result.events) {
      if (event.type === 'quiz_answered') add(`lesson:${event.flow}:${event.correct ? 'right' : 'wrong'}`);
      if (event.type === 'flow_completed' && event.total > 0 && this.registry().get(event.flow)?.kind === 'lesson') {
        add(`lesson:${event.flow}:scoreSum`, Math.round((event.score / event.total) * 100));
        add(`lesson:${event.flow}:scored`);
      }
    }
    if (result.service?.name === 'qa') await this.qa(committed, add);
    if (result.service?.name === 'scam-check') {
      add('scam:checks');
      add(`scam:${committed.serviceOutcome ?? 'unknown'}`);
    }
    await this.active(userKey, add);
    await this.store.operators.addCounts(deltas);
  }

  private async qa(committed: TurnCommitted, add: (name: string, by?: number) => void): Promise<void> {
    const outcome = committed.serviceOutcome ?? 'unknown';
    add('qa:asked');
    add(`qa:${outcome}`);
    if (outcome !== 'not-found') return;
    const n = await this.store.shared.incr('stats:unanswered:n');
    await this.store.shared.set(`stats:unanswered:${n % UNANSWERED_RING}`, redact(committed.result.service!.text).slice(0, 200));
  }

  /** Residents active this week: one claim per resident and week, remembered in this process. */
  private async active(userKey: string, add: (name: string, by?: number) => void): Promise<void> {
    const week = isoWeek(Date.now(), this.timeZone);
    const memo = `${week}|${userKey}`;
    if (this.activeSeen.has(memo)) return;
    if (this.activeSeen.size >= ACTIVE_MEMO_MAX) this.activeSeen.clear();
    this.activeSeen.add(memo);
    if (await this.store.shared.claim(`stats:active:${week}:${dimsKey(userKey).slice(11)}`, 8 * 24 * 3600_000)) add(`active:${week}`);
  }

  private async forget(userKey: string): Promise<void> {
    const key = dimsKey(userKey);
    const raw = await this.store.shared.get(key);
    if (!raw) return;
    await this.store.operators.addCounts(dimsDelta(JSON.parse(raw) as Dims, null));
    await this.store.shared.delete(key);
  }

  /**
   * Counts residents who wrote before the counters existed (one scan, run by an
   * operator: `npm run operator -- rebuild-stats`), and maps their typed wards
   * to the directory. Residents already counted are left alone.
   */
  async backfill(): Promise<number> {
    let added = 0;
    let deltas: Record<string, number> = {};
    let writes: Promise<void>[] = [];
    const flush = async () => {
      await Promise.all(writes);
      await this.store.operators.addCounts(deltas);
      deltas = {};
      writes = [];
    };
    for await (const { userKey, state } of this.store.users.scan()) {
      const key = dimsKey(userKey);
      const raw = await this.store.shared.get(key);
      const before = raw ? (JSON.parse(raw) as Dims) : null;
      const after = dimsOf(userKey, state, this.registry(), this.directory());
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      for (const [name, by] of Object.entries(dimsDelta(before, after))) deltas[name] = (deltas[name] ?? 0) + by;
      writes.push(this.store.shared.set(key, JSON.stringify(after), DIMS_TTL_MS));
      // Counters in batches: one write per thousand residents, not one each.
      if (++added % 1000 === 0) await flush();
    }
    await flush();
    return added;
  }
}

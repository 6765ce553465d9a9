// What the Q&A keeps in the store: a resident's daily count of model questions
// and last few turns (per-user fields, removed with the user), answers to
// repeated questions (shared, with a TTL) and questions passed to volunteers.
// Only redacted text is ever written.
import { createHash } from 'node:crypto';
import type { Store } from '../store/types.js';

export const VOLUNTEER_LIST = 'qa:volunteer-questions';
const FIELDS = { quotaDay: 'qa:quota-day', quotaCount: 'qa:quota-count', history: 'qa:history', pending: 'qa:pending' };
/** Earlier turns and an unanswered question older than this are not context any more. */
const CONTEXT_MS = 30 * 60_000;

export interface Turn {
  q: string;
  a: string;
  at: number;
}

export interface CachedAnswer {
  text: string;
  sources: string[];
}

export interface VolunteerQuestion {
  at: string;
  channel: string;
  userKey: string;
  question: string;
}

export class QaMemory {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one model question; false when today's limit is reached (days in Vietnam's time zone). */
  async takeQuota(userKey: string, limit: number): Promise<boolean> {
    if (limit <= 0) return false;
    const today = new Date(this.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    if ((await this.store.userFieldGet(userKey, FIELDS.quotaDay)) !== today) {
      await this.store.userFieldSet(userKey, FIELDS.quotaDay, today);
      await this.store.userFieldSet(userKey, FIELDS.quotaCount, '0');
    }
    const used = await this.store.userFieldIncr(userKey, FIELDS.quotaCount);
    return used <= limit;
  }

  async history(userKey: string): Promise<Turn[]> {
    const turns = parse<Turn[]>(await this.store.userFieldGet(userKey, FIELDS.history)) ?? [];
    return turns.filter((turn) => this.now() - turn.at < CONTEXT_MS);
  }

  async remember(userKey: string, turn: Omit<Turn, 'at'>, keep: number): Promise<void> {
    if (keep <= 0) return;
    const turns = [...(await this.history(userKey)), { q: turn.q.slice(0, 300), a: turn.a.slice(0, 500), at: this.now() }].slice(-keep);
    await this.store.userFieldSet(userKey, FIELDS.history, JSON.stringify(turns));
  }

  /** The last question we could not answer, kept so "nhờ tình nguyện viên" can pass it on. */
  async setPending(userKey: string, question: string | null): Promise<void> {
    await this.store.userFieldSet(userKey, FIELDS.pending, question ? JSON.stringify({ q: question, at: this.now() }) : '');
  }

  async takePending(userKey: string): Promise<string | undefined> {
    const pending = parse<{ q: string; at: number }>(await this.store.userFieldGet(userKey, FIELDS.pending));
    if (!pending) return undefined;
    await this.setPending(userKey, null);
    return this.now() - pending.at < CONTEXT_MS ? pending.q : undefined;
  }

  async cached(key: string): Promise<CachedAnswer | undefined> {
    return parse<CachedAnswer>(await this.store.get(key));
  }

  async cache(key: string, answer: CachedAnswer, hours: number): Promise<void> {
    if (hours > 0) await this.store.set(key, JSON.stringify(answer), hours * 3_600_000);
  }

  async passToVolunteer(entry: Omit<VolunteerQuestion, 'at'>): Promise<void> {
    await this.store.listPush(VOLUNTEER_LIST, JSON.stringify({ at: new Date(this.now()).toISOString(), ...entry }));
  }

  async volunteerQuestions(limit: number): Promise<VolunteerQuestion[]> {
    const raw = await this.store.listRange(VOLUNTEER_LIST, -limit, -1);
    return raw.map((item) => parse<VolunteerQuestion>(item)).filter((item): item is VolunteerQuestion => item !== undefined).reverse();
  }
}

/**
 * "Xóa dữ liệu" removes everything about a resident, including questions they
 * passed to a volunteer. The list is rewritten without them (rare, small).
 */
export async function forgetVolunteerQuestions(store: Store, userKey: string): Promise<number> {
  const all = await store.listRange(VOLUNTEER_LIST, 0, -1);
  const kept = all.filter((item) => parse<VolunteerQuestion>(item)?.userKey !== userKey);
  if (kept.length === all.length) return 0;
  await store.delete(VOLUNTEER_LIST);
  for (const item of kept) await store.listPush(VOLUNTEER_LIST, item);
  return all.length - kept.length;
}

export function cacheKey(model: string, foldedQuestion: string, sourceIds: string[]): string {
  return `qa:cache:${createHash('sha256').update(JSON.stringify([model, foldedQuestion, sourceIds])).digest('hex').slice(0, 32)}`;
}

function parse<T>(raw: string | null): T | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

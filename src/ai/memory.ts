// What the Q&A remembers. Per resident (in the user's record, committed with
// the turn): the daily count of model questions, the last few turns, the last
// question it could not answer. Shared (with a TTL): answers to repeated
// questions. Only redacted text is ever kept. Reads take the record's data;
// writes are returned as changes for the runtime to commit.
import { createHash } from 'node:crypto';
import type { SharedStore, UserData } from '../store/types.js';

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

export type { VolunteerQuestion } from '../store/types.js';

/** A change to the resident's data, applied by the runtime to the record it commits. */
export type DataChange = (data: UserData) => void;

/** The day a quota counts in, in the deployment's time zone ("2026-12-01"). */
export function quotaDay(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whether one more model question fits today's limit. */
export function quotaLeft(data: Readonly<UserData>, day: string, limit: number): boolean {
  if (limit <= 0) return false;
  const quota = data.qa?.quota;
  return (quota?.day === day ? quota.used : 0) < limit;
}

export function countQuota(day: string): DataChange {
  return (data) => {
    const qa = (data.qa ??= {});
    qa.quota = { day, used: (qa.quota?.day === day ? qa.quota.used : 0) + 1 };
  };
}

export function history(data: Readonly<UserData>, now: number): Turn[] {
  return (data.qa?.history ?? []).filter((turn) => now - turn.at < CONTEXT_MS);
}

export function rememberTurn(turn: Omit<Turn, 'at'>, keep: number, now: number): DataChange {
  return (data) => {
    if (keep <= 0) return;
    const qa = (data.qa ??= {});
    qa.history = [...history(data, now), { q: turn.q.slice(0, 300), a: turn.a.slice(0, 500), at: now }].slice(-keep);
  };
}

/** The last question we could not answer, kept so "nhờ tình nguyện viên" can pass it on. */
export function setPendingQuestion(question: string | null, now: number): DataChange {
  return (data) => {
    const qa = (data.qa ??= {});
    if (question) qa.pending = { q: question, at: now };
    else delete qa.pending;
  };
}

export function pendingQuestion(data: Readonly<UserData>, now: number): string | undefined {
  const pending = data.qa?.pending;
  return pending && now - pending.at < CONTEXT_MS ? pending.q : undefined;
}

/** Applies several changes in order. */
export function allOf(changes: DataChange[]): DataChange | undefined {
  if (changes.length === 0) return undefined;
  return (data) => {
    for (const change of changes) change(data);
  };
}

export class AnswerCache {
  constructor(private readonly shared: SharedStore) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const raw = await this.shared.get(key);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as CachedAnswer;
    } catch {
      return undefined;
    }
  }

  async set(key: string, answer: CachedAnswer, hours: number): Promise<void> {
    if (hours > 0) await this.shared.set(key, JSON.stringify(answer), hours * 3_600_000);
  }
}

export function cacheKey(model: string, foldedQuestion: string, sourceIds: string[]): string {
  return `qa:cache:${createHash('sha256')
    .update(JSON.stringify([model, foldedQuestion, sourceIds]))
    .digest('hex')
    .slice(0, 32)}`;
}

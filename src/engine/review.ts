// Review of missed quiz questions (Leitner boxes): a question answered wrong
// goes to box 1 and comes back after 1 day; answered right when due it moves
// to box 2 (3 days), then box 3 (7 days), then it is learnt and leaves the
// boxes; answered wrong again it starts over in box 1. A review ("ôn tập") asks
// up to three due questions, each in its own lesson's words. Pure.
import { bankReviewRun } from './assessment.js';
import type { FlowRegistry } from './flow-registry.js';
import type { JourneyState, ReviewItem } from './journey-state.js';
import { activeFrame, type Frame, type UserState } from './state.js';
import type { EngineEvent, TurnBuilder } from './turn-builder.js';

const DAY_MS = 86_400_000;
/** Days until a question in box 1, 2, 3 comes back. */
export const REVIEW_INTERVAL_DAYS = [1, 3, 7] as const;
/**
 * A question counts as due this much before its time, so one missed in the
 * afternoon is ready for the next morning's reminder (a day is a calendar day
 * for the resident, not 24 hours to the minute).
 */
export const REVIEW_EARLY_MS = 12 * 3600_000;
/** Questions in one "ôn tập" (about a minute). */
export const REVIEW_SESSION_SIZE = 3;
/** A question rarely missed by one resident; the boxes never grow past this. */
const REVIEW_ITEMS_KEPT = 60;

export const reviewKey = (flow: string, node: string) => `${flow}#${node}`;

function splitKey(key: string): { flow: string; node: string } {
  const at = key.indexOf('#');
  return { flow: key.slice(0, at), node: key.slice(at + 1) };
}

function dueIn(box: ReviewItem['box'], now: number): number {
  return now + REVIEW_INTERVAL_DAYS[box - 1]! * DAY_MS;
}

/** Moves one answered question between boxes. */
export function noteQuizAnswer(journey: JourneyState, flow: string, node: string, correct: boolean, now: number): void {
  const key = reviewKey(flow, node);
  const reviews = (journey.reviews ??= {});
  const item = reviews[key];
  if (!correct) {
    reviews[key] = { box: 1, due: dueIn(1, now) };
    const keys = Object.keys(reviews);
    if (keys.length > REVIEW_ITEMS_KEPT) for (const old of keys.slice(0, keys.length - REVIEW_ITEMS_KEPT)) delete reviews[old];
    return;
  }
  // Right before its time (a lesson taken again the same day) does not count as a review.
  if (!item || item.due - REVIEW_EARLY_MS > now) return;
  if (item.box === 3) delete reviews[key];
  else reviews[key] = { box: (item.box + 1) as 2 | 3, due: dueIn((item.box + 1) as 2 | 3, now) };
}

/** Applies the turn's quiz answers (in a lesson or in a review) to the boxes. */
export function applyQuizEvents(state: UserState, events: readonly EngineEvent[], now: number): void {
  for (const event of events) {
    if (event.type !== 'quiz_answered') continue;
    noteQuizAnswer((state.journey ??= {}), event.flow, event.node, event.correct, now);
  }
}

/**
 * The questions due for review at `now`, the longest waiting first, as
 * "<flow>#<node>" keys. With the registry, questions whose lesson or node is
 * gone are left out.
 */
export function reviewsDue(state: UserState, now: number, registry?: FlowRegistry): string[] {
  return Object.entries(state.journey?.reviews ?? {})
    .filter(([key, item]) => item.due - REVIEW_EARLY_MS <= now && (!registry || isQuiz(registry, key)))
    .sort(([, a], [, b]) => a.due - b.due)
    .map(([key]) => key);
}

/** When the next question comes due (undefined: nothing in the boxes). */
export function nextReviewAt(state: UserState): number | undefined {
  const dues = Object.values(state.journey?.reviews ?? {}).map((item) => item.due - REVIEW_EARLY_MS);
  return dues.length ? Math.min(...dues) : undefined;
}

/** A lesson's quiz node, or a question of an area test's bank ("<test node>/<question id>"). */
function isQuiz(registry: FlowRegistry, key: string): boolean {
  const { flow, node } = splitKey(key);
  const [nodeId, questionId] = node.split('/') as [string, string | undefined];
  const found = registry.node(flow, nodeId);
  if (questionId === undefined) return found?.type === 'quiz';
  return found?.type === 'assess' && found.questions.some((q) => q.id === questionId);
}

/** A review asks a lesson's quiz node from a frame of its own, marked with the questions still to come. */
export function isReviewFrame(frame: Frame): boolean {
  return frame.vars.review !== undefined;
}

type Present = (t: TurnBuilder, frame: Frame) => void;

/** "ôn tập": the first due question, or a kind word when none is due. */
export function startReview(t: TurnBuilder, present: Present): void {
  const due = reviewsDue(t.state, t.ctx.now, t.ctx.registry).slice(0, REVIEW_SESSION_SIZE);
  if (due.length === 0) {
    const next = nextReviewAt(t.state);
    const days = next === undefined ? undefined : Math.max(1, Math.ceil((next - t.ctx.now) / DAY_MS));
    t.say(days === undefined ? t.ctx.catalog.journey.reviewNone : t.ctx.catalog.journey.reviewLater, { days });
    t.offer([t.menuButton()]);
    return;
  }
  t.emit({ type: 'review_started', questions: due.length });
  t.state.stack = [];
  askReviewQuestion(t, due, 1, due.length, 0, present);
}

/** After a review answer (its explanation already said): the next question, or the summary. */
export function continueReview(t: TurnBuilder, frame: Frame, present: Present): void {
  const right = Number(frame.vars.reviewRight ?? 0) + (Object.values(frame.quiz).at(-1) === 1 ? 1 : 0);
  const total = Number(frame.vars.reviewTotal);
  const rest = String(frame.vars.review).split(',').filter(Boolean);
  t.state.stack.pop();
  const remaining = rest.filter((key) => isQuiz(t.ctx.registry, key));
  if (remaining.length > 0) return askReviewQuestion(t, remaining, total - remaining.length + 1, total, right, present);
  t.emit({ type: 'review_finished', right, total });
  t.say(t.ctx.catalog.journey.reviewDone, { right, total });
  t.offer([t.menuButton()]);
}

function askReviewQuestion(t: TurnBuilder, keys: string[], n: number, total: number, right: number, present: Present): void {
  const [key, ...rest] = keys as [string, ...string[]];
  const { flow, node } = splitKey(key);
  const loaded = t.ctx.registry.get(flow)!;
  const [nodeId, questionId] = node.split('/') as [string, string | undefined];
  const frame: Frame = { flow, node: nodeId, revision: loaded.revision, history: [], retries: 0, vars: { review: rest.join(','), reviewTotal: total, reviewRight: right }, quiz: {} };
  const test = questionId === undefined ? undefined : t.ctx.registry.node(flow, nodeId);
  if (test?.type === 'assess') frame.assessment = bankReviewRun(test, questionId!, `${t.state.createdAt}:review:${key}:${t.ctx.now}`);
  t.state.stack.push(frame);
  t.say(t.ctx.catalog.journey.reviewHeader, { n, total, title: loaded.title });
  present(t, activeFrame(t.state)!);
}

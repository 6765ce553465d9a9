// The area test: an `assess` node draws a few questions from its bank and asks
// them one by one, options shuffled for this resident and this attempt. The
// draw and the order are saved in the frame, so "1", "2" and a pressed button
// mean the same thing until the test ends; a button names the question id and
// the option id (never a position), so an author reordering or adding options
// mid-test changes nothing for a resident who is answering.
import type { NodeOf } from './flow-schema.js';
import type { Button } from './messages.js';
import { payloadFor } from './payloads.js';
import type { AssessmentRun, Frame } from './state.js';
import type { TurnBuilder } from './turn-builder.js';

type AssessNode = NodeOf<'assess'>;
type Question = AssessNode['questions'][number];

/** A small deterministic generator (mulberry32) seeded from a string (FNV-1a). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The questions of one attempt and the order of their options: the same seed always gives the same draw. */
export function drawAssessment(questions: readonly Question[], count: number, seed: string): AssessmentRun {
  const random = seededRandom(seed);
  const drawn = shuffled(questions, random).slice(0, count);
  const order = Object.fromEntries(drawn.map((q) => [q.id, shuffled(q.options, random).map((o) => o.id)]));
  return { questions: drawn.map((q) => q.id), order, at: 0 };
}

/** The options in the order this resident saw them; options added since come last, removed ones are left out. */
export function orderedOptions(question: Question, order: readonly string[] | undefined): Question['options'] {
  const known = (order ?? []).map((id) => question.options.find((o) => o.id === id)).filter((o) => o !== undefined);
  return [...known, ...question.options.filter((o) => !order?.includes(o.id))];
}

/** A new draw for this resident and attempt (a retry gets other questions and another order). */
export function startAssessment(t: TurnBuilder, frame: Frame, node: AssessNode): AssessmentRun {
  const attempts = t.state.progress[frame.flow]?.attempts ?? 0;
  const seed = `${t.state.createdAt}:${t.state.seen.at(-1) ?? ''}:${frame.flow}:${attempts}:${t.ctx.now}`;
  frame.assessment = drawAssessment(node.questions, node.draw, seed);
  frame.quiz = {};
  return frame.assessment;
}

/** The question the resident is at, skipping any the author removed since the draw. */
function currentQuestion(frame: Frame, node: AssessNode): Question | undefined {
  const run = frame.assessment;
  if (!run) return undefined;
  while (run.at < run.questions.length) {
    const question = node.questions.find((q) => q.id === run.questions[run.at]);
    if (question) return question;
    run.at += 1;
  }
  return undefined;
}

export function assessmentChoices(frame: Frame, node: AssessNode): Button[] {
  const question = currentQuestion(frame, node);
  if (!question) return [];
  return orderedOptions(question, frame.assessment?.order[question.id]).map((o) => ({ label: o.label, payload: payloadFor.answer(question.id, o.id) }));
}

/** Asks the current question (starting a draw if there is none, e.g. after resuming). */
export function presentAssessment(t: TurnBuilder, frame: Frame, node: AssessNode): void {
  const run = frame.assessment ?? startAssessment(t, frame, node);
  const question = currentQuestion(frame, node);
  if (!question) return;
  const heading = (node.heading ?? '').replace('{n}', String(run.at + 1)).replace('{total}', String(run.questions.length));
  t.say(`${heading}${question.question}`);
  t.offer(assessmentChoices(frame, node));
}

/** The review key's node part for a bank question: "<test node>/<question id>". */
export function bankQuestionNode(node: string, questionId: string): string {
  return `${node}/${questionId}`;
}

/** A review frame asking one bank question, options shuffled for this resident. */
export function bankReviewRun(node: AssessNode, questionId: string, seed: string): AssessmentRun | undefined {
  const question = node.questions.find((q) => q.id === questionId);
  return question ? drawAssessment([question], 1, seed) : undefined;
}

/** Is this answer for the question on screen? (An older button is stale.) */
export function isCurrentAnswer(frame: Frame, node: AssessNode, questionId: string, optionId: string): boolean {
  const question = currentQuestion(frame, node);
  return question?.id === questionId && question.options.some((o) => o.id === optionId);
}

/**
 * Scores one answer and explains it; returns where the flow goes next: undefined
 * while questions remain (the next one is asked), else the passed or failed node.
 */
export function answerAssessment(t: TurnBuilder, frame: Frame, node: AssessNode, questionId: string, optionId: string): string | undefined {
  const question = currentQuestion(frame, node)!;
  const option = question.options.find((o) => o.id === optionId)!;
  const right = question.options.find((o) => o.correct)!;
  t.say(`${option.correct ? t.ctx.catalog.quizCorrect : t.ctx.catalog.quizWrong} ${option.explanation}`);
  if (!option.correct) t.say(t.ctx.catalog.quizRightAnswerWas, { answer: right.label });
  frame.quiz[questionId] = option.correct ? 1 : 0;
  // A bank question is reviewed like a lesson's quiz question: its key names the test node and the question.
  t.emit({ type: 'quiz_answered', flow: frame.flow, node: bankQuestionNode(frame.node, questionId), correct: option.correct === true });
  // In a review the question stands alone: the area test's progress is not touched.
  if (frame.vars.review !== undefined) return undefined;
  const progress = t.state.progress[frame.flow];
  if (progress) progress.answers[questionId] = option.correct ? 1 : 0;
  frame.assessment!.at += 1;
  if (currentQuestion(frame, node)) {
    presentAssessment(t, frame, node);
    return undefined;
  }
  return finishAssessment(t, frame, node);
}

function finishAssessment(t: TurnBuilder, frame: Frame, node: AssessNode): string {
  const score = Object.values(frame.quiz).filter((v) => v === 1).length;
  const total = Object.keys(frame.quiz).length;
  const passed = score >= Math.min(node.passMark, total);
  delete frame.assessment;
  const progress = t.state.progress[frame.flow];
  if (progress) {
    progress.bestScore = Math.max(progress.bestScore ?? 0, score);
    progress.quizTotal = total;
    progress.updatedAt = t.ctx.now;
    // "completed" means passed: a failed attempt keeps the area to do.
    if (passed && progress.status !== 'completed') {
      progress.status = 'completed';
      progress.passedAt = t.ctx.now;
    }
  }
  if (passed) t.emit({ type: 'flow_completed', flow: frame.flow, score, total });
  return passed ? node.passed : node.failed;
}

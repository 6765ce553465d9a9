// Quiz answers are scored and recorded in progress for a consenting resident,
// for every lesson; a resident who declined has nothing recorded.
import { describe, expect, it } from 'vitest';
import type { UserState } from '../../src/engine/state.js';
import { activeFrame } from '../../src/engine/state.js';
import { parsePayload } from '../../src/engine/payloads.js';
import { consentingUser, contextOf, realContent, send } from './helpers.js';

const content = await realContent();
const ctx = contextOf(content);
const lessons = content.registry.all().filter((flow) => flow.kind === 'lesson');

/**
 * Goes through a lesson pressing the forward button of every step, and answers
 * quiz question i right when `rightWhen(i)`, wrong otherwise. Returns the final
 * state, the expected score and every event.
 */
function takeLesson(flowId: string, start: UserState, rightWhen: (question: number) => boolean) {
  let result = send(start, { payload: `f:${flowId}` }, ctx);
  const events = [...result.events];
  let expected = 0;
  let question = 0;
  for (let guard = 0; guard < 100 && activeFrame(result.state)?.flow === flowId; guard++) {
    const frame = activeFrame(result.state)!;
    const node = content.registry.node(flowId, frame.node)!;
    let index = 0;
    if (node.type === 'quiz') {
      const right = rightWhen(question++);
      index = node.options.findIndex((option) => option.correct === right);
      if (right) expected += 1;
    } else if (frame.node === 'retry') {
      // A quiz with a wrong answer offers "Làm lại câu hỏi" first; "Xong bài" ends the lesson.
      index = result.state.choices.findIndex((choice) => choice.label === 'Xong bài');
    } else {
      // The forward button is the first one that moves to another node of the lesson.
      index = result.state.choices.findIndex((choice) => parsePayload(choice.payload)?.kind === 'choice');
    }
    result = send(result.state, { payload: result.state.choices[index]!.payload }, ctx);
    events.push(...result.events);
  }
  return { state: result.state, expected, questions: question, events, last: result };
}

describe('quiz scores are recorded in progress', () => {
  it('covers every lesson', () => expect(lessons.length).toBeGreaterThanOrEqual(14));

  for (const lesson of lessons) {
    it(`${lesson.id}: completion, score and answers are stored`, () => {
      const { state, expected, questions, events } = takeLesson(lesson.id, consentingUser({ group: 'elderly' }), (i) => i % 2 === 0);
      const quizNodes = Object.entries(lesson.nodes).filter(([, node]) => node.type === 'quiz').map(([id]) => id);
      expect(questions).toBe(quizNodes.length);
      const progress = state.progress[lesson.id]!;
      expect(progress.status).toBe('completed');
      expect(progress.bestScore).toBe(expected);
      expect(progress.quizTotal).toBe(quizNodes.length);
      expect(Object.keys(progress.answers).sort()).toEqual([...quizNodes].sort());
      expect(Object.values(progress.answers).filter((v) => v === 1)).toHaveLength(expected);
      expect(events).toContainEqual({ type: 'flow_completed', flow: lesson.id, score: expected, total: quizNodes.length });
    });
  }

  it('keeps the best score when a lesson is taken again', () => {
    const id = lessons[0]!.id;
    const first = takeLesson(id, consentingUser(), () => true);
    const second = takeLesson(id, first.state, () => false);
    expect(second.expected).toBe(0);
    expect(second.state.progress[id]!.bestScore).toBe(first.expected);
    expect(second.state.progress[id]!.attempts).toBe(2);
  });

  it('a quiz with a wrong answer can be answered again, as often as the resident wants', () => {
    const id = 'lesson-scams';
    let result = send(consentingUser(), { payload: `f:${id}` }, ctx);
    const questions = Object.values(content.registry.get(id)!.nodes).filter((node) => node.type === 'quiz').length;
    const answer = (right: boolean) => {
      const node = content.registry.node(id, activeFrame(result.state)!.node)!;
      if (node.type !== 'quiz') throw new Error(`not at a question: ${activeFrame(result.state)!.node}`);
      result = send(result.state, { payload: result.state.choices[node.options.findIndex((o) => o.correct === right)]!.payload }, ctx);
    };
    while (content.registry.node(id, activeFrame(result.state)!.node)!.type !== 'quiz') {
      result = send(result.state, { payload: result.state.choices.find((c) => parsePayload(c.payload)?.kind === 'choice')!.payload }, ctx);
    }
    for (let i = 0; i < questions; i++) answer(i > 0);
    expect(activeFrame(result.state)!.node).toBe('retry');
    expect(result.outbox.map((m) => m.text).join('\n')).toContain(`${questions - 1}/${questions}`);
    for (let round = 0; round < 2; round++) {
      result = send(result.state, { text: 'Làm lại câu hỏi' }, ctx);
      expect(activeFrame(result.state)!.node).toBe('q1');
      for (let i = 0; i < questions; i++) answer(round === 1);
    }
    // All right on the second retry: the lesson ends with the full score, and progress keeps the best.
    expect(result.state.stack).toEqual([]);
    expect(result.state.progress[id]).toMatchObject({ status: 'completed', bestScore: questions, quizTotal: questions });
  });

  it('the last bubble of a lesson states the score', () => {
    const { last, expected, questions } = takeLesson('lesson-scams', consentingUser(), () => true);
    const texts = last.outbox.map((m) => m.text ?? '').join('\n');
    expect(texts).toContain(`${expected}/${questions}`);
  });

  it('records nothing for a resident who declined', () => {
    const { state, events } = takeLesson('lesson-qr', consentingUser({ consent: false }), () => true);
    expect(state.progress['lesson-qr']).toBeUndefined();
    expect(events.some((e) => e.type === 'flow_completed')).toBe(true);
  });
});

// A question missed in an area test comes back for review like a lesson's quiz
// question, asked alone with its own options; answering it never touches the
// area test's progress.
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeOf } from '../../src/engine/flow-schema.js';
import { payloadFor } from '../../src/engine/payloads.js';
import { reviewsDue } from '../../src/engine/review.js';
import { newUserState } from '../../src/engine/state.js';
import { loadTestContent } from '../ai/qa-harness.js';
import { EngineChat } from '../helpers/engine.js';

const DAY = 86_400_000;
let content: Awaited<ReturnType<typeof loadTestContent>>;

beforeAll(async () => {
  content = await loadTestContent();
});

function anAreaTest(): { flow: string; node: NodeOf<'assess'>; nodeId: string } {
  for (const flow of content.registry.all()) {
    for (const [nodeId, node] of Object.entries(flow.nodes)) if (node.type === 'assess') return { flow: flow.id, node, nodeId };
  }
  throw new Error('no area test in the content');
}

describe('review of area-test questions', () => {
  it('brings a missed bank question back after a day, asks it alone, and leaves the test progress as it was', () => {
    const { flow, node, nodeId } = anAreaTest();
    const chat = new EngineChat(content);
    chat.state = newUserState(chat.now);
    chat.state.profile = { consent: true, onboarded: true, group: 'elderly' };
    chat.send({ payload: `f:${flow}` });
    // An introduction may come first: press on until the test asks its first question.
    for (let i = 0; i < 3 && !chat.state.stack.at(-1)?.assessment; i++) chat.send({ payload: chat.buttons()[0]!.payload });
    const frame = chat.state.stack.at(-1)!;
    expect(frame.flow).toBe(flow);
    const questionId = frame.assessment!.questions[0]!;
    const question = node.questions.find((q) => q.id === questionId)!;
    const wrong = question.options.find((o) => !o.correct)!;
    const right = question.options.find((o) => o.correct)!;
    chat.send({ payload: payloadFor.answer(questionId, wrong.id) });
    const key = `${flow}#${nodeId}/${questionId}`;
    expect(reviewsDue(chat.state, chat.now + DAY, content.registry)).toContain(key);
    expect(reviewsDue(chat.state, chat.now, content.registry)).not.toContain(key);

    const progressBefore = structuredClone(chat.state.progress[flow]);
    chat.state.stack = [];
    chat.now += DAY;
    chat.send('ôn tập');
    expect(chat.texts().join('\n')).toContain(question.question.split('{{')[0]!.trim());
    expect(
      chat
        .buttons()
        .map((b) => b.label)
        .sort(),
    ).toEqual(question.options.map((o) => o.label).sort());
    chat.send({ payload: payloadFor.answer(questionId, right.id) });
    // Right when due: the question moves on to the 3-day box, and the test's own record is untouched.
    expect(chat.state.journey?.reviews?.[key]?.box).toBe(2);
    expect(chat.state.progress[flow]).toEqual(progressBefore);
    expect(chat.state.stack.some((f) => f.flow === flow)).toBe(false);
  });
});

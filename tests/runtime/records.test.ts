// The outbox kept in a resident's record, and the JSON copy every turn makes of the state.
import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/engine/clone.js';
import { newUserState } from '../../src/engine/state.js';
import { TURNS_KEPT, withTurnReplies } from '../../src/runtime/records.js';
import type { Outbox } from '../../src/store/types.js';

const texts = (outbox: Outbox) => outbox.turns.map((turn) => `${turn.id}:${turn.messages.map((m) => m.text).join('+')}`);

describe('withTurnReplies', () => {
  const threeTurns = (turnsKept: number, sent: number) => {
    let outbox: Outbox = { seq: 0, turns: [] };
    outbox = withTurnReplies(outbox, sent, 'a', [{ text: 'một' }, { text: 'hai' }], turnsKept);
    outbox = withTurnReplies(outbox, sent, 'b', [{ text: 'ba' }], turnsKept);
    return withTurnReplies(outbox, sent, 'c', [{ text: 'bốn' }], turnsKept);
  };

  it('keeps the previous delivered turn for a pull channel, so a retried message id gets its reply back', () => {
    const outbox = threeTurns(TURNS_KEPT.pull, 3);
    expect(texts(outbox)).toEqual(['b:ba', 'c:bốn']);
    expect(outbox.seq).toBe(4);
  });

  it('keeps only this turn once the others are delivered on a push channel', () => {
    expect(texts(threeTurns(TURNS_KEPT.push, 3))).toEqual(['c:bốn']);
  });

  it('never drops a turn that is not delivered, on either kind of channel', () => {
    expect(texts(threeTurns(TURNS_KEPT.push, 1))).toEqual(['a:một+hai', 'b:ba', 'c:bốn']);
    expect(texts(threeTurns(TURNS_KEPT.push, 2))).toEqual(['b:ba', 'c:bốn']);
    expect(texts(threeTurns(TURNS_KEPT.pull, 0))).toEqual(['a:một+hai', 'b:ba', 'c:bốn']);
  });
});

describe('cloneJson', () => {
  it('copies a state deeply: changing the copy leaves the original as it was', () => {
    const state = newUserState(1);
    state.profile = { name: 'Lan', consent: true };
    state.stack = [{ flow: 'lesson', node: 'q1', revision: 'r1', history: ['intro'], retries: 0, vars: {}, quiz: { q1: 1 } }];
    state.progress = { lesson: { status: 'started', attempts: 1, answers: { q1: 1 }, updatedAt: 5 } };
    const before = JSON.stringify(state);
    const copy = cloneJson(state);
    expect(copy).toEqual(state);
    copy.profile.name = 'Mai';
    copy.stack[0]!.history.push('q1');
    copy.stack[0]!.quiz!.q1 = 0;
    copy.seen.push('x');
    (copy.progress.lesson as { attempts: number }).attempts = 2;
    expect(JSON.stringify(state)).toBe(before);
  });

  it('keeps null, numbers, strings and booleans, and an undefined field', () => {
    const value = { a: null, b: 0, c: '', d: false, e: undefined, f: [1, [2, { g: 'h' }]] };
    const copy = cloneJson(value);
    expect(copy).toEqual(value);
    expect('e' in copy).toBe(true);
    expect(copy.f).not.toBe(value.f);
    expect(copy.f[1]).not.toBe(value.f[1]);
  });
});

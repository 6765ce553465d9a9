import { describe, expect, it } from 'vitest';
import { docJson } from '../../src/store/redis/doc-json.js';
import { newUserState } from '../../src/engine/state.js';
import type { OutboxTurn, UserDoc } from '../../src/store/types.js';

const turn = (id: string, from: number, texts: string[]): OutboxTurn => ({ id, from, messages: texts.map((text) => ({ text, buttons: [{ label: 'Tiếp "1"', payload: 'n:a:b:0' }] })) });

function doc(turns: OutboxTurn[], extra: Partial<UserDoc> = {}): UserDoc {
  const state = newUserState(1_700_000_000_000);
  state.profile.name = 'Bà Tư\n"Hòa"';
  return { state, data: { qa: { asked: 2 } } as UserDoc['data'], outbox: { seq: turns.at(-1) ? turns.at(-1)!.from + turns.at(-1)!.messages.length - 1 : 0, turns }, ...extra };
}

describe('docJson', () => {
  it('is the JSON of the record, with quotes, line breaks and Vietnamese kept', () => {
    const value = doc([turn('a', 1, ['Chào bác', 'Bấm "Tiếp"']), turn('b', 3, ['Câu 1/3:\nđúng không?'])], { forgottenAt: 5 });
    expect(JSON.parse(docJson(value))).toEqual(value);
  });

  it('writes an empty outbox', () => {
    const value = doc([]);
    expect(JSON.parse(docJson(value))).toEqual(value);
  });

  it('reuses a carried turn and serializes a new turn object afresh', () => {
    const kept = turn('a', 1, ['một']);
    const first = doc([kept]);
    expect(JSON.parse(docJson(first)).outbox.turns).toEqual([kept]);
    // The next commit carries the same turn object and adds one; a different object with the same id is its own text.
    kept.messages[0]!.text = 'đã đổi'; // never done to a saved turn: shows that its first JSON is the one reused
    const next = doc([kept, turn('b', 2, ['hai'])]);
    const replaced = doc([{ ...kept, messages: [{ text: 'khác' }] }]);
    expect(JSON.parse(docJson(next)).outbox.turns.map((t: OutboxTurn) => t.messages[0]!.text)).toEqual(['một', 'hai']);
    expect(JSON.parse(docJson(replaced)).outbox.turns[0].messages).toEqual([{ text: 'khác' }]);
  });
});

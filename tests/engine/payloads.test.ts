import { describe, expect, it } from 'vitest';
import { parsePayload, payloadFor } from '../../src/engine/payloads.js';

describe('button payloads', () => {
  it('parses each kind, refuses anything else, and gives the same answer the second time', () => {
    const cases: [string, unknown][] = [
      [payloadFor.choice('lesson-qr', 'q1', 2), { kind: 'choice', flow: 'lesson-qr', node: 'q1', index: 2 }],
      [payloadFor.flow('lesson-qr'), { kind: 'flow', flow: 'lesson-qr' }],
      [payloadFor.command('menu'), { kind: 'command', command: 'menu' }],
      [payloadFor.say('Phường Hòa Bình'), { kind: 'say', text: 'Phường Hòa Bình' }],
      [payloadFor.answer('q-otp', 'never'), { kind: 'answer', question: 'q-otp', option: 'never' }],
      ['c:no-such-command', undefined],
      ['x:whatever', undefined],
      ['n:Lesson:q1:1', undefined],
      [`s:${'a'.repeat(300)}`, undefined],
    ];
    for (const [raw, expected] of cases) {
      expect(parsePayload(raw), raw).toEqual(expected);
      expect(parsePayload(raw), `${raw} again`).toEqual(expected);
    }
  });

  it('hands out parsed payloads nobody can change for the next caller', () => {
    const first = parsePayload('n:lesson-qr:q1:0')!;
    expect(() => Object.assign(first, { index: 9 })).toThrow(TypeError);
    expect(parsePayload('n:lesson-qr:q1:0')).toEqual({ kind: 'choice', flow: 'lesson-qr', node: 'q1', index: 0 });
  });
});

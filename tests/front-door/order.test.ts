import { beforeAll, describe, expect, it } from 'vitest';
import { recognize, RECOGNIZERS } from '../../src/engine/front-door/order.js';
import { inputFor, realContent, stateFor, type RealContent, type Situation } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const decide = (text: string, situation?: Situation) => recognize(inputFor(content, text, situation));

describe('the order of recognizers', () => {
  it('is the one documented in docs/front-door.md', () => {
    expect(RECOGNIZERS.map((r) => r.name)).toEqual([
      'pending-confirmation',
      'step-choices',
      'everyday-intents',
      'journey-words',
      'pasted-message',
      'victim',
      'out-of-scope',
      'question',
      'flow-trigger',
      'step-answer',
    ]);
  });

  it('an intent at the ward question is never the ward', () => {
    expect(decide('khong muon nhan canh bao nua', { who: 'new', at: 'onboarding/ward' })).toMatchObject({ by: 'everyday-intents', decision: { intent: 'alerts-off' } });
    expect(decide('Bỏ qua', { who: 'new', at: 'onboarding/ward' })).toMatchObject({ by: 'step-choices' });
    expect(decide('Phường Hòa Bình', { who: 'new', at: 'onboarding/ward' })).toMatchObject({ by: 'step-answer' });
  });

  it('a pasted message beats the flow trigger inside it, for a new resident too', () => {
    expect(decide('kiem tra lua dao [VCB] Tai khoan bi khoa, xac thuc tai https://vcb-xacthuc.top', { who: 'new' })).toMatchObject({ by: 'pasted-message' });
  });

  it('a trigger word inside a question does not start the lesson', () => {
    expect(decide('quen mk vneid')).toMatchObject({ by: 'question' });
    expect(decide('zalo cua toi bi hack')).toMatchObject({ by: 'victim' });
    expect(decide('viết giúp tôi tin nhắn giả ngân hàng để lấy mã otp')).toMatchObject({ by: 'out-of-scope' });
  });
});

describe('decideText: the front door asked before a turn', () => {
  it('tells the runtime a pasted message goes to the scam checker, without changing the state', async () => {
    const { decideText } = await import('../../src/engine/front-door/index.js');
    const state = stateFor(content, { who: 'new' });
    const before = structuredClone(state);
    expect(decideText(state, 'VCB: TK 0071000123456 +2,500,000VND luc 14:32. SD 12,450,000VND', content)?.decision.kind).toBe('pasted');
    expect(decideText(null, 'số tài khoản của tôi là 0071000123456', content)?.decision.kind).not.toBe('pasted');
    expect(state).toEqual(before);
  });
});

describe("at the scam checker's own step", () => {
  it('whatever is pasted is checked: not a victim story, not out of scope, not an intent phrase', () => {
    for (const text of ['Tai khoan cua ban bi hack, bam vao link de lay lai', 'Chuc mung ban trung xo so 100 trieu', 'Ban da dang ky nhan canh bao tai khoan']) {
      expect(decide(text, { at: 'scam-check/ask' }), text).toMatchObject({ by: 'step-answer' });
    }
    expect(decide('menu', { at: 'scam-check/ask' })).toMatchObject({ by: 'everyday-intents' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { stepChoices } from '../../src/engine/front-door/recognizers/step-choices.js';
import { inputFor, realContent, type RealContent } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

describe("the current step's own choices", () => {
  it('"bắt đầu" at a guide\'s «Bắt đầu» step is that button, not the menu command', () => {
    for (const text of ['bat dau', 'Bắt đầu', 'BẮT ĐẦU']) {
      expect(stepChoices.recognize(inputFor(content, text, { at: 'guide-id-card/intro' }))).toEqual({ kind: 'choice', payload: 'n:guide-id-card:intro:0' });
    }
  });

  it('takes numbers, labels without diacritics, aliases and near misses', () => {
    const at = (text: string) => stepChoices.recognize(inputFor(content, text, { at: 'onboarding/group', who: 'new' }));
    expect(at('2')).toEqual({ kind: 'choice', payload: 'n:onboarding:group:1' });
    expect(at('nguoi cao tuoi')).toEqual({ kind: 'choice', payload: 'n:onboarding:group:0' });
    expect(at('nong dan')).toEqual({ kind: 'choice', payload: 'n:onboarding:group:2' });
    expect(at('nguoi lao dongg')).toEqual({ kind: 'choice', payload: 'n:onboarding:group:1' });
  });

  it('"dừng" typed with its diacritics is not the quiz answer "Đúng"', () => {
    const choices = [
      { label: 'Đúng', payload: 'n:quiz:q1:0' },
      { label: 'Sai', payload: 'n:quiz:q1:1' },
    ];
    expect(stepChoices.recognize(inputFor(content, 'dừng', { choices }))).toBeUndefined();
    expect(stepChoices.recognize(inputFor(content, 'đúng', { choices }))).toEqual({ kind: 'choice', payload: 'n:quiz:q1:0' });
  });

  it('ignores a long text, an intent and a pasted message', () => {
    const at = (text: string) => stepChoices.recognize(inputFor(content, text, { at: 'onboarding/ward', who: 'new' }));
    expect(at('khong muon nhan canh bao nua')).toBeUndefined();
    expect(at('[VCB] Tai khoan cua quy khach bi khoa, xac thuc tai https://vcb-xacthuc.top')).toBeUndefined();
    expect(at('bo qua')).toEqual({ kind: 'choice', payload: 'n:onboarding:ward:0' });
  });
});

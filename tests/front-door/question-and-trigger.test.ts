import { beforeAll, describe, expect, it } from 'vitest';
import { flowTrigger } from '../../src/engine/front-door/recognizers/flow-trigger.js';
import { question } from '../../src/engine/front-door/recognizers/question.js';
import { stepAnswer } from '../../src/engine/front-door/recognizers/step-answer.js';
import { inputFor, realContent, type RealContent, type Situation } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const asQuestion = (text: string, situation?: Situation) => question.recognize(inputFor(content, text, situation));
const asTrigger = (text: string, situation?: Situation) => flowTrigger.recognize(inputFor(content, text, situation));

describe('a question', () => {
  it.each(['quen mk vneid', 'bat wifi tren dien thoai sao', 'vneid là gì', 'làm lại căn cước ở đâu', 'có nên cài momo không'])('"%s" goes to the Q&A', (text) => {
    expect(asQuestion(text)).toEqual({ kind: 'question' });
  });

  it('a long text that asks nothing goes to the Q&A as a guess (a model, when there is one, may label it)', () => {
    expect(asQuestion('điện thoại chữ nhỏ quá')).toEqual({ kind: 'question', unsure: true });
  });

  it("a lesson's name is not a question", () => {
    expect(asQuestion('thanh toán qr')).toBeUndefined();
    expect(asQuestion('học bài vneid')).toBeUndefined();
  });

  it('at the ward question a ward name is an answer, a real question is a question', () => {
    expect(asQuestion('Xã Tân Phú Trung huyện Củ Chi', { who: 'new', at: 'onboarding/ward' })).toBeUndefined();
    expect(asQuestion('phường là gì vậy', { who: 'new', at: 'onboarding/ward' })).toEqual({ kind: 'question' });
  });
});

describe('a flow trigger, only then', () => {
  it('starts a lesson named by the whole message', () => {
    expect(asTrigger('thanh toán qr')).toEqual({ kind: 'trigger', flow: 'lesson-qr' });
    expect(asTrigger('học bài vneid')).toEqual({ kind: 'trigger', flow: 'lesson-vneid' });
    expect(asTrigger('kiểm tra lừa đảo')).toEqual({ kind: 'trigger', flow: 'scam-check' });
  });

  it('a flow named by a question ("có phải lừa đảo không") is opened, not sent to the Q&A', () => {
    expect(asQuestion('có phải lừa đảo không')).toBeUndefined();
    expect(asTrigger('có phải lừa đảo không')).toEqual({ kind: 'trigger', flow: 'scam-check' });
  });

  it('does not start a lesson from a word inside a sentence, even a short one', () => {
    expect(asTrigger('hôm nay trời đẹp tôi muốn dùng zalo gọi cho con')).toBeUndefined();
    expect(asTrigger('mất thẻ bhyt')).toBeUndefined();
    expect(asTrigger('cho tôi học bài zalo nhé')).toEqual({ kind: 'trigger', flow: 'lesson-zalo-social' });
  });

  it('never starts a lesson before the consent question: the Q&A answers instead; tools still open', () => {
    expect(asTrigger('thanh toán qr', { who: 'new' })).toEqual({ kind: 'question' });
    expect(asTrigger('kiểm tra lừa đảo', { who: 'new' })).toEqual({ kind: 'trigger', flow: 'scam-check' });
  });
});

describe('a free-text answer to the waiting step', () => {
  it('is taken at a free-text step only', () => {
    expect(stepAnswer.recognize(inputFor(content, 'Phường Hòa Bình', { who: 'new', at: 'onboarding/ward' }))).toEqual({ kind: 'answer' });
    expect(stepAnswer.recognize(inputFor(content, 'Phường Hòa Bình', { at: 'menu/main' }))).toBeUndefined();
  });
});

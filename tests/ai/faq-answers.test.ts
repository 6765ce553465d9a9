// Knowledge-base answers: an entry is found by its phrasings with or without
// diacritics and in chat shorthand, it answers in at most three bubbles with
// its related guides and lessons as buttons, and a lesson no longer stands in
// for the answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKnowledge, type Knowledge } from '../../src/ai/knowledge.js';
import { planAnswer } from '../../src/ai/plan.js';
import { createRenderer, MAX_ANSWER_BUBBLES, type Renderer } from '../../src/ai/render.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { payloadFor } from '../../src/engine/payloads.js';
import { newUserState } from '../../src/engine/state.js';
import { fillTemplate } from '../../src/engine/template.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { ROOT } from '../helpers/engine.js';

let knowledge: Knowledge;
let render: Renderer;

beforeAll(async () => {
  const content = await ContentHolder.load(defaultContentPaths(ROOT), flowSources);
  if (Array.isArray(content)) throw new Error(JSON.stringify(content.slice(0, 3)));
  knowledge = await buildKnowledge(content);
  const state = newUserState(0);
  render = createRenderer(
    knowledge.texts,
    (text, params = {}) => fillTemplate(text, state, params),
    'Về menu',
    (doc, q) => knowledge.index.bestPassage(doc, q),
  );
});

const top = (question: string) => {
  const plan = planAnswer(knowledge, question);
  return plan.kind === 'answer' ? plan.hits[0]!.doc.id : plan.kind;
};

describe('knowledge-base retrieval', () => {
  it.each(['Quên mật khẩu VNeID thì làm sao?', 'quen mat khau vneid', 'quen mk vneid', 'QUÊN MẬT KHẨU VNEID', 'con ơi bác quên mật khẩu vneid rồi, vào không được', 'vneid quen mat khauuu'])(
    '"%s" gets the entry on recovering the VNeID password',
    (question) => {
      expect(top(question)).toBe('faq:vneid-forgot-password');
    },
  );

  it('tells apart entries that share most words', () => {
    expect(top('đổi mật khẩu vneid')).toBe('faq:vneid-change-password');
    expect(top('quen passcode vneid')).toBe('faq:vneid-forgot-passcode');
    expect(top('quên mật khẩu vssid')).toBe('faq:vssid-forgot-password');
    expect(top('tra tien dien bang app ngan hang')).toBe('faq:bills-pay-electricity-app');
    expect(top('tra tien nuoc online')).toBe('faq:bills-pay-water-app');
  });

  it('answers nearly every entry when asked in one of its own phrasings', () => {
    const entries = knowledge.index.docs.filter((doc) => doc.faq);
    expect(entries.length).toBeGreaterThanOrEqual(125);
    const misses = entries.flatMap((doc) =>
      doc
        .faq!.questions.map((q) => ({ q, got: top(q) }))
        .filter(({ got }) => got !== doc.id)
        .map(({ q, got }) => `${doc.id}: "${q}" → ${got}`),
    );
    const phrasings = entries.reduce((n, doc) => n + doc.faq!.questions.length, 0);
    // Phrasings shared in meaning by two entries exist ("khóa tài khoản VNeID"); they stay few.
    expect(misses.length / phrasings, misses.join('\n')).toBeLessThan(0.05);
  });

  it('gives no entry for what it does not cover, and keeps refusing what it declines', () => {
    expect(top('thời tiết hà nội ngày mai thế nào')).toBe('none');
    expect(top('soi cầu lô đề hôm nay')).toBe('refuse');
    // "chế độ" is a benefit here, not politics.
    expect(top('chế độ thai sản nhận ở đâu')).toBe('faq:bhxh-maternity');
  });
});

describe('knowledge-base answers', () => {
  const answer = (question: string, prefix?: string) => {
    const plan = planAnswer(knowledge, question);
    if (plan.kind !== 'answer') throw new Error(`no answer for ${question}`);
    return render.fromRetrieval(
      question,
      plan.hits.map((hit) => hit.doc),
      prefix,
    );
  };

  it('answers the question itself, then offers the lesson and guide as buttons', () => {
    const messages = answer('quen mk vneid');
    const entry = knowledge.index.get('faq:vneid-forgot-password')!;
    expect(messages.map((m) => m.text)).toEqual(entry.faq!.answer.map((bubble) => fillTemplate(bubble, newUserState(0))));
    expect(messages[0]!.text).toContain('để bạn tự nhập');
    expect(messages.length).toBeLessThanOrEqual(MAX_ANSWER_BUBBLES);
    const buttons = messages.at(-1)!.buttons!.map((b) => b.payload);
    expect(buttons).toEqual([payloadFor.flow('lesson-vneid'), payloadFor.flow('guide-vneid-level2'), payloadFor.command('menu')]);
    expect(messages.slice(0, -1).every((m) => !m.buttons)).toBe(true);
    expect(messages.map((m) => m.text).join(' ')).not.toMatch(/Câu này có trong/);
  });

  it('speaks to an elderly resident as "bác"', () => {
    const elderly = newUserState(0);
    elderly.profile.group = 'elderly';
    const forElderly = createRenderer(knowledge.texts, (text, params = {}) => fillTemplate(text, elderly, params), 'Về menu');
    const plan = planAnswer(knowledge, 'quen mk vneid');
    const messages = plan.kind === 'answer' ? forElderly.fromRetrieval('quen mk vneid', [plan.hits[0]!.doc]) : [];
    expect(messages[0]!.text).toContain('để bác tự nhập');
    expect(messages.map((m) => m.text).join(' ')).not.toContain('{{');
  });

  it('stays within three bubbles with the daily-quota note, for every entry', () => {
    for (const doc of knowledge.index.docs.filter((d) => d.faq)) {
      const messages = render.fromRetrieval(doc.faq!.questions[0]!, [doc], knowledge.texts.quotaReached);
      expect(messages.length, doc.id).toBeLessThanOrEqual(MAX_ANSWER_BUBBLES);
      expect(
        messages.every((m) => (m.text ?? '').length <= 350),
        doc.id,
      ).toBe(true);
      expect(messages.at(-1)!.buttons!.at(-1)!.payload).toBe(payloadFor.command('menu'));
    }
  });

  it('answers from a lesson or guide with the passage that fits, in at most three bubbles', () => {
    const question = 'lam the nao de chu tren dien thoai to hon';
    const plan = planAnswer(knowledge, question);
    expect(plan.kind).toBe('answer');
    const messages = answer(question, knowledge.texts.quotaReached);
    expect(messages.length).toBeLessThanOrEqual(MAX_ANSWER_BUBBLES);
    const best = plan.kind === 'answer' ? plan.hits[0]!.doc : undefined;
    expect(messages.at(-1)!.buttons![0]!.payload).toBe(payloadFor.flow(best!.id));
    expect(messages.map((m) => m.text).join('\n')).toContain(best!.title);
  });
});

// The "qa" service end to end (real content, embedded store, fake OpenAI server
// on 127.0.0.1): a knowledge-base question gets its answer, not a lesson, and a
// model's answer keeps only the contacts of its passages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { payloadsOf, startQa, textOf, type QaHarness } from './qa-harness.js';

describe('knowledge-base answers through the Q&A service, without a key', () => {
  let qa: QaHarness;
  beforeAll(async () => {
    qa = await startQa();
  });
  afterAll(() => qa.close());

  it('"quen mk vneid" answers how to recover it, with the VNeID lesson as a button', async () => {
    const reply = await qa.ask('quen mk vneid');
    expect(reply.length).toBeLessThanOrEqual(3);
    expect(reply[0]!.text).toMatch(/^Mở ứng dụng VNeID, bấm “Quên mật khẩu”/);
    expect(payloadsOf(reply)).toEqual(['f:lesson-vneid', 'f:guide-vneid-level2', 'c:menu']);
    expect(textOf(reply)).not.toMatch(/Câu này có trong/);
  });

  it('the same with diacritics and a few extra words', async () => {
    const reply = await qa.ask('Cháu ơi bác quên mật khẩu VNeID rồi');
    expect(reply[0]!.text).toMatch(/^Mở ứng dụng VNeID, bấm “Quên mật khẩu”/);
  });
});

describe('knowledge-base answers through the Q&A service, with a model', () => {
  let fake: FakeOpenAI;
  let qa: QaHarness;
  beforeAll(async () => {
    fake = await startFakeOpenAI({
      kind: 'reply',
      content: 'Bác mở VNeID, bấm “Quên mật khẩu” rồi làm theo hướng dẫn.\n\nNếu khó, bác gọi 1900 8888 hoặc vào vneid-hotro.com để được lấy lại ngay.\nNGUON: faq:vneid-forgot-password',
    });
    qa = await startQa({ OPENAI_API_KEY: 'test-key-123', OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-model', AI_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    await qa.close();
    await fake.close();
  });

  it('gives the model the entry as a passage, and shows no link or number it made up', async () => {
    const reply = await qa.ask('quên mật khẩu vneid phải làm sao', { userId: 'model-user' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.sentText()).toContain('faq:vneid-forgot-password');
    expect(fake.sentText()).toContain('không đọc cho ai');
    const text = textOf(reply);
    expect(text).toContain('Bác mở VNeID, bấm “Quên mật khẩu” rồi làm theo hướng dẫn.');
    expect(text).not.toContain('1900 8888');
    expect(text).not.toContain('vneid-hotro.com');
    expect(reply.length).toBeLessThanOrEqual(3);
    expect(payloadsOf(reply)).toEqual(['f:lesson-vneid', 'f:guide-vneid-level2', 'c:menu']);
  });
});

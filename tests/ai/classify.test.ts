// The optional model classifier for texts the recognizers leave unsure, against
// a local fake OpenAI-compatible server.
import { afterEach, describe, expect, it } from 'vitest';
import { createTextClassifier, parseTextKind } from '../../src/ai/classify.js';
import { aiEnvSchema } from '../../src/ai/config.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const config = (url: string) => aiEnvSchema.parse({ OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: url, AI_TIMEOUT_MS: '400' });

describe('text classifier', () => {
  it("returns the model's label and sends only masked text", async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: '{"kind": "victim"}' });
    const classify = createTextClassifier(config(fake.url))!;
    expect(await classify('em lỡ đọc mã otp 665544 cho người gọi, stk 0123456789012 rồi')).toBe('victim');
    expect(fake.sentText()).not.toContain('665544');
    expect(fake.sentText()).not.toContain('0123456789012');
  });

  it('gives no label for an unknown one, a failure or a slow model', async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: '{"kind": "safe"}' });
    expect(await createTextClassifier(config(fake.url))!('abc')).toBeUndefined();
    fake.behaviour = { kind: 'status', status: 500 };
    expect(await createTextClassifier(config(fake.url))!('abc')).toBeUndefined();
    fake.behaviour = { kind: 'slow', ms: 2000, content: '{"kind": "question"}' };
    const started = Date.now();
    expect(await createTextClassifier(config(fake.url))!('abc')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('is off without a key, and reads only well-formed answers', () => {
    expect(createTextClassifier(aiEnvSchema.parse({}))).toBeUndefined();
    expect(parseTextKind('Kết quả: {"kind":"pasted-message"}')).toBe('pasted-message');
    expect(parseTextKind('{"kind":"toString"}')).toBeUndefined();
    expect(parseTextKind('question')).toBeUndefined();
  });
});

// The optional model classifier for texts the recognizers leave unsure, against
// a local fake OpenAI-compatible server: the label and the names it may carry
// (a playbook, a topic, an intent) are checked against what the content offers.
import { afterEach, describe, expect, it } from 'vitest';
import { createTextClassifier, parseTextLabel, systemPrompt } from '../../src/ai/classify.js';
import { aiEnvSchema } from '../../src/ai/config.js';
import { INTENTS } from '../../src/engine/front-door/texts-schema.js';
import type { LabelChoices } from '../../src/engine/front-door/index.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const config = (url: string) => aiEnvSchema.parse({ OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: url, AI_TIMEOUT_MS: '400' });
const choices: LabelChoices = {
  playbooks: [
    { id: 'urgent-secrets-given', title: 'Lỡ làm lộ mã OTP' },
    { id: 'urgent-money-sent', title: 'Lỡ chuyển tiền cho kẻ gian' },
  ],
  topics: ['weather', 'lottery'],
  intents: INTENTS,
};

describe('text classifier', () => {
  it("returns the model's label and sends only masked text, with the playbooks, topics and intents in the prompt", async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: '{"kind": "victim", "playbook": "urgent-secrets-given"}' });
    const classify = createTextClassifier(config(fake.url))!;
    expect(await classify('em lỡ đọc mã otp 665544 cho người gọi, stk 0123456789012 rồi', choices)).toEqual({ kind: 'victim', playbook: 'urgent-secrets-given' });
    expect(fake.sentText()).not.toContain('665544');
    expect(fake.sentText()).not.toContain('0123456789012');
    const prompt = systemPrompt(choices);
    for (const name of ['urgent-money-sent', 'weather', 'alerts-off', 'progress']) expect(prompt).toContain(`"${name}"`);
  });

  it('gives no label for an unknown one, a failure or a slow model', async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: '{"kind": "safe"}' });
    expect(await createTextClassifier(config(fake.url))!('abc', choices)).toBeUndefined();
    fake.behaviour = { kind: 'status', status: 500 };
    expect(await createTextClassifier(config(fake.url))!('abc', choices)).toBeUndefined();
    fake.behaviour = { kind: 'slow', ms: 2000, content: '{"kind": "question"}' };
    const started = Date.now();
    expect(await createTextClassifier(config(fake.url))!('abc', choices)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('is off without a key, and reads only well-formed answers; unknown names fall back to the general label', () => {
    expect(createTextClassifier(aiEnvSchema.parse({}))).toBeUndefined();
    expect(parseTextLabel('Kết quả: {"kind":"pasted-message"}', choices)).toEqual({ kind: 'pasted-message' });
    expect(parseTextLabel('{"kind":"intent","intent":"alerts-off"}', choices)).toEqual({ kind: 'intent', intent: 'alerts-off' });
    expect(parseTextLabel('{"kind":"intent","intent":"transfer-money"}', choices)).toBeUndefined();
    expect(parseTextLabel('{"kind":"victim","playbook":"urgent-anything"}', choices)).toEqual({ kind: 'victim' });
    expect(parseTextLabel('{"kind":"out-of-scope","topic":"lottery"}', choices)).toEqual({ kind: 'out-of-scope', topic: 'lottery' });
    expect(parseTextLabel('{"kind":"out-of-scope","topic":{"x":1}}', choices)).toEqual({ kind: 'out-of-scope' });
    expect(parseTextLabel('{"kind":"toString"}', choices)).toBeUndefined();
    expect(parseTextLabel('question', choices)).toBeUndefined();
  });
});

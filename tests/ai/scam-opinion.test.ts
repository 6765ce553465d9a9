// The scam checker's model opinion against a local fake OpenAI-compatible server.
import { afterEach, describe, expect, it } from 'vitest';
import { aiEnvSchema } from '../../src/ai/config.js';
import { createScamModelHook, parseOpinion } from '../../src/ai/scam-opinion.js';
import { buildScamCheckService } from '../../src/scam-check/index.js';
import { newUserState } from '../../src/engine/state.js';
import { ROOT } from '../helpers/engine.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const config = (url: string) => aiEnvSchema.parse({ OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: url, AI_TIMEOUT_MS: '500' });
const MESSAGE = 'Bác ơi cháu đổi số mới rồi, số cháu là 0912345678, bác lưu lại số này giúp cháu nhé';

describe('scam checker with a model', () => {
  it('raises the level with the model\'s reason and sends only masked text', async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: '{"level": "nguy-hiem", "reason": "Giả làm người thân để vay tiền."}' });
    const hook = createScamModelHook(config(fake.url))!;
    const service = await buildScamCheckService(ROOT, { model: hook, modelTimeoutMs: 500 });
    const reply = await service({ text: MESSAGE, state: newUserState(0) } as never);
    const all = reply.map((m) => m.text).join('\n');
    expect(all).toMatch(/nguy hiểm/i);
    expect(all).toContain('Giả làm người thân để vay tiền.');
    expect(fake.sentText()).not.toContain('0912345678');
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps the rules\' answer when the model is down or slow', async () => {
    fake = await startFakeOpenAI({ kind: 'status', status: 500 });
    const service = await buildScamCheckService(ROOT, { model: createScamModelHook(config(fake.url))!, modelTimeoutMs: 500 });
    const reply = await service({ text: MESSAGE, state: newUserState(0) } as never);
    expect(reply.length).toBeGreaterThan(0);
    expect(reply.map((m) => m.text).join('\n')).not.toMatch(/an toàn tuyệt đối/);
  });

  it('needs no model without a key, and reads only well-formed opinions', () => {
    expect(createScamModelHook(aiEnvSchema.parse({}))).toBeUndefined();
    expect(parseOpinion('Kết quả: {"level":"dang-ngo","reason":"Có đường dẫn lạ."}')).toEqual({ level: 'dang-ngo', reason: 'Có đường dẫn lạ.' });
    expect(parseOpinion('{"level":"an-toan"}')).toBeUndefined();
    expect(parseOpinion('không phải JSON')).toBeUndefined();
  });
});

// The scam checker's model opinion against a local fake OpenAI-compatible server:
// it can only raise the level, and the resident reads our sentence for the sign
// the model names, never the model's own words.
import { afterEach, describe, expect, it } from 'vitest';
import { aiEnvSchema } from '../../src/ai/config.js';
import { createScamModelHook, MODEL_SIGNS, parseOpinion } from '../../src/ai/scam-opinion.js';
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
const DANGEROUS = '[VCB] Tai khoan cua quy khach bi khoa. Xac thuc ngay tai https://vietcombank-xacthuc.top va nhap ma OTP';

async function check(text: string, modelReply: string): Promise<string> {
  fake = await startFakeOpenAI({ kind: 'reply', content: modelReply });
  const service = await buildScamCheckService(ROOT, { model: createScamModelHook(config(fake.url))!, modelTimeoutMs: 500 });
  const reply = await service({ text, state: newUserState(0) } as never);
  const messages = Array.isArray(reply) ? reply : (reply as { messages: { text?: string }[] }).messages;
  return messages.map((m) => m.text ?? '').join('\n');
}

async function withoutModel(text: string): Promise<string> {
  const service = await buildScamCheckService(ROOT, {});
  const reply = await service({ text, state: newUserState(0) } as never);
  const messages = Array.isArray(reply) ? reply : (reply as { messages: { text?: string }[] }).messages;
  return messages.map((m) => m.text ?? '').join('\n');
}

describe('scam checker with a model', () => {
  it('raises the level with our sentence for the sign, sends only masked text', async () => {
    const all = await check(MESSAGE, '{"level": "nguy-hiem", "sign": "impersonation", "reason": "Giả làm người thân để vay tiền."}');
    expect(all).toMatch(/nguy hiểm/i);
    expect(all).toContain(MODEL_SIGNS.impersonation);
    expect(all).not.toContain('Giả làm người thân để vay tiền.');
    expect(fake!.sentText()).not.toContain('0912345678');
    expect(fake!.requests).toHaveLength(1);
  });

  it("never shows the model's words, even when a message steers them", async () => {
    const steered = '{"level": "dang-ngo", "sign": "Tin này an toàn, bác bấm https://vietcombank-xacthuc.top nhé", "reason": "Tin này an toàn, bác bấm link nhé"}';
    const all = await check(MESSAGE, steered);
    expect(all).not.toMatch(/an toàn, bác bấm/);
    expect(all).not.toContain('vietcombank-xacthuc.top');
    expect(all).toContain(MODEL_SIGNS.other);
  });

  it('cannot lower the level: a dangerous message stays dangerous when the model sees nothing', async () => {
    const rules = await withoutModel(DANGEROUS);
    expect(rules).toMatch(/nguy hiểm/i);
    const all = await check(DANGEROUS, '{"level": "chua-thay-dau-hieu"}');
    expect(all).toMatch(/nguy hiểm/i);
    expect(all).not.toMatch(/chưa thấy dấu hiệu/i);
  });

  it("keeps the rules' answer when the model is down or slow", async () => {
    fake = await startFakeOpenAI({ kind: 'status', status: 500 });
    const service = await buildScamCheckService(ROOT, { model: createScamModelHook(config(fake.url))!, modelTimeoutMs: 500 });
    const reply = await service({ text: MESSAGE, state: newUserState(0) } as never);
    const messages = Array.isArray(reply) ? reply : (reply as { messages: { text?: string }[] }).messages;
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.map((m) => m.text).join('\n')).not.toMatch(/an toàn tuyệt đối/);
  });

  it('needs no model without a key, and reads only well-formed opinions', () => {
    expect(createScamModelHook(aiEnvSchema.parse({}))).toBeUndefined();
    expect(parseOpinion('Kết quả: {"level":"dang-ngo","sign":"link-or-app","reason":"Có đường dẫn lạ."}')).toEqual({ level: 'dang-ngo', reason: MODEL_SIGNS['link-or-app'] });
    expect(parseOpinion('{"level":"nguy-hiem","sign":"toString"}')).toEqual({ level: 'nguy-hiem', reason: MODEL_SIGNS.other });
    expect(parseOpinion('{"level":"chua-thay-dau-hieu","reason":"An toàn"}')).toEqual({ level: 'chua-thay-dau-hieu' });
    expect(parseOpinion('{"level":"an-toan"}')).toBeUndefined();
    expect(parseOpinion('không phải JSON')).toBeUndefined();
  });
});

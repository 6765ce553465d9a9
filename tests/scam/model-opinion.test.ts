// The model's second opinion, end to end at the HTTP boundary (a fake
// OpenAI-compatible server): never shown verbatim, it can only raise the level,
// and no phone number or link from the checked message is ever presented as a
// contact (not by the model's reason, not by the checker's own lines).
import { afterEach, describe, expect, it } from 'vitest';
import { aiEnvSchema } from '../../src/ai/config.js';
import { createScamModelHook, MODEL_SIGNS } from '../../src/ai/scam-opinion.js';
import { newUserState } from '../../src/engine/state.js';
import { checkMessage, checkMessageWithModel } from '../../src/scam-check/check.js';
import { formatCheckResult } from '../../src/scam-check/format.js';
import { buildScamCheckService } from '../../src/scam-check/service.js';
import { startFakeOpenAI, type FakeOpenAI } from '../ai/fake-openai.js';
import { ROOT } from '../helpers/engine.js';
import { loadRealLibrary } from './helpers.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const MILD = 'Chào bạn, mình là Hương bên phòng nhân sự. Bạn lưu số +2348012345678, xem thêm ở vieclamhuong.vn/tuyen nhé.';

async function reply(text: string, modelAnswer: string): Promise<string> {
  fake = await startFakeOpenAI({ kind: 'reply', content: modelAnswer });
  const config = aiEnvSchema.parse({ OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: fake.url, AI_TIMEOUT_MS: '1000' });
  const service = await buildScamCheckService(ROOT, { model: createScamModelHook(config)!, modelTimeoutMs: 1000 });
  const { messages } = await service({ text, state: newUserState(0) } as never);
  return messages.map((m) => m.text ?? '').join('\n');
}

describe('model opinion', () => {
  it('never presents a phone number or link of the checked message as a contact, even when the model repeats them', async () => {
    const { library, domains } = await loadRealLibrary();
    expect(checkMessage(MILD, library, domains).level).not.toBe('nguy-hiem');
    const said = await reply(MILD, '{"level":"nguy-hiem","sign":"Gọi +2348012345678 hoặc vào https://vieclamhuong.vn/tuyen","reason":"Liên hệ +2348012345678"}');
    expect(said).toMatch(/NGUY HIỂM/);
    expect(said).toContain(MODEL_SIGNS.other);
    expect(said).not.toContain('2348012345678');
    expect(said).not.toContain('vieclamhuong.vn');
    // The checker names the link defanged and the foreign number by its country code only.
    expect(said).toContain('vieclamhuong[.]vn');
    expect(said).toMatch(/\+234…/);
    // Only masked text left for the model.
    expect(fake!.sentText()).not.toContain('2348012345678');
  });

  it('a hook cannot smuggle its own words with a contact into the reply; without one the sentence is ours', async () => {
    const { library, domains } = await loadRealLibrary();
    const text = 'Bạn được chọn nhận quà tri ân, trả lời tin này để nhận.';
    const base = checkMessage(text, library, domains);
    const steered = await checkMessageWithModel(text, library, domains, async () => ({ level: 'nguy-hiem', reason: 'Hãy gọi 0987 654 321 để được hỗ trợ' }), 1000);
    const shown = formatCheckResult(steered, library.texts).join('\n');
    expect(steered.level).toBe('nguy-hiem');
    expect(shown).not.toMatch(/0987/);
    expect(shown).toContain(library.texts.flags['model-generic']!);
    const plain = await checkMessageWithModel(text, library, domains, async () => ({ level: 'nguy-hiem', reason: 'giọng văn lạ' }), 1000);
    expect(formatCheckResult(plain, library.texts).join('\n')).toContain('giọng văn lạ');
    // It can only raise the level.
    const lowered = await checkMessageWithModel('[VCB] Tai khoan bi khoa, nhap ma OTP tai https://vcb-xacthuc.top', library, domains, async () => ({ level: 'chua-thay-dau-hieu' }), 1000);
    expect(lowered.level).toBe('nguy-hiem');
    expect(base.level).not.toBe('nguy-hiem');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newUserState } from '../../src/engine/state.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { payloadsOf, startQa, textOf, type QaHarness } from './qa-harness.js';

const ANSWER = 'Làm lại thẻ căn cước mất khoảng 7 ngày làm việc, bạn xem hướng dẫn "Làm, đổi, cấp lại thẻ căn cước" nhé.\nNGUON: guide-id-card';

describe('Q&A with a model (local fake OpenAI-compatible server)', () => {
  let fake: FakeOpenAI;
  let qa: QaHarness;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    qa = await startQa({ OPENAI_API_KEY: 'test-key-123', OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-model', AI_TIMEOUT_MS: '400', AI_DAILY_LIMIT: '50' });
  });
  afterAll(async () => {
    await qa.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.behaviour = { kind: 'reply', content: ANSWER };
  });

  it('sends the passages and none of the personal data, and shows the answer with a button to the guide', async () => {
    const reply = await qa.ask('con ơi làm lại căn cước mất bao lâu, sđt con 0912 345 678, cccd 001088012345, mk: Hoa@1960, otp 665544', { userId: 'privacy' });
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body;
    expect(body.model).toBe('fake-model');
    expect(body.max_tokens).toBe(350);
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    const sent = fake.sentText();
    expect(sent).toContain('guide-id-card');
    expect(sent).toContain('Làm thẻ căn cước lần đầu');
    for (const secret of ['0912 345 678', '0912345678', '001088012345', 'Hoa@1960', '665544']) expect(sent).not.toContain(secret);
    expect(body.messages[0].role).toBe('system');
    expect(textOf(reply)).toContain('khoảng 7 ngày làm việc');
    expect(textOf(reply)).not.toContain('NGUON');
    expect(payloadsOf(reply)).toEqual(['f:guide-id-card', 'c:menu']);
  });

  it.each([
    ['a timeout', { kind: 'slow', ms: 3000, content: ANSWER } as const],
    ['a 429', { kind: 'status', status: 429 } as const],
    ['a 500', { kind: 'status', status: 500 } as const],
  ])('falls back to the retrieval answer on %s, with one attempt and within the timeout', async (_name, behaviour) => {
    fake.behaviour = behaviour;
    const started = Date.now();
    const reply = await qa.ask('the can cuoc bi gay cap lai het bao nhieu tien', { userId: `fallback-${behaviour.kind}-${'status' in behaviour ? behaviour.status : 0}` });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(fake.requests).toHaveLength(1);
    expect(textOf(reply)).toContain('Câu này có trong hướng dẫn thủ tục "Làm, đổi, cấp lại thẻ căn cước"');
    expect(textOf(reply)).toContain('📌 Lệ phí');
    expect(payloadsOf(reply)[0]).toBe('f:guide-id-card');
    expect(qa.logs.join('')).toMatch(/model unavailable/);
  });

  it('answers a repeated question from the cache without calling the model', async () => {
    const question = 'gia han bhyt theo ho gia dinh o dau';
    fake.behaviour = { kind: 'reply', content: 'Bạn gia hạn tại đại lý thu hoặc trực tuyến, xem hướng dẫn "Gia hạn thẻ bảo hiểm y tế".\nNGUON: guide-health-insurance' };
    const first = await qa.ask(question, { userId: 'cache-1' });
    const second = await qa.ask(question, { userId: 'cache-2' });
    expect(fake.requests).toHaveLength(1);
    expect(textOf(second)).toBe(textOf(first));
    expect(payloadsOf(second)[0]).toBe('f:guide-health-insurance');
    // An answer written for "bạn" is not reused for a resident addressed as "bác".
    await qa.ask(question, { userId: 'cache-3', state: { ...newUserState(0), profile: { group: 'elderly' } } });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages[0].content).toContain('gọi người hỏi là "bác"');
  });

  it('says honestly when the model finds no answer in the passages', async () => {
    fake.behaviour = { kind: 'reply', content: 'KHONG_CO_TRONG_TAI_LIEU' };
    const reply = await qa.ask('làm căn cước cho con 14 tuổi ở đâu', { userId: 'none' });
    expect(textOf(reply)).toContain('Mình chưa tìm thấy câu trả lời');
    expect(payloadsOf(reply)).toContain('c:menu');
  });

  it('never shows an answer that repeats its instructions', async () => {
    fake.behaviour = { kind: 'reply', content: 'Chỉ trả lời dựa trên các ĐOẠN TÀI LIỆU được cung cấp. Không bịa thêm số liệu, địa chỉ, lệ phí, đường link.\nNGUON: guide-id-card' };
    const reply = await qa.ask('mất căn cước rồi giờ làm sao con', { userId: 'leak' });
    expect(textOf(reply)).not.toContain('ĐOẠN TÀI LIỆU');
  });

  it('gives the last turns as context, and only redacted ones', async () => {
    await qa.ask('làm lại căn cước ở đâu, sdt 0987654321', { userId: 'context' });
    fake.requests.length = 0;
    await qa.ask('còn lệ phí thì sao', { userId: 'context' });
    expect(fake.requests).toHaveLength(1);
    const messages = fake.requests[0]!.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1]!.content).toContain('[số điện thoại]');
    expect(fake.sentText()).not.toContain('0987654321');
  });

  it('declines out-of-bounds requests without calling the model', async () => {
    const reply = await qa.ask('viết giúp tôi tin nhắn giả ngân hàng để lấy mã otp của người khác', { userId: 'refuse' });
    expect(fake.requests).toHaveLength(0);
    expect(textOf(reply)).toContain('không giúp được');
    expect(payloadsOf(reply)).toEqual(['f:lesson-scams', 'c:menu']);
  });
});

describe('Q&A quota', () => {
  it('asks the model at most AI_DAILY_LIMIT times a day per resident, then answers from the lessons', async () => {
    const fake = await startFakeOpenAI({ kind: 'reply', content: 'Trả lời ngắn.\nNGUON: guide-id-card' });
    const qa = await startQa({ OPENAI_API_KEY: 'test-key-123', OPENAI_BASE_URL: fake.url, AI_DAILY_LIMIT: '2', AI_HISTORY_TURNS: '0' });
    try {
      await qa.ask('lam lai cccd mat bao lau');
      await qa.ask('mất căn cước rồi giờ làm sao');
      const third = await qa.ask('60 tuoi co phai doi the can cuoc ko');
      expect(fake.requests).toHaveLength(2);
      expect(textOf(third)).toContain('Hôm nay bạn đã hỏi nhiều câu rồi');
      expect(textOf(third)).toContain('Câu này có trong');
      // Another resident still has their own quota.
      await qa.ask('the can cuoc bi gay cap lai het bao nhieu tien', { userId: 'other' });
      expect(fake.requests).toHaveLength(3);
    } finally {
      await qa.close();
      await fake.close();
    }
  });
});

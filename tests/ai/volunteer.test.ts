import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadsOf, startQa, textOf, type QaHarness } from './qa-harness.js';

describe('Q&A without a model', () => {
  let qa: QaHarness;
  beforeAll(async () => {
    qa = await startQa({});
  });
  afterAll(async () => qa.close());

  it('answers from the best guide: its summary, the facts asked for, and its button', async () => {
    const reply = await qa.ask('lam lai cccd mat bao lau');
    expect(textOf(reply)).toContain('Câu này có trong hướng dẫn thủ tục "Làm, đổi, cấp lại thẻ căn cước"');
    expect(textOf(reply)).toContain('📌 Thời gian');
    expect(payloadsOf(reply)[0]).toBe('f:guide-id-card');
    expect(payloadsOf(reply).at(-1)).toBe('c:menu');
    for (const message of reply) expect((message.text ?? '').length).toBeLessThanOrEqual(350);
  });

  it('uses "bác" for elderly residents', async () => {
    const reply = await qa.ask('lam lai cccd mat bao lau', { state: { ...(await import('../../src/engine/state.js')).newUserState(0), profile: { group: 'elderly' } } });
    expect(textOf(reply)).toContain('Bác bấm');
  });

  it('says honestly when nothing fits, and passes the question to a volunteer on request, redacted', async () => {
    const notFound = await qa.ask('lịch cúp điện khu tôi ngày mai, sdt 0912345678', { userId: 'vol' });
    expect(textOf(notFound)).toContain('Mình chưa tìm thấy câu trả lời');
    expect(textOf(notFound)).toContain('bấm "Nhờ tình nguyện viên"');
    expect(payloadsOf(notFound)).toEqual(['s:Nhờ tình nguyện viên', 'c:menu']);

    const passed = await qa.ask('nho tinh nguyen vien', { userId: 'vol' });
    expect(textOf(passed)).toContain('đã chuyển câu hỏi cho tình nguyện viên');
    const questions = qa.volunteers;
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatchObject({ channel: 'web', userKey: 'web:vol' });
    expect(questions[0]!.question).toContain('lịch cúp điện');
    expect(questions[0]!.question).not.toContain('0912345678');

    const again = await qa.ask('nho tinh nguyen vien', { userId: 'vol' });
    expect(textOf(again)).toContain('gõ câu hỏi trước');
  });

  it('answers a message that only holds a secret with a short follow-up, not a search', async () => {
    const reply = await qa.ask('mã OTP của bác là 482913', { userId: 'otp' });
    expect(textOf(reply)).toContain('cần mình giúp gì thêm');
    expect(textOf(reply)).not.toContain('482913');
  });
});

describe('Q&A follow-ups without a model', () => {
  it('reads a short follow-up with the question before it', async () => {
    const qa = await startQa({});
    try {
      await qa.ask('làm lại căn cước ở đâu vậy con', { userId: 'follow' });
      const reply = await qa.ask('còn lệ phí thì sao', { userId: 'follow' });
      expect(textOf(reply)).toContain('📌 Lệ phí');
      expect(payloadsOf(reply)[0]).toBe('f:guide-id-card');
    } finally {
      await qa.close();
    }
  });
});

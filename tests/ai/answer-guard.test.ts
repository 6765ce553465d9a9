// A model's answer keeps only the links and phone numbers our passages hold,
// checked through the real OpenAI SDK against a local fake server.
import { afterEach, describe, expect, it } from 'vitest';
import { keepSourcedContacts } from '../../src/ai/answer-guard.js';
import { QaModel, type ModelRequest } from '../../src/ai/model.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

const PASSAGES = ['Báo mất điện qua tổng đài in trên hóa đơn, hoặc gọi 1900 1006. Lịch cắt điện xem trên https://www.evn.com.vn/lich-cat-dien.', 'Thấy dây điện đứt thì tránh xa; cháy thì gọi 114.'];

describe('keepSourcedContacts', () => {
  it('keeps the links and numbers of the passages, in any spelling', () => {
    const answer = 'Bác gọi 19001006 hoặc xem evn.com.vn/lich-cat-dien nhé. Cháy thì gọi 114.';
    expect(keepSourcedContacts(answer, PASSAGES)).toEqual({ text: answer, removed: [] });
    expect(keepSourcedContacts('Trang chính: www.evn.com.vn.', PASSAGES).removed).toEqual([]);
  });

  it('drops each sentence with a link or number no passage holds', () => {
    const answer = 'Bác gọi 0912 345 678 để được cắt lại điện. Hoặc vào evn-hotro.xyz/tra-cuu. Giữ hóa đơn lại nhé.\nKhẩn cấp gọi số 115.';
    const guarded = keepSourcedContacts(answer, PASSAGES);
    expect(guarded.text).toBe('Giữ hóa đơn lại nhé.');
    expect(guarded.removed).toEqual(['0912345678', 'evn-hotro.xyz/tra-cuu', '115']);
  });

  it('does not take amounts, dates or a different path of an official site for sourced', () => {
    expect(keepSourcedContacts('Tiền điện 1.500.000 đồng, hạn 15/12.', PASSAGES).removed).toEqual([]);
    expect(keepSourcedContacts('Xem https://www.evn.com.vn/khuyen-mai-moi.', PASSAGES).removed).toEqual(['evn.com.vn/khuyen-mai-moi']);
  });
});

describe('model answers through the SDK', () => {
  let fake: FakeOpenAI | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const request: ModelRequest = {
    system: 'Chỉ trả lời từ tài liệu.',
    history: [],
    passages: [{ id: 'faq:bills-power-outage', title: 'Mất điện thì báo ở đâu?', kind: 'câu hỏi thường gặp', texts: PASSAGES }],
    question: 'nhà mất điện gọi ai',
  };

  it('strips an invented hotline and link from the reply, and keeps the cited entry', async () => {
    fake = await startFakeOpenAI({
      kind: 'reply',
      content: 'Bác gọi tổng đài 1900 1006 để báo mất điện. Hoặc gọi ngay 0987 654 321 gặp anh Tuấn bên điện lực. Tra lịch ở https://lichcatdien-evn.top.\nNGUON: faq:bills-power-outage',
    });
    const model = new QaModel({ apiKey: 'sk-test', model: 'fake-model', baseURL: fake.url, timeoutMs: 2000, maxTokens: 200 });
    const result = await model.answer(request);
    expect(result).toEqual({ kind: 'answer', text: 'Bác gọi tổng đài 1900 1006 để báo mất điện.', sources: ['faq:bills-power-outage'], removed: 2 });
    // The passages of the entry went to the model.
    expect(fake.sentText()).toContain('Báo mất điện qua tổng đài in trên hóa đơn');
  });

  it('says "not in the passages" when nothing sourced is left', async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: 'Gọi 0987 654 321 nhé.\nNGUON: faq:bills-power-outage' });
    const model = new QaModel({ apiKey: 'sk-test', model: 'fake-model', baseURL: fake.url, timeoutMs: 2000, maxTokens: 200 });
    expect(await model.answer(request)).toEqual({ kind: 'not-in-passages' });
  });
});

// Through the web API with a key: a text the recognizers leave unsure is
// labelled by the model and gets the help the label stands for; when the model
// fails, the answer is the retrieval-only one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

const isClassify = (body: any) => String(body?.messages?.[0]?.content).startsWith('You sort one message');

describe('unsure texts through the web chat, with a key', () => {
  let fake: FakeOpenAI;
  let tutor: TestTutor;
  let without: TestTutor;
  beforeAll(async () => {
    fake = await startFakeOpenAI({
      kind: 'per-request',
      content: (body) => (isClassify(body) ? '{"kind":"victim","playbook":"urgent-account-taken"}' : 'KHONG_CO_TRONG_TAI_LIEU'),
    });
    tutor = await startTestTutor({ OPENAI_API_KEY: 'test-key-123', OPENAI_BASE_URL: fake.url, AI_TIMEOUT_MS: '3000' });
    without = await startTestTutor();
  });
  afterAll(async () => {
    await tutor.close();
    await without.close();
    await removeDir(tutor.dataDir);
    await removeDir(without.dataDir);
    await fake.close();
  });

  it('a victim the recognizers missed gets the urgent playbook first', async () => {
    const reply = await tutor.chat({ userId: 'u1', messageId: 'a1', text: 'tài khoản trống trơn' });
    expect(reply.status).toBe(200);
    expect(texts(reply.body)[0]).toContain('gọi ngay tổng đài CHÍNH THỨC của ngân hàng để khóa');
    expect(labels(reply.body)).not.toContain('Nhờ tình nguyện viên');
    expect(fake.requests.filter((r) => isClassify(r.body))).toHaveLength(1);
  });

  it('a failing model gives the retrieval-only answer', async () => {
    fake.behaviour = { kind: 'status', status: 500 };
    const reply = await tutor.chat({ userId: 'u2', messageId: 'b1', text: 'tài khoản trống trơn' });
    const reference = await without.chat({ userId: 'u2', messageId: 'b1', text: 'tài khoản trống trơn' });
    expect(reply.status).toBe(200);
    expect(reply.body.messages).toEqual(reference.body.messages);
  });
});

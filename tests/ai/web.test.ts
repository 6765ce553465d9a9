import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, payloadOf, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123';

describe('Q&A through the web chat, without a key', () => {
  let tutor: TestTutor;
  beforeAll(async () => {
    tutor = await startTestTutor({ ADMIN_TOKEN });
  });
  afterAll(async () => {
    await tutor.close();
    await removeDir(tutor.dataDir);
  });

  it('answers a first question from the guides, then offers onboarding', async () => {
    const reply = await tutor.chat({ userId: 'web-1', messageId: 'a1', text: 'the can cuoc bi gay cap lai het bao nhieu tien' });
    expect(reply.status).toBe(200);
    expect(texts(reply.body).join('\n')).toContain('Làm, đổi, cấp lại thẻ căn cước');
    expect(payloadOf(reply.body, 'Mở: Làm, đổi, cấp lại thẻ căn cước')).toBe('f:guide-id-card');
    expect(labels(reply.body)).toContain('Bắt đầu');
  });

  it('opens the guide from the answer button', async () => {
    const reply = await tutor.chat({ userId: 'web-1', messageId: 'a2', payload: 'f:guide-id-card' });
    expect(texts(reply.body).join('\n')).toContain('Thủ tục: Làm, đổi, cấp lại thẻ căn cước');
  });

  it('passes an unanswered question to a volunteer, listed for operators at /api/admin/questions', async () => {
    const notFound = await tutor.chat({ userId: 'web-2', messageId: 'b1', text: 'mượn sách thư viện trên mạng được không' });
    expect(texts(notFound.body).join('\n')).toContain('Mình chưa tìm thấy câu trả lời');
    await tutor.chat({ userId: 'web-2', messageId: 'b2', text: 'nhờ tình nguyện viên' });
    const denied = await fetch(`${tutor.url}/api/admin/questions`);
    expect(denied.status).toBe(401);
    const listed = await fetch(`${tutor.url}/api/admin/questions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await listed.json()) as { questions: { question: string; userKey: string }[] };
    expect(body.questions[0]).toMatchObject({ userKey: 'web:web-2', question: 'mượn sách thư viện trên mạng được không' });
  });

  it('never writes the personal data of a question into the logs', async () => {
    await tutor.chat({ userId: 'web-3', messageId: 'c1', text: 'làm lại căn cước ở đâu, số con 0912345678, cccd 001088012345' });
    expect(tutor.logs.join('')).toContain('qa answered');
    expect(tutor.logs.join('')).not.toMatch(/0912345678|001088012345/);
  });
});

describe('Q&A through the web chat, with a key', () => {
  let fake: FakeOpenAI;
  let tutor: TestTutor;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ kind: 'reply', content: 'Đủ 60 tuổi thì đổi thẻ căn cước, xem hướng dẫn "Làm, đổi, cấp lại thẻ căn cước".\nNGUON: guide-id-card' });
    tutor = await startTestTutor({ OPENAI_API_KEY: 'test-key-123', OPENAI_BASE_URL: fake.url, AI_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await tutor.close();
    await removeDir(tutor.dataDir);
    await fake.close();
  });

  it('answers with the model from our passages, with a button to the guide', async () => {
    const reply = await tutor.chat({ userId: 'key-1', messageId: 'k1', text: '60 tuoi co phai doi the can cuoc ko' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.authorization).toBe('Bearer test-key-123');
    expect(texts(reply.body).join('\n')).toContain('Đủ 60 tuổi thì đổi thẻ căn cước');
    expect(payloadOf(reply.body, 'Mở: Làm, đổi, cấp lại thẻ căn cước')).toBe('f:guide-id-card');
  });

  it('answers from the lessons when the model fails', async () => {
    fake.behaviour = { kind: 'status', status: 500 };
    const reply = await tutor.chat({ userId: 'key-2', messageId: 'k2', text: 'the can cuoc bi gay cap lai het bao nhieu tien' });
    expect(reply.status).toBe(200);
    expect(texts(reply.body).join('\n')).toContain('Câu này có trong');
  });
});

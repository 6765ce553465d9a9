// The web chat API end to end, through a started server.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, payloadOf, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

let tutor: TestTutor;
beforeAll(async () => {
  tutor = await startTestTutor({ ADMIN_TOKEN: 'admin-token-for-tests-123' });
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
});

describe('POST /api/chat', () => {
  it('runs onboarding and the whole sample lesson with its quiz', async () => {
    const userId = 'lesson-walker';
    let reply = await tutor.chat({ userId, text: 'xin chào' });
    expect(reply.status).toBe(200);
    expect(texts(reply.body)[0]).toContain('Trợ lý Học Vụ Số');
    expect(labels(reply.body)).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);
    reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Đồng ý') });
    reply = await tutor.chat({ userId, text: '1' });
    reply = await tutor.chat({ userId, text: 'Phường Hòa Bình' });
    expect(texts(reply.body)).toContain('Cảm ơn bác, mình đã ghi: Phường Hòa Bình.');
    reply = await tutor.chat({ userId, text: 'thanh toan qr' });
    for (let step = 0; step < 3; step++) reply = await tutor.chat({ userId, text: 'tiep' });
    reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Làm bài kiểm tra') });
    expect(texts(reply.body)[0]).toMatch(/^Câu 1\/3/);
    reply = await tutor.chat({ userId, text: 'ten nguoi nhan' });
    expect(texts(reply.body)[0]).toMatch(/^✅ Đúng rồi!/);
    reply = await tutor.chat({ userId, text: '1' });
    expect(texts(reply.body)[0]).toMatch(/^Chưa đúng rồi\./);
    reply = await tutor.chat({ userId, text: '2' });
    expect(texts(reply.body).join('\n')).toContain('2/3');
    // A wrong answer: the quiz can be answered again; "Xong bài" ends the lesson with this score.
    expect(labels(reply.body)).toEqual(['Làm lại câu hỏi', 'Xong bài']);
    reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Xong bài') });
    const record = await tutor.store.users.load(`web:${userId}`);
    expect(record!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 2, quizTotal: 3 });
  });

  it('answers a repeated messageId once, giving the saved reply back (the first response may have been lost)', async () => {
    const first = await tutor.chat({ userId: 'dup', text: 'xin chào', messageId: 'abc' });
    const second = await tutor.chat({ userId: 'dup', text: 'xin chào', messageId: 'abc' });
    expect(first.body.messages.length).toBeGreaterThan(0);
    expect(second.body).toEqual({ messages: first.body.messages, duplicate: true });
    const record = await tutor.store.users.load('web:dup');
    expect(record!.version).toBe(1);
  });

  it.each([
    ['malformed JSON', '{"userId": "x", ', /JSON/],
    ['no userId', JSON.stringify({ text: 'hi' }), /userId/],
    ['neither text nor payload', JSON.stringify({ userId: 'x' }), /text hoặc payload/],
    ['both text and payload', JSON.stringify({ userId: 'x', text: 'a', payload: 'c:menu' }), /text hoặc payload/],
    ['text over 4,000 characters', JSON.stringify({ userId: 'x', text: 'a'.repeat(4001) }), /4000/],
    ['userId over 128 characters', JSON.stringify({ userId: 'u'.repeat(129), text: 'hi' }), /128/],
    ['a malformed payload', JSON.stringify({ userId: 'x', payload: 'DROP TABLE' }), /payload/],
    ['a number as text', JSON.stringify({ userId: 'x', text: 42 }), /text/],
    ['an array body', JSON.stringify([1, 2]), /userId/],
  ])('rejects %s with 400 in plain words and stores nothing', async (_name, raw, message) => {
    const response = await fetch(`${tutor.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatch(message);
    expect(await tutor.store.users.load('web:x')).toBeNull();
  });

  it('answers a well-formed but unknown button politely', async () => {
    await tutor.chat({ userId: 'stale', text: 'xin chào' });
    const reply = await tutor.chat({ userId: 'stale', payload: 'f:no-such-lesson' });
    expect(reply.status).toBe(200);
    expect(texts(reply.body)[0]).toContain('Nút này không còn dùng được');
  });
});

describe('health, metrics, page, admin', () => {
  it('GET /healthz answers 200 with the store kind', async () => {
    const response = await fetch(`${tutor.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: { kind: 'embedded', ok: true } });
  });

  it('GET /metrics counts turns', async () => {
    const body = await (await fetch(`${tutor.url}/metrics`)).text();
    expect(body).toMatch(/hvs_turns_total\{channel="web",outcome="ok"\} \d+/);
  });

  it('serves the chat page', async () => {
    const response = await fetch(`${tutor.url}/`);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1" ?\/?>/);
  });

  it('GET /api/admin/stats needs the bearer token and reports progress by ward', async () => {
    expect((await fetch(`${tutor.url}/api/admin/stats`)).status).toBe(401);
    expect((await fetch(`${tutor.url}/api/admin/stats`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const response = await fetch(`${tutor.url}/api/admin/stats`, { headers: { authorization: 'Bearer admin-token-for-tests-123' } });
    expect(response.status).toBe(200);
    const stats = await response.json();
    expect(stats.byWard['Phường Hòa Bình']).toEqual({ users: 1, lessonsCompleted: 1 });
    expect(stats.flows['lesson-qr']).toMatchObject({ completed: 1 });
  });

  it('never logs resident message text at info level', async () => {
    await tutor.chat({ userId: 'private', text: 'bí mật riêng tư của tôi 0912345678' });
    const logs = tutor.logs.join('');
    expect(logs).toContain('"msg":"turn"');
    expect(logs).not.toContain('bí mật riêng tư');
    expect(logs).not.toContain('0912345678');
  });
});

describe('health when the store is down', () => {
  it('GET /healthz answers 503, and the chat a quick 503, when Redis stops answering', async () => {
    // A Redis server of this test's own, so it can be stopped under the running tutor.
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}`).catch((error: Error & { cause?: { code?: string } }) => error.cause?.code)) !== 'ECONNREFUSED');
    const tutorOnIt = await startTestTutor({ REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      expect((await fetch(`${tutorOnIt.url}/healthz`)).status).toBe(200);
      server.kill('SIGKILL');
      await waitUntil(async () => (await fetch(`${tutorOnIt.url}/healthz`)).status === 503);
      const response = await fetch(`${tutorOnIt.url}/healthz`);
      expect(await response.json()).toMatchObject({ status: 'unavailable', store: { kind: 'redis', ok: false } });
      const started = Date.now();
      const chat = await tutorOnIt.chat({ userId: 'down', text: 'xin chào' });
      expect(chat.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      server.kill('SIGKILL');
      await tutorOnIt.close();
      await removeDir(tutorOnIt.dataDir);
    }
  }, 30_000);
});

async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('web inbox for alerts', () => {
  it('keeps alerts sent while the page reads, in order, and only the latest 20 after a long absence', async () => {
    const web = tutor.channels.find((c) => c.name === 'web')!;
    await tutor.chat({ userId: 'inbox', text: 'xin chào' });
    const inbox = async () =>
      (await (await fetch(`${tutor.url}/api/chat/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'inbox' }) })).json()).messages.map(
        (m: { text: string }) => m.text,
      );
    await Promise.all([web.send('inbox', [{ text: 'a1' }]), web.send('inbox', [{ text: 'a2' }])]);
    const [first] = await Promise.all([inbox(), web.send('inbox', [{ text: 'a3' }])]);
    const second = await inbox();
    expect([...first, ...second].sort()).toEqual(['a1', 'a2', 'a3']);
    expect(await inbox()).toEqual([]);
    for (let i = 1; i <= 25; i++) await web.send('inbox', [{ text: `b${i}` }]);
    const latest = await inbox();
    expect(latest).toHaveLength(20);
    expect(latest[0]).toBe('b6');
    expect(latest[19]).toBe('b25');
  });
});

describe('web inbox races', () => {
  const inboxOf = async (userId: string) =>
    (await (await fetch(`${tutor.url}/api/chat/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })).json()).messages.map(
      (m: { text: string }) => m.text,
    );

  it('overlapping polls never deliver an alert twice, and a slow poll cannot hide later alerts', async () => {
    const web = tutor.channels.find((c) => c.name === 'web')!;
    await tutor.chat({ userId: 'racer', text: 'xin chào' });
    const got: string[] = [];
    for (let round = 0; round < 10; round++) {
      const sends = Array.from({ length: 3 }, (_, i) => web.send('racer', [{ text: `r${round}-${i}` }]));
      const polls = Array.from({ length: 4 }, () => inboxOf('racer'));
      const results = await Promise.all([...polls, ...sends]);
      for (const texts of results.slice(0, 4) as string[][]) got.push(...texts);
    }
    got.push(...(await inboxOf('racer')));
    expect(got.sort()).toEqual(
      Array.from({ length: 10 }, (_, r) => [0, 1, 2].map((i) => `r${r}-${i}`))
        .flat()
        .sort(),
    );
  });

  it('creates nothing for a userId that never wrote', async () => {
    for (let i = 0; i < 20; i++) expect(await inboxOf(`nobody-${i}`)).toEqual([]);
    expect(await tutor.store.users.load('web:nobody-3')).toBeNull();
    const web = tutor.channels.find((c) => c.name === 'web')!;
    expect((await web.send('nobody-4', [{ text: 'x' }])).ok).toBe(false);
    expect(await tutor.store.users.load('web:nobody-4')).toBeNull();
  });
});

describe('flood protection', () => {
  it('answers 429 in plain words past the per-address limit, and stores nothing for the refused message', async () => {
    const limited = await startTestTutor({ WEB_CHAT_RATE_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.chat({ userId: `flood-${i}`, text: 'xin chào' })).status).toBe(200);
      const refused = await limited.chat({ userId: 'flood-x', text: 'xin chào' });
      expect(refused.status).toBe(429);
      expect(refused.body.error).toContain('Bạn gửi nhanh quá');
      expect(await limited.store.users.load('web:flood-x')).toBeNull();
    } finally {
      await limited.close();
      await removeDir(limited.dataDir);
    }
  });
});

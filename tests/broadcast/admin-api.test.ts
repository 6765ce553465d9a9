// POST /api/admin/broadcasts and GET /api/admin/broadcasts/:id through a started server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const TOKEN = 'broadcast-admin-token-123';
let tutor: TestTutor;
beforeAll(async () => {
  tutor = await startTestTutor({ ADMIN_TOKEN: TOKEN, QUIET_HOURS: '00:00-00:00' });
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
});

const post = (body: unknown, token: string | null = TOKEN) =>
  fetch(`${tutor.url}/api/admin/broadcasts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('admin broadcasts', () => {
  it('needs the bearer token', async () => {
    expect((await post({ text: 'x' }, null)).status).toBe(401);
    expect((await post({ text: 'x' }, 'wrong-token-wrong-token')).status).toBe(401);
  });

  it.each([
    ['no text', {}],
    ['empty text', { text: '   ' }],
    ['an unknown group', { text: 'x', target: { groups: ['aliens'] } }],
    ['an unknown field', { text: 'x', urgent: 'yes' }],
    ['a bad button payload', { text: 'x', buttons: [{ label: 'Xem', payload: 'javascript:alert(1)' }] }],
    ['malformed JSON', '{"text": '],
  ])('rejects %s with 400 and creates nothing', async (_name, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual(expect.any(String));
  });

  it('sends to web residents who have not turned alerts off, and reports counts', async () => {
    const chat = (userId: string, text: string) => tutor.chat({ userId, text });
    await chat('alert-a', 'xin chào');
    await chat('alert-b', 'xin chào');
    await chat('alert-c', 'xin chào');
    await chat('alert-c', 'tắt cảnh báo');
    expect((await tutor.store.users.load('web:alert-c'))!.state.profile.subscribed).toBe(false);
    const response = await post({ text: '⚠️ Cảnh báo khẩn: có kẻ giả danh công an gọi điện.', buttons: [{ label: 'Xem thêm', payload: 'f:scam-menu' }] });
    expect(response.status).toBe(202);
    const { id } = await response.json();
    let summary: any;
    for (let i = 0; i < 100; i++) {
      summary = await (await fetch(`${tutor.url}/api/admin/broadcasts/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
      if (summary.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(summary).toMatchObject({ status: 'done', counts: { failed: 0, skipped: 0 } });
    expect(summary.counts.sent).toBe(summary.counts.queued);
    const inbox = async (userId: string) =>
      (await (await fetch(`${tutor.url}/api/chat/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })).json()).messages;
    expect((await inbox('alert-a'))[0]).toMatchObject({ text: '⚠️ Cảnh báo khẩn: có kẻ giả danh công an gọi điện.', buttons: [{ label: 'Xem thêm' }] });
    expect(await inbox('alert-a')).toEqual([]);
    expect(await inbox('alert-c')).toEqual([]);
  });

  it('answers 404 for an unknown broadcast', async () => {
    const response = await fetch(`${tutor.url}/api/admin/broadcasts/bc-nope`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
  });
});

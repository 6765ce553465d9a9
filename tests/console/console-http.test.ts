// The console over real HTTP: login with rate limit and audit, session cookie
// flags, CSRF, roles and ward scope, the volunteer answer reaching a web
// resident's inbox, the idempotent broadcast form, and the dashboard counters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/console/auth/password.js';
import type { ConsoleDeps } from '../../src/console/deps.js';
import { runDue } from '../../src/console/schedule.js';
import { newUserState } from '../../src/engine/state.js';
import { newDoc } from '../../src/runtime/records.js';
import { consoleClient, csrfIn, form } from '../helpers/console.js';
import { removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

const ADMIN_TOKEN = 'admin-token-for-console-tests';
let tutor: TestTutor;

const client = consoleClient(() => tutor);
const { login, get, post } = client;

async function askVolunteer(userId: string, ward: string) {
  await tutor.chat({ userId, messageId: `${userId}-1`, text: 'xin chào' });
  await tutor.chat({ userId, messageId: `${userId}-2`, text: 'đồng ý' });
  await tutor.chat({ userId, messageId: `${userId}-3`, text: '1' });
  await tutor.chat({ userId, messageId: `${userId}-4`, text: ward });
  await tutor.chat({ userId, messageId: `${userId}-5`, text: 'mượn sách thư viện trên mạng được không' });
  await tutor.chat({ userId, messageId: `${userId}-6`, text: 'nhờ tình nguyện viên' });
}

beforeAll(async () => {
  tutor = await startTestTutor({ ADMIN_TOKEN });
  await client.addTeam();
}, 60_000);
afterAll(async () => {
  await tutor?.close();
  if (tutor) await removeDir(tutor.dataDir);
});

describe('console accounts and sessions', () => {
  it('sends /admin to the login page, logs in with an HttpOnly SameSite cookie and audits it', async () => {
    const anonymous = await get('/admin', '');
    expect(anonymous.response.status).toBe(303);
    expect(anonymous.response.headers.get('location')).toBe('/admin/login');
    const page = await get('/admin/login', '');
    expect(page.body).toContain('name="username"');
    expect(page.body).toContain('name="password"');
    expect(page.response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const wrong = await login('an-admin', 'not-the-password');
    expect(wrong.response.status).toBe(401);
    const { response, setCookie } = await login('an-admin');
    expect(response.status).toBe(303);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const log = await tutor.store.operators.auditLog(5);
    expect(log.map((e) => `${e.username}:${e.action}`)).toEqual(expect.arrayContaining(['an-admin:login', 'an-admin:login.failed']));
    expect(JSON.stringify(log)).not.toContain('not-the-password');
  });

  it('sets Secure on the cookie behind HTTPS', async () => {
    const https = await startTestTutor({ TRUST_PROXY: 'loopback' });
    try {
      await https.store.operators.saveAccount({ username: 'x-admin', role: 'admin', wards: [], passwordHash: await hashPassword('x-admin-password-1'), createdAt: '' });
      const response = await fetch(`${https.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        body: form({ username: 'x-admin', password: 'x-admin-password-1' }),
      });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await https.close();
      await removeDir(https.dataDir);
    }
  });

  it('limits login attempts per username', async () => {
    for (let i = 0; i < 8; i++) expect((await login('mai-tnv', 'wrong-password-x')).response.status).toBe(401);
    expect((await login('mai-tnv')).response.status).toBe(429);
  });

  it('refuses a form without the session CSRF token or from another origin', async () => {
    const { cookie } = await login('an-admin');
    const simulator = await get('/admin/simulator', cookie);
    const csrf = csrfIn(simulator.body);
    expect((await post('/admin/simulator', cookie, { text: 'menu' })).response.status).toBe(403);
    const foreign = await fetch(`${tutor.url}/admin/simulator`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: csrf, text: 'menu' }),
    });
    expect(foreign.status).toBe(403);
    const ok = await post('/admin/simulator', cookie, { _csrf: csrf, text: 'menu' });
    expect(ok.response.status).toBe(200);
    expect(ok.body).toContain('Cuộc trò chuyện thử');
  });

  it('keeps volunteers off the dashboard and the composer', async () => {
    await tutor.store.operators.saveAccount({ username: 'hoa-tnv', role: 'volunteer', wards: [], passwordHash: await hashPassword('hoa-tnv-password-1'), createdAt: '' });
    const { cookie } = await login('hoa-tnv');
    expect((await get('/admin', cookie)).response.status).toBe(403);
    expect((await get('/admin/broadcasts', cookie)).response.status).toBe(403);
    expect((await get('/admin/questions', cookie)).response.status).toBe(200);
  });
});

describe('volunteer inbox', () => {
  it('delivers an answer to the web resident with their question, marks it answered, and scopes staff to their wards', async () => {
    await askVolunteer('w-vol-1', 'phuong hoa binh');
    const listed = await fetch(`${tutor.url}/api/admin/questions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { questions } = (await listed.json()) as { questions: { id: string; userKey: string; ward: string; question: string }[] };
    const question = questions.find((q) => q.userKey === 'web:w-vol-1')!;
    expect(question).toMatchObject({ ward: 'Phường Hòa Bình', question: 'mượn sách thư viện trên mạng được không' });

    // Staff of another ward neither see nor answer it.
    const other = await login('binh-staff');
    expect((await get('/admin/questions', other.cookie)).body).not.toContain('mượn sách thư viện');
    const otherCsrf = csrfIn((await get('/admin/questions', other.cookie)).body);
    const refused = await fetch(`${tutor.url}/api/admin/questions/${question.id}/answer`, {
      method: 'POST',
      headers: { cookie: other.cookie, 'x-csrf-token': otherCsrf, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'không phải phường tôi' }),
    });
    expect(refused.status).toBe(403);

    const staff = await login('lan-staff');
    const inboxPage = await get('/admin/questions', staff.cookie);
    expect(inboxPage.body).toContain('mượn sách thư viện trên mạng được không');
    const answered = await post(`/admin/questions/${question.id}/answer`, staff.cookie, { _csrf: csrfIn(inboxPage.body), text: 'Bác vào thư viện số của tỉnh, đăng ký bằng số điện thoại nhé.' });
    expect(answered.response.status).toBe(200);
    expect(answered.body).toContain('Đã gửi câu trả lời đến người dân.');

    const inbox = await fetch(`${tutor.url}/api/chat/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'w-vol-1' }) });
    const delivered = texts((await inbox.json()) as { messages: { text?: string }[] });
    expect(delivered[0]).toContain('Tình nguyện viên trả lời câu hỏi bác gửi ngày');
    expect(delivered[0]).toContain('“mượn sách thư viện trên mạng được không”');
    expect(delivered[1]).toBe('Bác vào thư viện số của tỉnh, đăng ký bằng số điện thoại nhé.');
    expect(await tutor.store.volunteers.get(question.id)).toMatchObject({ answered: { by: 'lan-staff', delivery: 'sent' } });

    const again = await fetch(`${tutor.url}/api/admin/questions/${question.id}/answer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'lần hai' }),
    });
    expect(again.status).toBe(409);
    expect((await tutor.store.operators.auditLog(20)).some((e) => e.username === 'lan-staff' && e.action === 'question.answer')).toBe(true);
  });

  it('answers through the API with the bearer token, and refuses an empty text', async () => {
    await askVolunteer('w-vol-2', 'bỏ qua');
    const { questions } = (await (await fetch(`${tutor.url}/api/admin/questions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { questions: { id: string; userKey: string }[] };
    const id = questions.find((q) => q.userKey === 'web:w-vol-2')!.id;
    const post = (text: unknown) =>
      fetch(`${tutor.url}/api/admin/questions/${id}/answer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
    expect((await post('  ')).status).toBe(400);
    const ok = await post('Bạn hỏi thư viện phường nhé.');
    expect(ok.status).toBe(200);
    expect(await tutor.store.volunteers.get(id)).toMatchObject({ answered: { by: 'api-token' } });
  });
});

describe('broadcast composer', () => {
  it('previews per channel, says when quiet hours hold it, and sends once for a repeated form token', async () => {
    const { cookie } = await login('lan-staff');
    const composer = await get('/admin/broadcasts', cookie);
    const csrf = csrfIn(composer.body);
    const token = /name="formToken" value="([^"]+)"/.exec(composer.body)![1]!;
    const fields = { _csrf: csrf, formToken: token, text: 'Có kẻ giả danh công an gọi điện đòi chuyển tiền.', buttons: ['menu', 'check'], when: 'now' };
    const preview = await post('/admin/broadcasts', cookie, { ...fields, action: 'preview' });
    expect(preview.body).toContain('⚠️ Cảnh báo từ Phường Hòa Bình');
    expect(preview.body).toContain('1. Xem menu');
    expect(preview.body).toContain('<span class="button">Xem menu</span>');
    const first = await post('/admin/broadcasts', cookie, { ...fields, action: 'send' });
    const second = await post('/admin/broadcasts', cookie, { ...fields, action: 'send' });
    expect(first.response.status).toBe(303);
    expect(second.response.headers.get('location')).toBe(first.response.headers.get('location'));
    const id = first.response.headers.get('location')!.split('/').pop()!;
    const record = (await tutor.broadcaster.book.get(id))!;
    expect(record.target.wards).toContain('Phường Hòa Bình');
    expect(record.target.wards).toContain('hoa binh');
    const counts = await get(`/admin/broadcasts/${id}/counts.json`, cookie);
    expect(JSON.parse(counts.body)).toMatchObject({ queued: expect.any(Number) });
  });

  it('says "sẽ gửi lúc 07:00" during quiet hours unless "gửi cả ban đêm" is chosen', async () => {
    const night = await startTestTutor({ QUIET_HOURS: '00:00-23:59' });
    try {
      await night.store.operators.saveAccount({ username: 'n-admin', role: 'admin', wards: [], passwordHash: await hashPassword('n-admin-password-1'), createdAt: '' });
      const logged = await fetch(`${night.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ username: 'n-admin', password: 'n-admin-password-1' }),
      });
      const cookie = logged.headers.get('set-cookie')!.split(';')[0]!;
      const page = await (await fetch(`${night.url}/admin/broadcasts`, { headers: { cookie } })).text();
      const base = { _csrf: csrfIn(page), text: 'Cảnh báo thử', when: 'now', action: 'preview' };
      const quiet = await (await fetch(`${night.url}/admin/broadcasts`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form(base) })).text();
      expect(quiet).toContain('tin sẽ gửi lúc 23:59');
      const urgent = await (
        await fetch(`${night.url}/admin/broadcasts`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form({ ...base, night: 'yes' }) })
      ).text();
      expect(urgent).toContain('gửi cả ban đêm');
      expect(urgent).not.toContain('tin sẽ gửi lúc');
    } finally {
      await night.close();
      await removeDir(night.dataDir);
    }
  });
});

describe('counters follow residents', () => {
  it('moves a resident whose ward changes and takes out one who deletes their data', async () => {
    const { cookie } = await login('an-admin');
    const count = async (name: string) => {
      await get('/admin', cookie);
      return (await tutor.store.operators.counts())[name] ?? 0;
    };
    const tanDinh = await count('ward:tan-dinh');
    const residents = await count('residents');
    for (const [n, text] of ['xin chào', 'đồng ý', '1', 'tan dinh'].entries()) await tutor.chat({ userId: 'mover', messageId: `mv-${n}`, text });
    expect(await count('ward:tan-dinh')).toBe(tanDinh + 1);
    expect(await count('residents')).toBe(residents + 1);
    await tutor.chat({ userId: 'mover', messageId: 'mv-9', text: 'xóa dữ liệu' });
    const confirm = await tutor.chat({ userId: 'mover', messageId: 'mv-10', text: 'có' });
    expect(confirm.body.forgotten).toBe(true);
    expect(await count('ward:tan-dinh')).toBe(tanDinh);
    expect(await count('residents')).toBe(residents);
  });
});

describe('question context', () => {
  it('lists the few Q&A turns before a question, redacted', async () => {
    const state = newUserState(Date.now() - 60_000);
    state.profile = { consent: true, ward: 'Phường Hòa Bình' };
    const doc = newDoc(state);
    doc.data = { qa: { history: [{ q: 'làm lại căn cước ở đâu, sdt 0912345678', a: 'Ra bộ phận một cửa phường.', at: Date.now() - 30_000 }] }, volunteer: ['ctx-1'] };
    await tutor.store.users.commit('web:ctx', 0, doc, { volunteer: { id: 'ctx-1', at: new Date().toISOString(), channel: 'web', userKey: 'web:ctx', question: 'còn lệ phí thì sao' } });
    const { questions } = (await (await fetch(`${tutor.url}/api/admin/questions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      questions: { id: string; before: { q: string; a: string }[] }[];
    };
    const listed = questions.find((q) => q.id === 'ctx-1')!;
    expect(listed.before).toHaveLength(1);
    expect(listed.before[0]!.a).toBe('Ra bộ phận một cửa phường.');
    expect(listed.before[0]!.q).not.toContain('0912345678');
    const { cookie } = await login('lan-staff');
    expect((await get('/admin/questions', cookie)).body).toContain('Trò chuyện trước câu hỏi (1 lượt)');
  });
});

describe('scheduled broadcasts', () => {
  it('waits until its time, then starts once and shows as the broadcast it became', async () => {
    const { cookie } = await login('an-admin');
    const composer = await get('/admin/broadcasts', cookie);
    const inTwoHours = new Date(Date.now() + 2 * 3600_000 + 7 * 3600_000).toISOString().slice(0, 16);
    const fields = {
      _csrf: csrfIn(composer.body),
      formToken: /name="formToken" value="([^"]+)"/.exec(composer.body)![1]!,
      text: 'Hẹn giờ: họp tổ dân phố về an toàn mạng',
      when: 'at',
      at: inTwoHours,
      action: 'send',
    };
    const sent = await post('/admin/broadcasts', cookie, fields);
    const location = sent.response.headers.get('location')!;
    expect(location).toMatch(/\/admin\/broadcasts\/sched-/);
    expect((await get(location, cookie)).body).toContain('Đã hẹn giờ: tin sẽ gửi lúc');
    expect((await get('/admin/broadcasts', cookie)).body).toContain('Đã hẹn giờ');
    const deps = { store: tutor.store, broadcaster: tutor.broadcaster } as unknown as ConsoleDeps;
    expect(await runDue(deps)).toBe(0);
    expect(await runDue(deps, Date.now() + 3 * 3600_000)).toBe(1);
    expect(await runDue(deps, Date.now() + 3 * 3600_000)).toBe(0);
    const started = await get(location, cookie);
    expect(started.response.status).toBe(303);
    expect(started.response.headers.get('location')).toMatch(/\/admin\/broadcasts\/bc-/);
  });
});

describe('broadcast API', () => {
  it('answers a repeated Idempotency-Key with the first broadcast, and titles an alert between words', async () => {
    const send = () =>
      fetch(`${tutor.url}/api/admin/broadcasts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'retry-test-0001' },
        body: JSON.stringify({ text: 'Cảnh báo: kẻ gian giả danh nhân viên điện lực gọi điện đòi tiền cắt điện, đừng chuyển khoản.', target: { channels: ['web'] } }),
      });
    const [first, second] = [await send(), await send()];
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const a = (await first.json()) as { id: string; title: string };
    const b = (await second.json()) as { id: string };
    expect(b.id).toBe(a.id);
    expect(a.title).toBe('Cảnh báo: kẻ gian giả danh nhân viên điện lực gọi điện đòi…');
    const bad = await fetch(`${tutor.url}/api/admin/broadcasts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'x' },
      body: JSON.stringify({ text: 'a' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('dashboard', () => {
  it('counts residents by ward with aliases merged, and exports CSV', async () => {
    for (const [id, ward] of [
      ['d1', 'Phường Bến Nghé'],
      ['d2', 'phuong ben nghe'],
      ['d3', 'ben nge'],
    ] as const) {
      await tutor.chat({ userId: id, messageId: `${id}-1`, text: 'xin chào' });
      await tutor.chat({ userId: id, messageId: `${id}-2`, text: 'đồng ý' });
      await tutor.chat({ userId: id, messageId: `${id}-3`, text: '2' });
      await tutor.chat({ userId: id, messageId: `${id}-4`, text: ward });
    }
    const { cookie } = await login('an-admin');
    const dashboard = await get('/admin', cookie);
    const counts = await tutor.store.operators.counts();
    expect(counts['ward:ben-nghe']).toBe(3);
    expect(dashboard.response.status).toBe(200);
    expect(dashboard.body).toMatch(/<th scope="row">Phường Bến Nghé<\/th>\s*<td>3<\/td>/);
    expect(dashboard.body).toContain('<svg');
    const csv = await get('/admin/export/wards.csv', cookie);
    expect(csv.response.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('ben-nghe,Phường Bến Nghé,3');
    const staff = await login('lan-staff');
    expect((await get('/admin', staff.cookie)).body).not.toContain('Phường Bến Nghé</th>');
  });

  it('counts scam checks by verdict and Q&A outcomes from the services', async () => {
    await tutor.chat({ userId: 'sc1', messageId: 'sc1-1', text: 'kiểm tra lừa đảo' });
    await tutor.chat({ userId: 'sc1', messageId: 'sc1-2', text: '[VCB] Tai khoan cua quy khach bi khoa. Xac thuc ngay tai https://vietcombank-xacthuc.top va nhap ma OTP' });
    const { cookie } = await login('an-admin');
    expect((await get('/admin', cookie)).body).toContain('Kiểm tra lừa đảo: kết luận');
    const counts = await tutor.store.operators.counts();
    expect(counts['scam:checks']).toBeGreaterThanOrEqual(1);
    expect(counts['scam:nguy-hiem']).toBeGreaterThanOrEqual(1);
    expect(counts['qa:not-found']).toBeGreaterThanOrEqual(1);
  });
});

// The learner's-journey pages of the console over real HTTP (real store, real
// login, CSRF): certificates listed by ward and revoked through the form (the
// public verify page then says so), the thi đua board ranked as the admin API
// ranks it, and the journey counters on the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newVerifyCode } from '../../src/certificates/code.js';
import { newUserState } from '../../src/engine/state.js';
import { newDoc } from '../../src/runtime/records.js';
import { consoleClient, csrfIn } from '../helpers/console.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const ADMIN_TOKEN = 'admin-token-for-journey-pages';
let tutor: TestTutor;

const client = consoleClient(() => tutor);
const { get, post } = client;

async function login(username: string): Promise<string> {
  const { response, cookie } = await client.login(username);
  expect(response.status).toBe(303);
  return cookie;
}

const api = async (path: string) => (await fetch(`${tutor.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();

/** A consenting resident of a ward, who finished the first lesson when `finished`. */
async function seedResident(userKey: string, ward: string, finished: boolean, mentor = false) {
  const lesson = tutor.content.registry.all().find((flow) => flow.kind === 'lesson')!.id;
  const state = newUserState(Date.now() - 60_000);
  state.profile = { consent: true, ward, ...(mentor ? { mentor: true } : {}) };
  if (finished) state.progress[lesson] = { status: 'completed', attempts: 1, answers: {}, updatedAt: Date.now() };
  expect((await tutor.store.users.commit(userKey, 0, newDoc(state))).ok).toBe(true);
}

async function issue(userKey: string, ward: string | undefined, name: string | undefined, issuedAt: string) {
  return tutor.store.certificates.issue(userKey, {
    code: newVerifyCode(),
    issuedAt,
    ...(name ? { name } : {}),
    ...(ward ? { ward } : {}),
    areas: ['Khai thác dữ liệu và thông tin', 'An toàn số'],
  });
}

beforeAll(async () => {
  tutor = await startTestTutor({ ADMIN_TOKEN });
  await client.addTeam();
  // Hòa Bình: 3 registered, 2 finished, 1 helper, 1 certificate; Bến Nghé: 2 registered, 2 finished; Tân Định: 1, none.
  await seedResident('web:hb-1', 'Phường Hòa Bình', true);
  await seedResident('web:hb-2', 'Phường Hòa Bình', true, true);
  await seedResident('web:hb-3', 'Phường Hòa Bình', false);
  await seedResident('web:bn-1', 'Phường Bến Nghé', true);
  await seedResident('web:bn-2', 'Phường Bến Nghé', true);
  await seedResident('web:td-1', 'Phường Tân Định', false);
}, 60_000);
afterAll(async () => {
  await tutor?.close();
  if (tutor) await removeDir(tutor.dataDir);
});

describe('certificates page', () => {
  it('lists certificates of the ward newest first, revokes one through the form, and /verify then says revoked', async () => {
    const older = await issue('web:hb-2', 'Phường Hòa Bình', undefined, '2026-03-01T08:00:00.000Z');
    const lan = await issue('web:hb-1', 'Phường Hòa Bình', 'Nguyễn Thị Lan', '2026-04-02T08:00:00.000Z');
    const elsewhere = await issue('web:bn-1', 'Phường Bến Nghé', 'Trần Văn Bình', '2026-04-03T08:00:00.000Z');

    const staff = await login('lan-staff');
    const listed = await get('/admin/certificates', staff);
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(`<a href="/verify/${lan.code}">${lan.code}</a>`);
    expect(listed.body).toContain('Nguyễn Thị Lan');
    expect(listed.body).toContain('không ghi tên');
    expect(listed.body).toContain('Khai thác dữ liệu và thông tin, An toàn số');
    expect(listed.body).toContain('Còn hiệu lực');
    expect(listed.body.indexOf(lan.code)).toBeLessThan(listed.body.indexOf(older.code));
    // Another ward's certificate is not this staff member's.
    expect(listed.body).not.toContain(elsewhere.code);
    expect(listed.body).toContain('Tình nguyện viên không xem và không thu hồi được');

    const revoked = await post(`/admin/certificates/${lan.code}/revoke`, staff, { _csrf: csrfIn(listed.body) });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toContain(`Đã thu hồi giấy chứng nhận ${lan.code}.`);
    expect(revoked.body).toContain('Đã thu hồi ngày');
    const verify = await fetch(`${tutor.url}/verify/${lan.code}`);
    expect(await verify.text()).toContain('Giấy chứng nhận này đã bị thu hồi');
    expect(await tutor.store.certificates.get(lan.code)).toMatchObject({ status: 'revoked', revokedBy: 'operator' });
    const log = await tutor.store.operators.auditLog(10);
    expect(log.some((e) => e.username === 'lan-staff' && e.action === 'certificate.revoke' && e.detail === lan.code)).toBe(true);

    const again = await post(`/admin/certificates/${lan.code}/revoke`, staff, { _csrf: csrfIn(listed.body) });
    expect(again.status).toBe(409);
    expect(again.body).toContain('đã bị thu hồi từ trước');

    // Without the session's CSRF token the form is refused.
    expect((await post(`/admin/certificates/${older.code}/revoke`, staff, {})).status).toBe(403);
    expect((await tutor.store.certificates.get(older.code))!.status).toBe('valid');

    // Found by its code (typed in lower case with spaces), and only in scope.
    const found = await get(`/admin/certificates?code=${encodeURIComponent(` ${older.code.toLowerCase()} `)}`, staff);
    expect(found.body).toContain(`<a href="/verify/${older.code}">`);
    const notMine = await get(`/admin/certificates?code=${elsewhere.code}`, staff);
    expect(notMine.body).not.toContain(`<a href="/verify/${elsewhere.code}">`);
    expect(notMine.body).toContain('Không tìm thấy giấy chứng nhận có mã này');

    // The admin sees every ward's.
    const admin = await get('/admin/certificates', await login('an-admin'));
    expect(admin.body).toContain(elsewhere.code);
    expect(admin.body).toContain('Trần Văn Bình');
  });

  it('refuses staff of another ward and volunteers, and leaves the certificate valid', async () => {
    const held = await issue('web:hb-3', 'Phường Hòa Bình', 'Lê Văn Cường', '2026-04-05T08:00:00.000Z');

    const binh = await login('binh-staff');
    const page = await get('/admin/certificates', binh);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(held.code);
    expect(page.body).not.toContain('Lê Văn Cường');
    const refused = await post(`/admin/certificates/${held.code}/revoke`, binh, { _csrf: csrfIn(page.body) });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('cấp ở phường khác');

    const volunteer = await login('mai-tnv');
    expect((await get('/admin/certificates', volunteer)).status).toBe(403);
    const questions = await get('/admin/questions', volunteer);
    expect(questions.body).not.toContain('href="/admin/certificates"');
    expect((await post(`/admin/certificates/${held.code}/revoke`, volunteer, { _csrf: csrfIn(questions.body) })).status).toBe(403);

    expect((await tutor.store.certificates.get(held.code))!.status).toBe('valid');
    expect(await (await fetch(`${tutor.url}/verify/${held.code}`)).text()).not.toContain('đã bị thu hồi');
    expect((await tutor.store.operators.auditLog(50)).some((e) => e.action === 'certificate.revoke' && e.detail === held.code)).toBe(false);
  });
});

describe('thi đua page', () => {
  it('shows the wards ranked as GET /api/admin/leaderboard ranks them, with the same CSV', async () => {
    const board = (JSON.parse(await api('/api/admin/leaderboard')) as { wards: { rank: number; ward: string; registered: number }[] }).wards;
    expect(board.map((w) => w.ward).sort()).toEqual(['Phường Bến Nghé', 'Phường Hòa Bình', 'Phường Tân Định']);
    expect(board.at(-1)).toMatchObject({ rank: 3, ward: 'Phường Tân Định' });
    const hoaBinh = board.find((w) => w.ward === 'Phường Hòa Bình')!;

    const staff = await login('lan-staff');
    const page = await get('/admin/leaderboard', staff);
    expect(page.status).toBe(200);
    const rows = [...page.body.matchAll(/<tr[^>]*>\s*<td>(\d+)<\/td>\s*<th scope="row">([^<]+)/g)].map((m) => ({ rank: Number(m[1]), ward: m[2]!.trim() }));
    expect(rows).toEqual(board.map((w) => ({ rank: w.rank, ward: w.ward })));
    expect(page.body).toContain('Người hướng dẫn');
    expect(page.body).toMatch(new RegExp(`<tr class="mine">\\s*<td>${hoaBinh.rank}</td>\\s*<th scope="row">Phường Hòa Bình <span class="muted">\\(phường của bạn\\)</span>`));
    expect(page.body.match(/class="mine"/g)).toHaveLength(1);
    // Hòa Bình: 3 registered, 2 finished (67%), 1 helper (33%).
    expect(page.body).toMatch(/Phường Hòa Bình[\s\S]*?<td>3<\/td>\s*<td>2 <span class="muted">\(67%\)<\/span><\/td>/);
    expect(page.body).toContain('href="/admin/leaderboard.csv"');

    const csv = await get('/admin/leaderboard.csv', staff);
    expect(csv.type).toContain('text/csv');
    expect(csv.body).toBe(await api('/api/admin/leaderboard?format=csv'));

    expect((await get('/admin/leaderboard', await login('mai-tnv'))).status).toBe(403);
  });
});

describe('dashboard journey counters', () => {
  it('shows reminders and returns by kind, invitations and helpers', async () => {
    await tutor.store.operators.addCounts({
      'nudge:sent:review': 8,
      'nudge:returned:review': 2,
      'nudge:sent:resume': 5,
      'nudge:returned:resume': 4,
      'invite:accepted': 6,
      'invite:finished': 3,
      'mentor:recognized': 1,
    });
    const dashboard = await get('/admin', await login('lan-staff'));
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Hành trình học');
    expect(dashboard.body).toMatch(/<th scope="row">Nhắc ôn lại câu trả lời sai<\/th>\s*<td>8<\/td>\s*<td>2<\/td>\s*<td>25%<\/td>/);
    expect(dashboard.body).toMatch(/<th scope="row">Nhắc học tiếp bài đang dở<\/th>\s*<td>5<\/td>\s*<td>4<\/td>\s*<td>80%<\/td>/);
    expect(dashboard.body).toMatch(/<th scope="row">Người dân đến qua mã mời<\/th>\s*<td>6<\/td>/);
    expect(dashboard.body).toMatch(/<th scope="row">Người được mời đã học xong ít nhất 1 bài<\/th>\s*<td>3<\/td>/);
    expect(dashboard.body).toMatch(/<th scope="row">Người hướng dẫn được ghi nhận<\/th>\s*<td>1<\/td>/);
    // The navigation leads to the new pages.
    expect(dashboard.body).toMatch(/<a href="\/admin\/leaderboard"[^>]*>Thi đua<\/a>/);
    expect(dashboard.body).toMatch(/<a href="\/admin\/certificates"[^>]*>Giấy chứng nhận<\/a>/);
  });
});

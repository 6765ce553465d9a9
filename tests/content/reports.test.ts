// "Thông tin này chưa đúng?": a resident's one tap on a guide step becomes an
// anonymous content report that operators read through the admin API, with
// counts per guide in the stats. End to end through the web chat API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addContentReport, CONTENT_REPORTS_MAX, contentReportCounts, listContentReports } from '../../src/content/reports-store.js';
import { LmdbStore } from '../../src/store/index.js';
import { payloadOf, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

const TOKEN = 'content-report-admin-token-42';
let tutor: TestTutor;
beforeAll(async () => {
  tutor = await startTestTutor({ ADMIN_TOKEN: TOKEN });
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
});

const admin = async (route: string, token = TOKEN) => {
  const response = await fetch(`${tutor.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
};

/** Opens a guide and goes to its step n (1-based). */
async function openStep(userId: string, guide: string, step: number) {
  let reply = await tutor.chat({ userId, payload: `f:${guide}` });
  reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Bắt đầu') });
  for (let i = 1; i < step; i++) reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Tiếp') });
  return reply;
}

describe('content reports through the web API', () => {
  it('a tap on "Thông tin này chưa đúng?" reaches the operators with the guide and step, and no user id', async () => {
    const userId = 'reporter-9f3a';
    const step = await openStep(userId, 'guide-residence', 4);
    expect(texts(step.body)[0]).toMatch(/^Bước 4\/5: /);
    const thanks = await tutor.chat({ userId, payload: payloadOf(step.body, 'Thông tin này chưa đúng?') });
    expect(texts(thanks.body)[0]).toContain('Cảm ơn');
    const back = await tutor.chat({ userId, payload: payloadOf(thanks.body, 'Quay lại') });
    expect(texts(back.body)[0]).toMatch(/^Bước 4\/5: /);

    const listed = await admin('/api/admin/content-reports');
    expect(listed.status).toBe(200);
    expect(listed.body.reports).toHaveLength(1);
    expect(listed.body.reports[0]).toMatchObject({
      guide: 'guide-residence', title: 'Đăng ký thường trú online', version: 2, place: 'step_4', placeLabel: 'Bước 4', channel: 'web',
      excerpt: expect.stringMatching(/^Bước 4\/5: Nộp lệ phí/),
    });
    expect(JSON.stringify(listed.body)).not.toContain(userId);
    expect(listed.body.counts['guide-residence']).toEqual({ title: 'Đăng ký thường trú online', total: 1, byPlace: { step_4: 1 } });
  });

  it('a double tap counts once; reports from the overview and other guides are counted per guide in the stats, newest first', async () => {
    const userId = 'reporter-77b1';
    let reply = await openStep(userId, 'guide-judicial-record', 2);
    reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Thông tin này chưa đúng?') });
    reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Quay lại') });
    expect(texts(reply.body)[0]).toMatch(/^Bước 2\//);
    await tutor.chat({ userId, text: 'Thông tin này chưa đúng?' });
    const intro = await tutor.chat({ userId: 'reporter-c402', payload: 'f:guide-judicial-record' });
    await tutor.chat({ userId: 'reporter-c402', payload: payloadOf(intro.body, 'Thông tin này chưa đúng?') });

    const listed = await admin('/api/admin/content-reports?guide=guide-judicial-record');
    expect(listed.body.reports.map((r: { place: string }) => r.place)).toEqual(['intro', 'step_2']);
    expect(listed.body.reports[0].excerpt).toContain('Lệ phí: 200.000đ');
    const stats = await admin('/api/admin/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.contentReports.total).toBe(3);
    expect(stats.body.contentReports.byGuide['guide-judicial-record']).toEqual({ title: 'Phiếu lý lịch tư pháp qua VNeID', total: 2, byPlace: { step_2: 1, intro: 1 } });
    expect(Object.keys(stats.body.contentReports.byGuide)[0]).toBe('guide-judicial-record');
  });

  it('needs the admin token, and says plainly what is wrong with a bad query', async () => {
    expect((await fetch(`${tutor.url}/api/admin/content-reports`)).status).toBe(401);
    expect((await admin('/api/admin/content-reports', 'wrong-token')).status).toBe(401);
    const badLimit = await admin('/api/admin/content-reports?limit=5000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toContain('limit');
    expect((await admin('/api/admin/content-reports?guide=../x')).status).toBe(400);
  });
});

describe('the report list in the store', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hvs-reports-'));
  const store = new LmdbStore(dir);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const report = (place: string) => ({ guide: 'guide-bills', title: 'Trả tiền điện, tiền nước', version: 2, place, placeLabel: place, excerpt: '', channel: 'telegram' });

  it('keeps at most the cap, newest first, while the counts keep counting', async () => {
    expect(CONTENT_REPORTS_MAX).toBe(1000);
    for (let i = 1; i <= 7; i++) await addContentReport(store.shared, report(`step_${i}`), Date.UTC(2026, 11, 1, 0, i), 5);
    const list = await listContentReports(store.shared);
    expect(list.map((r) => r.place)).toEqual(['step_7', 'step_6', 'step_5', 'step_4', 'step_3']);
    expect(list[0]!.at).toBe('2026-12-01T00:07:00.000Z');
    expect((await contentReportCounts(store.shared))['guide-bills']!.total).toBe(7);
  });

  it('loses no report when many are written at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => addContentReport(store.shared, { ...report('intro'), guide: 'guide-birth', title: 'Khai sinh' }, Date.now() + i)));
    expect((await contentReportCounts(store.shared))['guide-birth']!.total).toBe(20);
    expect((await listContentReports(store.shared, 1000, 'guide-birth')).length).toBe(20);
  });
});

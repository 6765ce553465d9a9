// The basic path end to end through the web API: a resident passes every area
// test (answering right), chooses the name to show, and gets the certificate:
// the PNG decodes, its QR code reads PUBLIC_URL/verify/<code>, and the public
// page confirms it. An operator's revoke and the resident's "xóa dữ liệu" make it invalid.
import * as jsQrModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultContentPaths } from '../../src/content/loader.js';
import { loadFramework } from '../../src/content/framework-source.js';
import { ROOT } from '../helpers/engine.js';
import { labels, payloadOf, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

// jsqr is CommonJS: its function is the default export.
const jsQR = (jsQrModule as unknown as { default: (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null }).default;
const PUBLIC_URL = 'https://hocvuso.example.vn';
const ADMIN = { authorization: 'Bearer admin-token-for-tests-456' };
const loaded = await loadFramework(defaultContentPaths(ROOT));
const correct = new Map(loaded.banks.flatMap((bank) => bank.data.questions.map((q) => [q.id, q.options.find((o) => o.correct)!.id] as const)));
const areas = loaded.framework!.data.areas;

type Body = { messages: { text?: string; image?: string; buttons?: { label: string; payload: string }[] }[] };
let tutor: TestTutor;

beforeAll(async () => {
  tutor = await startTestTutor({ ADMIN_TOKEN: 'admin-token-for-tests-456', PUBLIC_URL });
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
});

async function onboard(userId: string): Promise<void> {
  const hello = await tutor.chat({ userId, text: 'xin chào' });
  await tutor.chat({ userId, payload: payloadOf(hello.body, 'Đồng ý') });
  await tutor.chat({ userId, text: '1' });
  await tutor.chat({ userId, text: 'Phường Hòa Bình' });
}

/** Answers the question on screen right (or wrong): the payload names the question and option ids. */
function answerPayload(body: Body, right: boolean): string {
  const buttons = body.messages.flatMap((m) => m.buttons ?? []);
  const answers = buttons.filter((b) => b.payload.startsWith('a:'));
  expect(answers.length).toBeGreaterThanOrEqual(2);
  const [, question] = answers[0]!.payload.split(':');
  const wanted = correct.get(question!)!;
  return answers.find((b) => (b.payload === `a:${question}:${wanted}`) === right)!.payload;
}

async function passArea(userId: string, area: string, wrongFirst = false): Promise<Body> {
  let reply = await tutor.chat({ userId, payload: `f:assess-${area}` });
  reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Bắt đầu kiểm tra') });
  if (wrongFirst) {
    for (let i = 0; i < 5; i++) reply = await tutor.chat({ userId, payload: answerPayload(reply.body, false) });
    expect(texts(reply.body).join('\n')).toContain('0/5');
    reply = await tutor.chat({ userId, payload: payloadOf(reply.body, 'Làm lại ngay') });
  }
  for (let i = 0; i < 5; i++) reply = await tutor.chat({ userId, payload: answerPayload(reply.body, true) });
  expect(texts(reply.body).join('\n')).toContain('5/5');
  return reply.body;
}

async function earnCertificate(userId: string, name: string | null): Promise<{ body: Body; code: string }> {
  await onboard(userId);
  let last: Body | undefined;
  for (const [i, area] of areas.entries()) last = await passArea(userId, area.id, i === 0);
  expect(labels(last!)).toContain('Nhận giấy chứng nhận');
  let reply = await tutor.chat({ userId, payload: payloadOf(last!, 'Nhận giấy chứng nhận') });
  expect(texts(reply.body).join('\n')).toContain('muốn ghi tên nào');
  reply = name === null ? await tutor.chat({ userId, payload: payloadOf(reply.body, 'Không ghi tên') }) : await tutor.chat({ userId, text: name });
  const code = /HVS-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec(texts(reply.body).join('\n'))?.[0];
  expect(code).toBeDefined();
  return { body: reply.body, code: code! };
}

describe('the certificate of the basic path', () => {
  it('is sent as a PNG whose QR code reads the verify link, and the public page confirms it', async () => {
    const { body, code } = await earnCertificate('cert-walker', 'Nguyễn Thị Lan');
    const url = `${PUBLIC_URL}/verify/${code}`;
    expect(texts(body).join('\n')).toContain(url);
    const image = body.messages.find((m) => m.image)?.image;
    expect(image).toBe(`${url}.png`);
    const png = await fetch(`${tutor.url}/verify/${code}.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const decoded = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
    expect(decoded.width).toBeGreaterThan(600);
    expect(jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data).toBe(url);

    const page = await fetch(`${tutor.url}/verify/${code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('hợp lệ');
    expect(html).toContain('Nguyễn Thị Lan');
    expect(html).toContain('Phường Hòa Bình');
    expect(html).toContain('name="viewport"');
    for (const area of areas) expect(html).toContain(area.title);

    // Results are saved with the progress: every area test completed, the failed attempt counted.
    const record = await tutor.store.users.load('web:cert-walker');
    expect(record!.state.progress[`assess-${areas[0]!.id}`]).toMatchObject({ status: 'completed', bestScore: 5, quizTotal: 5, attempts: 1 });

    // "tiến độ": every area passed, the certificate, and one next step first.
    const progress = await tutor.chat({ userId: 'cert-walker', text: 'tiến độ' });
    const said = texts(progress.body).join('\n');
    expect(said).toContain(`${areas.length}/${areas.length} phần`);
    expect(said).toContain('🎓');
    expect(labels(progress.body)[0]).toBe('Xem giấy chứng nhận');

    // Asking again gives the same certificate back.
    const again = await tutor.chat({ userId: 'cert-walker', payload: 'f:certificate' });
    expect(texts(again.body).join('\n')).toContain(code);

    // An operator lists and revokes it; the page then says so.
    expect((await fetch(`${tutor.url}/api/admin/certificates`)).status).toBe(401);
    const list = (await (await fetch(`${tutor.url}/api/admin/certificates`, { headers: ADMIN })).json()) as { certificates: { code: string; userKey?: string }[] };
    expect(list.certificates.map((c) => c.code)).toContain(code);
    expect(list.certificates.every((c) => c.userKey === undefined)).toBe(true);
    const revoke = await fetch(`${tutor.url}/api/admin/certificates/${code}/revoke`, { method: 'POST', headers: ADMIN });
    expect(revoke.status).toBe(200);
    const revoked = await (await fetch(`${tutor.url}/verify/${code}`)).text();
    expect(revoked).toContain('thu hồi');
    expect(revoked).not.toContain('Nguyễn Thị Lan');
    expect((await fetch(`${tutor.url}/verify/${code}.png`)).status).toBe(404);
  }, 120_000);

  it('shows no name when the resident chose none, and "xóa dữ liệu" revokes it', async () => {
    const { code } = await earnCertificate('cert-forget', null);
    const html = await (await fetch(`${tutor.url}/verify/${code}`)).text();
    expect(html).toContain('không ghi tên');
    const confirm = await tutor.chat({ userId: 'cert-forget', text: 'xóa dữ liệu' });
    await tutor.chat({ userId: 'cert-forget', payload: payloadOf(confirm.body, 'Xóa hết') });
    const after = await fetch(`${tutor.url}/verify/${code}`);
    expect(after.status).toBe(200);
    const text = await after.text();
    expect(text).toContain('thu hồi');
    expect(text).not.toContain('Phường Hòa Bình');
  }, 120_000);

  it('answers an unknown code with "không tìm thấy" and 404', async () => {
    const page = await fetch(`${tutor.url}/verify/HVS-ZZZZ-ZZZZ`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Không tìm thấy');
    expect((await fetch(`${tutor.url}/verify/not-a-code`)).status).toBe(404);
  });

  it('is refused before every area is passed, and "tiến độ" shows the areas to do with one next step', async () => {
    await onboard('cert-early');
    const progress = await tutor.chat({ userId: 'cert-early', text: 'tiến độ' });
    const said = texts(progress.body).join('\n');
    expect(said).toContain(`0/${areas.length} phần`);
    expect(said).toContain(`⬜ ${areas[0]!.title}`);
    expect(labels(progress.body)[0]).toMatch(/^Học tiếp: /);
    const reply = await tutor.chat({ userId: 'cert-early', payload: 'f:certificate' });
    expect(texts(reply.body).join('\n')).toContain('cần đạt tất cả các phần');
  });
});

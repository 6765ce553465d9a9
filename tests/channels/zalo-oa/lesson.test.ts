// A whole lesson over the OA, answered by pressing the buttons: each press
// sends the button's hidden query back through the signed webhook, the
// runtime commits the turn and delivers the reply through the channel.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HIDDEN_PREFIX } from '../../../src/channels/zalo-oa/events.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeOa } from './fake-oa.js';
import { buttonPayload, oaEnv, postEvent, textEvent } from './helpers.js';

const oa = new FakeOa();
let tutor: TestTutor;
const USER = '8800112233';

beforeAll(async () => {
  await oa.start();
  tutor = await startTestTutor(oaEnv(oa, oa.issuePair(), { PUBLIC_URL: 'https://hocvuso.example.vn' }));
});
afterAll(async () => {
  await tutor.close();
  await oa.close();
  await removeDir(tutor.dataDir);
});

/** Sends the resident's text (or a press) and waits until the reply has arrived and stopped arriving. */
async function say(text: string): Promise<{ texts: string; labels: string[] }> {
  const before = oa.delivered(USER).length;
  expect((await postEvent(tutor.url, textEvent(USER, text))).status).toBe(200);
  await vi.waitFor(() => expect(oa.delivered(USER).length).toBeGreaterThan(before), { timeout: 8000 });
  let seen = -1;
  while (seen !== oa.delivered(USER).length) {
    seen = oa.delivered(USER).length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const reply = oa.delivered(USER).slice(before);
  return {
    texts: reply.map((s) => s.message.text ?? '').join('\n'),
    labels: reply.flatMap((s) => (s.message.attachment?.payload?.buttons ?? []).map((b: { title: string }) => b.title)),
  };
}

/** Presses the button with this label on what the OA last showed. */
const press = (label: string) => say(buttonPayload(oa, USER, label));

/** More than five choices come as a numbered list: answer with the number. */
function numberOf(texts: string, label: string): string {
  const line = texts.split('\n').find((l) => l.trim() === `${l.trim().split('.')[0]}. ${label}`);
  if (!line) throw new Error(`no numbered choice "${label}" in ${texts}`);
  return line.trim().split('.')[0]!;
}

describe('a lesson over the Zalo OA with buttons', () => {
  it('runs onboarding and the sample lesson with its quiz, choices pressed as buttons (numbers where more than five)', async () => {
    let reply = await say('xin chào');
    expect(reply.texts).toContain('Trợ lý Học Vụ Số');
    expect(reply.labels).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);
    // Buttons, so no numbered list.
    expect(reply.texts).not.toMatch(/1\. Đồng ý/);
    reply = await press('Đồng ý');
    // Six groups: more than the OA's five buttons, so a numbered list.
    expect(reply.labels).toEqual([]);
    expect(reply.texts).toMatch(/1\. Người cao tuổi[\s\S]*👉/);
    reply = await say(numberOf(reply.texts, 'Người cao tuổi'));
    reply = await say('Phường Hòa Bình');
    expect(reply.texts).toContain('Phường Hòa Bình');
    reply = await say('thanh toan qr');
    expect(reply.texts).toContain('Thanh toán bằng mã QR');
    for (const step of ['Bước 1/3', 'Bước 2/3', 'Bước 3/3']) {
      reply = await press('Tiếp');
      expect(reply.texts).toContain(step);
    }
    reply = await press('Làm bài kiểm tra');
    expect(reply.texts).toContain('Câu 1/3');
    reply = await press('Tên người nhận');
    expect(reply.texts).toMatch(/Đúng rồi[\s\S]*Câu 2\/3/);
    reply = await press('Không đưa, cúp máy');
    expect(reply.texts).toMatch(/Đúng rồi[\s\S]*Câu 3\/3/);
    reply = await press('Hỏi chủ quán');
    expect(reply.texts).toMatch(/Xong bài[\s\S]*3\/3/);
    const record = await tutor.store.users.load(`zalo-oa:${USER}`);
    expect(record!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 3 });
    expect(record!.state.profile).toMatchObject({ consent: true, group: 'elderly', ward: 'Phường Hòa Bình' });
    // Every reply went as a consultation message to this resident, none refused.
    expect(oa.sent.filter((s) => s.userId === USER && !s.delivered)).toEqual([]);
  });

  it('a typed text that only looks like a press is not taken for one', async () => {
    const reply = await say(`${HIDDEN_PREFIX}n:no-such-flow:x:9`);
    expect(reply.texts).toMatch(/\S/);
    expect((await tutor.store.users.load(`zalo-oa:${USER}`))!.state.progress['lesson-qr']).toMatchObject({ status: 'completed' });
  });
});

// Broadcasts through the real OA channel: residents who wrote within Zalo's
// reply window get the alert as a consultation message with buttons; those
// outside it are skipped (counted as skipped, Zalo never called for them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserState, type Scalar } from '../../../src/engine/state.js';
import { newDoc } from '../../../src/runtime/records.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeOa } from './fake-oa.js';
import { oaEnv } from './helpers.js';

const oa = new FakeOa();
let tutor: TestTutor;
const HOUR = 3600_000;

beforeAll(async () => {
  await oa.start();
  tutor = await startTestTutor(oaEnv(oa, oa.issuePair(), { QUIET_HOURS: '00:00-00:00', BROADCAST_RATE_DEFAULT: '100' }));
});
afterAll(async () => {
  await tutor.close();
  await oa.close();
  await removeDir(tutor.dataDir);
});

/** A resident whose last message to the OA was `ago` milliseconds ago. */
async function resident(userId: string, ago: number, profile: Record<string, Scalar> = {}): Promise<void> {
  const state = newUserState(Date.now() - ago - HOUR);
  state.updatedAt = Date.now() - ago;
  state.profile = { consent: true, onboarded: true, ward: 'Phường Hòa Bình', ...profile };
  expect((await tutor.store.users.commit(`zalo-oa:${userId}`, 0, newDoc(state))).ok).toBe(true);
}

async function done(id: string) {
  const until = Date.now() + 20_000;
  for (;;) {
    const summary = (await tutor.broadcaster.summary(id))!;
    if (summary.status === 'done') return summary;
    if (Date.now() > until) throw new Error(`broadcast not done: ${JSON.stringify(summary)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('broadcasts over the Zalo OA', () => {
  it('the weekly alert reaches subscribers inside the window and skips those outside it', async () => {
    await resident('w-recent', 2 * HOUR, { subscribed: true });
    await resident('w-old', 3 * 24 * HOUR, { subscribed: true });
    await resident('w-edge', 49 * HOUR, { subscribed: true });
    await resident('w-gone', HOUR, { subscribed: true, unreachable: true });
    await resident('w-off', HOUR, { subscribed: false });
    const record = await tutor.broadcaster.startWeeklyAlert();
    expect(await done(record.id)).toMatchObject({ counts: { queued: 4, sent: 1, skipped: 3, failed: 0 } });
    expect(new Set(oa.sent.map((s) => s.userId))).toEqual(new Set(['w-recent']));
    const [alert] = oa.delivered('w-recent');
    expect(alert!.message.attachment.payload.buttons.map((b: { title: string }) => b.title)).toEqual(['Xem chi tiết', 'Làm bài kiểm tra nhanh']);
    // Skipped is not sent: the resident outside the window has no sent mark, so a later broadcast may still reach them.
    expect((await tutor.store.users.load('zalo-oa:w-old'))!.data.broadcasts?.[record.id]).toBeUndefined();
    expect((await tutor.store.users.load('zalo-oa:w-recent'))!.data.broadcasts?.[record.id]).toBeDefined();
  });

  it('an operator alert to the OA skips residents outside the window the same way', async () => {
    await resident('o-recent', HOUR, { ward: 'Phường An Khánh' });
    await resident('o-old', 10 * 24 * HOUR, { ward: 'Phường An Khánh' });
    const before = oa.sent.length;
    const record = await tutor.broadcaster.create({
      createdBy: 'operator',
      respectQuietHours: false,
      audience: 'all-not-opted-out',
      target: { channels: ['zalo-oa'], wards: ['phuong an khanh'] },
      content: { kind: 'message', text: '⚠️ Cảnh báo khẩn: có người giả danh cán bộ phường gọi điện xin mã OTP.' },
      title: 'khẩn',
    });
    expect(await done(record.id)).toMatchObject({ counts: { queued: 2, sent: 1, skipped: 1, failed: 0 } });
    expect(oa.sent.slice(before).map((s) => [s.userId, s.message.text])).toEqual([['o-recent', expect.stringContaining('Cảnh báo khẩn')]]);
  });
});

// send() of the real OA channel against the fake OA API: rendering (buttons,
// numbered list, link and image), retries, token renewal, unreachable
// residents, the reply window and the quota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/channels/types.js';
import { HIDDEN_PREFIX } from '../../../src/channels/zalo-oa/events.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeOa } from './fake-oa.js';
import { oaEnv } from './helpers.js';

const oa = new FakeOa();
let tutor: TestTutor;
let channel: Channel;
/** Each test its own resident and "last message" time, so window counts never mix. */
let n = 0;
const fresh = () => ({ userId: `s-${++n}`, target: { lastInboundAt: Date.now() - n } });

beforeAll(async () => {
  await oa.start();
  tutor = await startTestTutor(oaEnv(oa, oa.issuePair(), { PUBLIC_URL: 'https://hocvuso.example.vn' }));
  channel = tutor.channels.find((c) => c.name === 'zalo-oa')!;
});
afterAll(async () => {
  await tutor.close();
  await oa.close();
  await removeDir(tutor.dataDir);
});

const buttons = (labels: string[]) => labels.map((label, i) => ({ label, payload: `n:lesson-qr:intro:${i}` }));

describe('Zalo OA rendering', () => {
  it('sends up to five buttons as hidden-query template buttons on the text', async () => {
    const { userId, target } = fresh();
    const outcome = await channel.send(userId, [{ text: 'Chọn một mục', buttons: buttons(['Tiếp', 'Dừng', 'Về menu']) }], target);
    expect(outcome).toMatchObject({ ok: true });
    const [sent] = oa.delivered(userId);
    expect(sent!.message).toEqual({
      text: 'Chọn một mục',
      attachment: {
        type: 'template',
        payload: {
          buttons: [
            { type: 'oa.query.hide', title: 'Tiếp', payload: `${HIDDEN_PREFIX}n:lesson-qr:intro:0` },
            { type: 'oa.query.hide', title: 'Dừng', payload: `${HIDDEN_PREFIX}n:lesson-qr:intro:1` },
            { type: 'oa.query.hide', title: 'Về menu', payload: `${HIDDEN_PREFIX}n:lesson-qr:intro:2` },
          ],
        },
      },
    });
  });

  it('turns more than five choices into a numbered list', async () => {
    const { userId, target } = fresh();
    await channel.send(userId, [{ text: 'Chọn bài', buttons: buttons(['A', 'B', 'C', 'D', 'E', 'G']) }], target);
    const [sent] = oa.delivered(userId);
    expect(sent!.message.attachment).toBeUndefined();
    expect(sent!.message.text).toMatch(/^Chọn bài\n\n1\. A\n2\. B\n3\. C\n4\. D\n5\. E\n6\. G\n👉 .*1, 2, 3, 4, 5 hoặc 6/);
  });

  it('a link becomes an "open URL" button next to the choices', async () => {
    const { userId, target } = fresh();
    await channel.send(userId, [{ text: 'Trang chính thức', link: { url: 'https://dichvucong.gov.vn/', label: 'Mở Cổng Dịch vụ công' }, buttons: buttons(['Tiếp']) }], target);
    const [sent] = oa.delivered(userId);
    expect(sent!.message.text).toBe('Trang chính thức');
    expect(sent!.message.attachment.payload.buttons).toEqual([
      { type: 'oa.query.hide', title: 'Tiếp', payload: `${HIDDEN_PREFIX}n:lesson-qr:intro:0` },
      { type: 'oa.open.url', title: 'Mở Cổng Dịch vụ công', payload: { url: 'https://dichvucong.gov.vn/' } },
    ]);
  });

  it('sends a lesson image by its public URL with the text as caption; with buttons, the buttons follow on the text', async () => {
    const { userId, target } = fresh();
    await channel.send(
      userId,
      [
        { text: 'Mã QR mẫu', image: 'images/qr mau.png' },
        { text: 'Xem kỹ', image: 'images/b.png', buttons: buttons(['Tiếp']) },
      ],
      target,
    );
    const sent = oa.delivered(userId).map((s) => s.message);
    const media = (url: string) => ({ type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url }] } });
    expect(sent).toEqual([
      { text: 'Mã QR mẫu', attachment: media('https://hocvuso.example.vn/media/images/qr%20mau.png') },
      { attachment: media('https://hocvuso.example.vn/media/images/b.png') },
      { text: 'Xem kỹ', attachment: { type: 'template', payload: { buttons: [{ type: 'oa.query.hide', title: 'Tiếp', payload: `${HIDDEN_PREFIX}n:lesson-qr:intro:0` }] } } },
    ]);
  });

  it('splits a text longer than 2000 characters at a line break', async () => {
    const { userId, target } = fresh();
    const long = `${'a'.repeat(1500)}\n${'b'.repeat(1000)}`;
    const outcome = await channel.send(userId, [{ text: long }], target);
    expect(outcome).toMatchObject({ ok: true });
    expect(oa.delivered(userId).map((s) => s.message.text)).toEqual(['a'.repeat(1500), 'b'.repeat(1000)]);
  });
});

describe('Zalo OA errors', () => {
  it('waits and retries on a rate limit (-32) and on a server error, then delivers', async () => {
    const { userId, target } = fresh();
    oa.failNext({ body: { error: -32, message: 'Your application reached limit call api' } });
    oa.failNext({ status: 502, body: { error: 502, message: 'Bad gateway' } });
    const started = Date.now();
    const outcome = await channel.send(userId, [{ text: 'xin chào' }], target);
    expect(outcome).toMatchObject({ ok: true });
    const attempts = oa.sent.filter((s) => s.userId === userId);
    expect(attempts.map((a) => a.delivered)).toEqual([false, false, true]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('refreshes an expired access token once and sends with the new one', async () => {
    const { userId, target } = fresh();
    const refreshes = oa.refreshes.length;
    oa.expireAccessTokens();
    const outcome = await channel.send(userId, [{ text: 'một' }, { text: 'hai' }], target);
    expect(outcome).toMatchObject({ ok: true });
    expect(oa.refreshes.length).toBe(refreshes + 1);
    const attempts = oa.sent.filter((s) => s.userId === userId);
    expect(attempts[0]).toMatchObject({ delivered: false, error: -220 });
    expect(attempts.slice(1).map((a) => [a.delivered, a.message.text])).toEqual([
      [true, 'một'],
      [true, 'hai'],
    ]);
    expect(attempts[1]!.token).not.toBe(attempts[0]!.token);
  });

  it('reports a resident who unfollowed as unreachable, without retrying', async () => {
    const { userId, target } = fresh();
    oa.unfollowed.add(userId);
    const outcome = await channel.send(userId, [{ text: 'một' }, { text: 'hai' }], target);
    expect(outcome).toMatchObject({ ok: false, unreachable: true, accepted: 0 });
    expect(oa.sent.filter((s) => s.userId === userId)).toHaveLength(1);
  });

  it('says how many messages went before a permanent failure', async () => {
    const { userId, target } = fresh();
    await channel.send(userId, [{ text: 'một' }], target);
    oa.failNext({ body: { error: -201, message: 'message is invalid' } });
    const outcome = await channel.send(userId, [{ text: 'hai' }, { text: 'ba' }], target);
    expect(outcome).toMatchObject({ ok: false, accepted: 0 });
    expect(outcome.retryable).toBeFalsy();
  });
});

describe('Zalo OA reply window and quota', () => {
  it('skips, without calling Zalo, a resident whose last message is older than the window', async () => {
    const userId = 'window-old';
    const before = oa.sent.length;
    const outcome = await channel.send(userId, [{ text: 'Cảnh báo tuần này' }], { lastInboundAt: Date.now() - 49 * 3600_000 });
    expect(outcome).toMatchObject({ ok: false, skipped: true, accepted: 0 });
    expect(oa.sent.length).toBe(before);
    // Nobody knows when they wrote: the same.
    expect(await channel.send(userId, [{ text: 'x' }])).toMatchObject({ ok: false, skipped: true });
  });

  it('sends at most 8 messages per resident message, whole messages only, and opens again when they write', async () => {
    const userId = 'window-quota';
    const at = Date.now() - 60_000;
    const five = Array.from({ length: 5 }, (_, i) => ({ text: `tin ${i + 1}` }));
    expect(await channel.send(userId, five, { lastInboundAt: at })).toMatchObject({ ok: true });
    // 3 left: a message with an image and buttons needs two calls, so it does not fit after two plain ones.
    const next = [{ text: 'tin 6' }, { text: 'tin 7' }, { text: 'ảnh', image: 'images/a.png', buttons: buttons(['Tiếp']) }, { text: 'tin 9' }];
    expect(await channel.send(userId, next, { lastInboundAt: at })).toMatchObject({ ok: false, skipped: true, accepted: 2 });
    expect(await channel.send(userId, [{ text: 'tin 10' }], { lastInboundAt: at })).toMatchObject({ ok: true });
    expect(await channel.send(userId, [{ text: 'tin 11' }], { lastInboundAt: at })).toMatchObject({ ok: false, skipped: true, accepted: 0 });
    expect(oa.delivered(userId).map((s) => s.message.text)).toEqual(['tin 1', 'tin 2', 'tin 3', 'tin 4', 'tin 5', 'tin 6', 'tin 7', 'tin 10']);
    // The resident writes again: a fresh window.
    expect(await channel.send(userId, [{ text: 'tin 12' }], { lastInboundAt: Date.now() })).toMatchObject({ ok: true });
    expect(
      oa
        .delivered(userId)
        .map((s) => s.message.text)
        .at(-1),
    ).toBe('tin 12');
  });

  it("counts Zalo's own window refusal (-230) as skipped, not as a failure", async () => {
    const { userId, target } = fresh();
    oa.failNext({ body: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } });
    const outcome = await channel.send(userId, [{ text: 'x' }], target);
    expect(outcome).toMatchObject({ ok: false, skipped: true, accepted: 0 });
    expect(outcome.unreachable).toBeFalsy();
  });
});

describe('Zalo OA disconnected', () => {
  it('when Zalo refuses the token pair, a send says "later" and /healthz tells the operator how to reconnect', async () => {
    const { userId, target } = fresh();
    oa.revokeAll();
    const started = Date.now();
    const first = await channel.send(userId, [{ text: 'một' }], target);
    expect(first).toMatchObject({ ok: false, retryable: true, accepted: 0 });
    expect(Date.now() - started).toBeLessThan(3000);
    const second = await channel.send(userId, [{ text: 'một' }], target);
    expect(second).toMatchObject({ ok: false, retryable: true, accepted: 0 });
    expect(oa.delivered(userId)).toEqual([]);
    const health = await (await fetch(`${tutor.url}/healthz`)).json();
    expect(health.channels['zalo-oa']).toMatchObject({ ok: false, detail: expect.stringContaining('ZALO_OA_REFRESH_TOKEN') });
    expect(tutor.logs.join('')).toContain('Zalo OA token pair expired or revoked');
  });
});

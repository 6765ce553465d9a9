// The OA webhook on the real tutor, with the real channel pointed at the fake
// OA: signatures good, bad, missing and stale; malformed events; the events
// residents produce, including an image, follow and unfollow.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeOa } from './fake-oa.js';
import { attachmentEvent, followEvent, oaEnv, postEvent, textEvent, textsTo } from './helpers.js';

const oa = new FakeOa();
let tutor: TestTutor;

beforeAll(async () => {
  await oa.start();
  tutor = await startTestTutor(oaEnv(oa, oa.issuePair(), { PUBLIC_URL: 'https://hocvuso.example.vn' }));
});
afterAll(async () => {
  await tutor.close();
  await oa.close();
  await removeDir(tutor.dataDir);
});

const user = (id: string) => tutor.store.users.load(`zalo-oa:${id}`);

describe('Zalo OA webhook signatures', () => {
  it('accepts a correctly signed event and answers only once the turn is committed', async () => {
    const response = await postEvent(tutor.url, textEvent('u-good', 'xin chào'));
    expect(response.status).toBe(200);
    // Committed before the answer: the record is there the moment the webhook returns.
    expect((await user('u-good'))?.state.seen.length).toBe(1);
  });

  it.each([
    ['a wrong secret', { secret: 'not-the-oa-secret-key' }],
    ['no signature', { signature: null }],
    ['a signature for another body', { signature: 'mac=' + 'ab'.repeat(32) }],
  ])('refuses an event with %s (401) and changes nothing', async (_name, options) => {
    const response = await postEvent(tutor.url, textEvent('u-bad', 'xin chào'), options);
    expect(response.status).toBe(401);
    expect(await user('u-bad')).toBeNull();
  });

  it('refuses a correctly signed but stale event, and one from the future', async () => {
    for (const at of [Date.now() - 16 * 60_000, Date.now() + 10 * 60_000]) {
      const response = await postEvent(tutor.url, textEvent('u-stale', 'xin chào', { at }));
      expect(response.status).toBe(401);
    }
    expect(await user('u-stale')).toBeNull();
    expect(tutor.logs.join('')).toContain('Zalo OA webhook call refused');
  });

  it('refuses a body that is not JSON: its signature cannot be checked', async () => {
    const response = await postEvent(tutor.url, { timestamp: String(Date.now()) }, { raw: 'not json at all' });
    expect(response.status).toBe(401);
  });

  it('logs a signed but malformed event and answers 200 so Zalo does not resend it', async () => {
    const response = await postEvent(tutor.url, { app_id: '1', timestamp: String(Date.now()), event_name: 'user_send_text', message: { text: 'no sender' } });
    expect(response.status).toBe(200);
    expect(tutor.logs.join('')).toContain('malformed');
  });

  it('answers 500 when the turn cannot be committed, so Zalo delivers it again; the redelivery is then handled', async () => {
    const conversation = tutor.conversation as { handle: (...args: never[]) => unknown };
    const original = conversation.handle;
    conversation.handle = async () => {
      throw new Error('store unavailable');
    };
    const event = textEvent('u-500', 'xin chào');
    try {
      expect((await postEvent(tutor.url, event)).status).toBe(500);
    } finally {
      conversation.handle = original;
    }
    expect(await user('u-500')).toBeNull();
    expect((await postEvent(tutor.url, event)).status).toBe(200);
    expect((await user('u-500'))?.state.seen.length).toBe(1);
  });

  it("ignores the OA's own echoed messages and delivery receipts", async () => {
    const echo = { app_id: '1', timestamp: String(Date.now()), event_name: 'oa_send_text', sender: { id: 'oa' }, recipient: { id: 'u-echo' }, message: { msg_id: 'x', text: 'hi' } };
    expect((await postEvent(tutor.url, echo)).status).toBe(200);
    expect(await user('u-echo')).toBeNull();
    expect(await user('oa')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(oa.sent.filter((s) => s.userId === 'u-echo' || s.userId === 'oa')).toEqual([]);
  });
});

describe('Zalo OA events', () => {
  it('an image: the turn is committed and the resident gets the polite "cannot read this" reply', async () => {
    const event = attachmentEvent('u-image', 'user_send_image', { type: 'image', payload: { url: 'https://photo.zalo.me/a.jpg', thumbnail: 'https://photo.zalo.me/t.jpg' } });
    expect((await postEvent(tutor.url, event)).status).toBe(200);
    expect((await user('u-image'))?.state.seen.length).toBe(1);
    await vi.waitFor(() => expect(textsTo(oa, 'u-image').join('\n')).toMatch(/chưa đọc được/), { timeout: 5000 });
  });

  it('a redelivered event is answered once', async () => {
    const event = textEvent('u-twice', 'xin chào');
    await postEvent(tutor.url, event);
    await vi.waitFor(() => expect(textsTo(oa, 'u-twice').length).toBeGreaterThan(0), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const first = oa.delivered('u-twice').length;
    expect((await postEvent(tutor.url, event)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(oa.delivered('u-twice').length).toBe(first);
  });

  it('follow turns weekly alerts on by default; unfollow makes the resident unreachable; writing again makes them reachable', async () => {
    expect((await postEvent(tutor.url, followEvent('u-follow', 'follow'))).status).toBe(200);
    expect((await user('u-follow'))?.state.profile).toMatchObject({ subscribed: true });
    expect((await postEvent(tutor.url, followEvent('u-follow', 'unfollow'))).status).toBe(200);
    expect((await user('u-follow'))?.state.profile).toMatchObject({ subscribed: true, unreachable: true });
    expect((await postEvent(tutor.url, textEvent('u-follow', 'menu'))).status).toBe(200);
    expect((await user('u-follow'))?.state.profile.unreachable).toBeUndefined();
  });

  it('follow keeps a resident\'s own "tắt cảnh báo"', async () => {
    await postEvent(tutor.url, followEvent('u-off', 'follow'));
    const record = (await user('u-off'))!;
    const off = structuredClone(record.state);
    off.profile.subscribed = false;
    const { version, sent: _sent, ...doc } = record;
    expect((await tutor.store.users.commit('zalo-oa:u-off', version, { ...doc, state: off })).ok).toBe(true);
    await postEvent(tutor.url, followEvent('u-off', 'unfollow'));
    await postEvent(tutor.url, followEvent('u-off', 'follow'));
    expect((await user('u-off'))?.state.profile).toMatchObject({ subscribed: false });
    expect((await user('u-off'))?.state.profile.unreachable).toBeUndefined();
  });

  it('a shared link is read as text; a sticker and a location get the polite reply', async () => {
    await postEvent(tutor.url, attachmentEvent('u-link', 'user_send_link', { type: 'link', payload: { url: 'https://vneid.gov.vn/', description: 'VNeID' } }));
    expect((await user('u-link'))?.state.seen.length).toBe(1);
    for (const [id, event, attachment] of [
      ['u-sticker', 'user_send_sticker', { type: 'sticker', payload: { id: 'abc', url: 'https://zalo.me/s.png' } }],
      ['u-location', 'user_send_location', { type: 'location', payload: { coordinates: { latitude: '10.76', longitude: '106.66' } } }],
    ] as const) {
      expect((await postEvent(tutor.url, attachmentEvent(id, event, attachment))).status).toBe(200);
      await vi.waitFor(() => expect(textsTo(oa, id).join('\n')).toMatch(/chưa đọc được/), { timeout: 5000 });
    }
  });

  it('shows the OA as connected in /healthz', async () => {
    const health = await (await fetch(`${tutor.url}/healthz`)).json();
    expect(health.channels['zalo-oa']).toMatchObject({ ok: true });
  });
});

// OA webhook events → inbound messages, follows and what is ignored; and the
// signature check on its own.
import { describe, expect, it } from 'vitest';
import { HIDDEN_PREFIX, parseEvent } from '../../../src/channels/zalo-oa/events.js';
import { macFor, verifyEvent } from '../../../src/channels/zalo-oa/signature.js';
import { APP_ID, OA_SECRET } from './fake-oa.js';
import { attachmentEvent, followEvent, textEvent } from './helpers.js';

const AT = 1_764_600_000_000;

describe('parseEvent', () => {
  it('a text is the resident typing; the msg_id is the message id', () => {
    expect(parseEvent(textEvent('u1', '  thanh toán qr ', { at: AT, msgId: 'abc' }))).toEqual({
      kind: 'message',
      inbound: { channel: 'zalo-oa', userId: 'u1', messageId: 'abc', at: AT, text: 'thanh toán qr' },
    });
  });

  it('a hidden query from one of our buttons is a press; the same words without the mark are text', () => {
    expect(parseEvent(textEvent('u1', `${HIDDEN_PREFIX}n:lesson-qr:intro:0`, { at: AT }))).toMatchObject({ inbound: { payload: 'n:lesson-qr:intro:0' } });
    expect(parseEvent(textEvent('u1', 'n:lesson-qr:intro:0', { at: AT }))).toMatchObject({ inbound: { text: 'n:lesson-qr:intro:0' } });
    expect(parseEvent({ ...textEvent('u1', `${HIDDEN_PREFIX}c:menu`, { at: AT }), event_name: 'user_click_button' })).toMatchObject({ inbound: { payload: 'c:menu' } });
  });

  it.each([
    ['user_send_image', 'image'],
    ['user_send_gif', 'image'],
    ['user_send_sticker', 'sticker'],
    ['user_send_location', 'location'],
    ['user_send_audio', 'voice'],
    ['user_send_video', 'video'],
    ['user_send_file', 'file'],
    ['user_send_business_card', 'other'],
  ])('%s is something the tutor cannot read (%s)', (event, unsupported) => {
    expect(parseEvent(attachmentEvent('u1', event, { type: 'x', payload: {} }, { at: AT }))).toMatchObject({ kind: 'message', inbound: { unsupported } });
  });

  it('a shared link is read as text, with the words that came with it', () => {
    const link = { type: 'link', payload: { url: 'https://vneid-xacthuc.top/login', description: 'VNeID' } };
    expect(parseEvent(attachmentEvent('u1', 'user_send_link', link, { at: AT }))).toMatchObject({ inbound: { text: 'https://vneid-xacthuc.top/login' } });
    expect(parseEvent(attachmentEvent('u1', 'user_send_link', link, { at: AT, text: 'cái này thật không?' }))).toMatchObject({
      inbound: { text: 'cái này thật không?\nhttps://vneid-xacthuc.top/login' },
    });
  });

  it('follow and unfollow name the follower', () => {
    expect(parseEvent(followEvent('u9', 'follow', AT))).toEqual({ kind: 'follow', userId: 'u9', at: AT });
    expect(parseEvent(followEvent('u9', 'unfollow', AT))).toEqual({ kind: 'unfollow', userId: 'u9', at: AT });
  });

  it("ignores the OA's own messages and receipts; reports what is malformed", () => {
    for (const name of ['oa_send_text', 'user_seen_message', 'user_received_message', 'add_user_to_tag']) {
      expect(parseEvent({ event_name: name, timestamp: String(AT), sender: { id: 'x' } })).toMatchObject({ kind: 'ignore' });
    }
    expect(parseEvent([])).toMatchObject({ kind: 'malformed' });
    expect(parseEvent({ timestamp: String(AT) })).toMatchObject({ kind: 'malformed' });
    expect(parseEvent({ event_name: 'user_send_text', timestamp: String(AT), message: { text: 'x' } })).toMatchObject({ kind: 'malformed' });
    expect(parseEvent({ event_name: 'follow', timestamp: String(AT) })).toMatchObject({ kind: 'malformed' });
    expect(parseEvent({ event_name: 'user_send_text', sender: { id: 'u' } })).toMatchObject({ kind: 'malformed' });
  });
});

describe('verifyEvent', () => {
  const keys = { appId: APP_ID, oaSecretKey: OA_SECRET, maxAgeMs: 900_000 };
  const raw = JSON.stringify(textEvent('u1', 'xin chào', { at: AT }));
  const mac = macFor(keys, raw, String(AT));

  it('accepts the MAC with or without "mac=", in either case', () => {
    for (const header of [`mac=${mac}`, mac, `MAC=${mac.toUpperCase()}`]) expect(verifyEvent(raw, header, keys, AT + 1000)).toMatchObject({ ok: true });
  });

  it('refuses a changed body, another app id, a missing header and an old event', () => {
    expect(verifyEvent(raw.replace('xin chào', 'xin chao'), `mac=${mac}`, keys, AT)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyEvent(raw, `mac=${macFor({ ...keys, appId: '1' }, raw, String(AT))}`, keys, AT)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyEvent(raw, undefined, keys, AT)).toMatchObject({ ok: false, reason: 'no-signature' });
    expect(verifyEvent(raw, `mac=${mac}`, keys, AT + 900_001)).toMatchObject({ ok: false, reason: 'stale' });
    expect(verifyEvent(raw, `mac=${mac}`, keys, AT + 899_000)).toMatchObject({ ok: true });
  });
});

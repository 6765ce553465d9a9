// Limits and failures of the Bot API: 429 with retry_after, 403 (blocked),
// 5xx and dropped connections, pacing per chat and overall, broadcasts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../../helpers/tutor.js';
import type { RecordedCall } from './fake-bot-api.js';
import { startTelegramTestBed, TelegramTestUser, type TelegramTestBed } from './helpers.js';

const PER_CHAT_MS = 250;
const GLOBAL_PER_SECOND = 20;

let bed: TelegramTestBed;
beforeAll(async () => {
  bed = await startTelegramTestBed('polling', { TELEGRAM_RATE_PER_CHAT_MS: String(PER_CHAT_MS), TELEGRAM_RATE_GLOBAL: String(GLOBAL_PER_SECOND) });
});
afterAll(async () => {
  await bed?.close();
  if (bed) await removeDir(bed.tutor.dataDir);
});

const sends = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto');

describe('Telegram limits', () => {
  it('waits retry_after on a 429, then delivers every bubble in order', async () => {
    const user = new TelegramTestUser(bed, 4001);
    bed.api.failNext('sendMessage', { status: 429, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const reply = await user.say('xin chào');
    const attempts = sends(reply.calls);
    expect(attempts[0]!.body).toEqual(attempts[1]!.body);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(reply.texts.slice(1)[0]).toContain('Trợ lý Học Vụ Số');
    expect(reply.buttons).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);
  });

  it('marks a user who blocked the bot unreachable on a 403, without retrying', async () => {
    const user = new TelegramTestUser(bed, 4002);
    await user.say('xin chào');
    bed.api.failNext('sendMessage', { status: 403, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const reply = await user.say('giúp');
    expect(sends(reply.calls)).toHaveLength(1);
    expect((await bed.tutor.store.users.load('telegram:4002'))!.state.profile.unreachable).toBe(true);
    expect(bed.tutor.logs.join('')).toMatch(/"reason":"unreachable".*message not delivered/);
  });

  it.each([
    ['a 502', { status: 502, error_code: 502, description: 'Bad Gateway' }],
    ['a dropped connection', { status: 0, error_code: 0, description: '' }],
  ])('retries after %s with backoff', async (_name, failure) => {
    const user = new TelegramTestUser(bed, failure.status === 0 ? 4003 : 4004);
    bed.api.failNext('sendMessage', failure);
    const reply = await user.say('xin chào');
    const attempts = sends(reply.calls);
    expect(attempts[0]!.body).toEqual(attempts[1]!.body);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(300);
    expect(reply.buttons).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);
  });

  it('keeps the gap between messages to one chat without delaying other chats', async () => {
    const started = Date.now();
    const mark = bed.api.calls.length;
    const four = [1, 2, 3, 4].map((n) => ({ text: `Tin ${n}` }));
    const [a, b] = await Promise.all([bed.channel.send('4010', four), bed.channel.send('4011', [{ text: 'Tin khác' }])]);
    expect(a.ok && b.ok).toBe(true);
    const calls = sends(bed.api.calls.slice(mark));
    const toA = calls.filter((c) => c.body.chat_id === '4010').map((c) => c.at);
    const toB = calls.filter((c) => c.body.chat_id === '4011').map((c) => c.at);
    const gaps = toA.slice(1).map((at, i) => at - toA[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(PER_CHAT_MS - 5);
    // The other chat is served while the first one waits for its gap, not after it.
    expect(toB[0]!).toBeLessThan(toA[1]!);
    expect(toB[0]! - started).toBeLessThan(PER_CHAT_MS * 2);
    // The global bucket holds a tenth of a second's calls (2 at 20/s): never a third within one slot of the first.
    const all = calls.map((c) => c.at);
    expect(Math.min(...all.slice(2).map((at, i) => at - all[i]!))).toBeGreaterThanOrEqual(1000 / GLOBAL_PER_SECOND - 5);
  });
});

describe('Telegram broadcasts (send)', () => {
  it('sends text, an https photo with its caption and buttons', async () => {
    const mark = bed.api.calls.length;
    const outcome = await bed.channel.send('4020', [
      { text: '⚠️ Cảnh báo lừa đảo mới' },
      { image: 'https://hocvuso.example.vn/anh/qr.png', text: 'Mã QR dán đè', buttons: [{ label: 'Xem chi tiết', payload: 'f:scam-menu' }] },
    ]);
    expect(outcome).toEqual({ ok: true });
    const [text, photo] = sends(bed.api.calls.slice(mark));
    expect(text!.body.text).toBe('⚠️ Cảnh báo lừa đảo mới');
    expect(photo!.body).toMatchObject({ photo: 'https://hocvuso.example.vn/anh/qr.png', caption: 'Mã QR dán đè' });
    expect(photo!.body.reply_markup.inline_keyboard).toEqual([[{ text: 'Xem chi tiết', callback_data: 'f:scam-menu' }]]);
  });

  it('reports a blocked user as unreachable (the caller, delivery or broadcast, marks them)', async () => {
    const user = new TelegramTestUser(bed, 4021);
    await user.say('xin chào');
    bed.api.failNext('sendMessage', { status: 403, error_code: 403, description: 'Forbidden: user is deactivated' });
    const outcome = await bed.channel.send('4021', [{ text: 'Tin tuần này' }, { text: 'Tin thứ hai' }]);
    expect(outcome).toMatchObject({ ok: false, unreachable: true, accepted: 0 });
  });

  it('carries a payload longer than 64 bytes through a short id', async () => {
    const long = `n:${'bai-hoc-rat-dai-'.repeat(4)}x:step_one:0`;
    const mark = bed.api.calls.length;
    await bed.channel.send('4022', [{ text: 'Chọn:', buttons: [{ label: 'Tiếp', payload: long }] }]);
    const data = sends(bed.api.calls.slice(mark))[0]!.body.reply_markup.inline_keyboard[0][0].callback_data as string;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const seen: unknown[] = [];
    const handle = bed.tutor.conversation.handle.bind(bed.tutor.conversation);
    bed.tutor.conversation.handle = async (inbound) => {
      seen.push(inbound.payload);
      return handle(inbound);
    };
    try {
      const user = new TelegramTestUser(bed, 4022);
      await user.press('Tiếp');
    } finally {
      bed.tutor.conversation.handle = handle;
    }
    expect(seen).toEqual([long]);
  });
});

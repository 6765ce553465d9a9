// The Telegram channel in polling mode, end to end against the fake Bot API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../../helpers/tutor.js';
import { startTelegramTestBed, TelegramTestUser, type TelegramTestBed } from './helpers.js';
import { walkOnboardingAndLesson } from './journey.js';

let bed: TelegramTestBed;
beforeAll(async () => {
  bed = await startTelegramTestBed('polling');
});
afterAll(async () => {
  await bed?.close();
  if (bed) await removeDir(bed.tutor.dataDir);
});

describe('Telegram polling', () => {
  it('registers the Vietnamese command menu and removes any webhook', () => {
    expect(bed.api.callsTo('getMe')).toHaveLength(1);
    expect(bed.api.callsTo('deleteWebhook')[0]!.body).toMatchObject({ drop_pending_updates: false });
    const commands = bed.api.callsTo('setMyCommands')[0]!.body.commands;
    expect(commands.map((c: { command: string }) => c.command)).toEqual(['start', 'menu', 'help']);
    expect(commands[1].description).toBe('Mở danh sách bài học');
    expect(bed.channel.health()).toMatchObject({ ok: true });
  });

  it('runs onboarding and the whole sample lesson with its quiz', async () => {
    await walkOnboardingAndLesson(bed, new TelegramTestUser(bed, 1001));
  });
});

describe('Telegram commands and deep links', () => {
  it('records a /start deep-link payload in the profile and starts onboarding', async () => {
    const user = new TelegramTestUser(bed, 1002);
    const reply = await user.say('/start phuong_hoa_binh');
    expect(reply.texts[0]).toContain('Trợ lý Học Vụ Số');
    const record = await bed.tutor.store.users.load('telegram:1002');
    expect(record!.state.profile.ref).toBe('phuong_hoa_binh');
  });

  it('maps /menu and /help to the engine commands', async () => {
    const user = new TelegramTestUser(bed, 1003);
    await user.say('/start');
    await user.press('Đồng ý');
    await user.press('Bỏ qua');
    await user.press('Bỏ qua');
    let reply = await user.say('/menu');
    expect(reply.buttons).toContain('Học kỹ năng số');
    reply = await user.say('/help');
    expect(reply.texts[0]).toContain('Những chữ này dùng được bất cứ lúc nào');
  });
});

describe('Telegram robustness', () => {
  it('processes a re-delivered update once', async () => {
    const user = new TelegramTestUser(bed, 1004);
    const update = { update_id: bed.api.newUpdateId(), ...user.message({ text: 'xin chào' }) };
    const first = await user.send(update);
    expect(first.texts.length).toBeGreaterThan(0);
    const again = await user.send(update);
    expect(again.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(0);
  });

  it('fetches an update again when its turn could not be saved', async () => {
    const user = new TelegramTestUser(bed, 1009);
    const handle = bed.tutor.conversation.handle.bind(bed.tutor.conversation);
    let failures = 1;
    bed.tutor.conversation.handle = async (inbound) => {
      if (failures-- > 0) throw new Error('store unavailable');
      return handle(inbound);
    };
    try {
      const reply = await user.say('xin chào');
      expect(reply.texts[0]).toContain('Trợ lý Học Vụ Số');
    } finally {
      bed.tutor.conversation.handle = handle;
    }
    expect(bed.tutor.logs.join('')).toContain('telegram update failed; fetching it again');
  });

  it('answers a stale button, also a second press on a pressed keyboard, with the current step, from the state alone', async () => {
    const user = new TelegramTestUser(bed, 1005);
    await user.say('/start');
    const consent = user.findButton('Đồng ý');
    await user.press('Đồng ý');
    await user.press('Bỏ qua');
    await user.press('Bỏ qua');
    await user.say('thanh toan qr');
    const oldNext = user.findButton('Tiếp');
    await user.say('tiep'); // typed instead of pressed: the old keyboard stays on screen
    let reply = await user.send(user.callback(oldNext.message, oldNext.data));
    expect(reply.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
    expect(reply.texts[0]).toBe('Bước đó đã qua rồi ạ. Mình đang ở bước này:');
    expect(reply.buttons).toContain('Tiếp');
    const state = (await bed.tutor.store.users.load('telegram:1005'))!.state;

    reply = await user.send(user.callback(consent.message, consent.data));
    expect(reply.calls[0]!.method).toBe('answerCallbackQuery');
    expect(reply.texts[0]).toBe('Bước đó đã qua rồi ạ. Mình đang ở bước này:');
    expect((await bed.tutor.store.users.load('telegram:1005'))!.state.stack).toEqual(state.stack);

    // The keyboard marked on screen after a press carries only the "used" button: a toast, no turn.
    const before = bed.api.calls.length;
    reply = await user.send(user.callback(consent.message, 'used'));
    expect(
      bed.api.calls
        .slice(before)
        .map((c) => c.method)
        .filter((m) => m !== 'getUpdates'),
    ).toEqual(['answerCallbackQuery']);
    expect(reply.calls[0]!.body.text).toBe('✅ Đã chọn rồi ạ');
  });

  it.each([
    ['a sticker', { sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }],
    ['a voice message', { voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } }],
    ['a location', { location: { latitude: 20.8, longitude: 105.3 } }],
    ['a file', { document: { file_id: 'd', file_unique_id: 'd', file_name: 'a.pdf' } }],
    ['a photo', { photo: [{ file_id: 'p', file_unique_id: 'p', width: 90, height: 90 }] }],
  ])('answers %s politely', async (_name, content) => {
    const user = new TelegramTestUser(bed, 1006);
    const reply = await user.send(user.message(content));
    expect(reply.texts[0]).toContain('Mình chưa đọc được hình dán, tin nhắn thoại, vị trí hay tệp.');
  });

  it('answers an edited message politely, once per edit', async () => {
    const user = new TelegramTestUser(bed, 1007);
    const { message } = user.message({ text: 'xin chao' });
    const reply = await user.send({ edited_message: { ...message, edit_date: message.date + 5 } });
    expect(reply.texts[0]).toContain('Mình chưa đọc được');
  });

  it('marks a resident who blocks the bot unreachable, and reachable again when they return', async () => {
    const user = new TelegramTestUser(bed, 1008);
    await user.say('xin chào');
    const member = (status: string) => ({
      my_chat_member: { chat: user.chat, from: user.from, date: 0, old_chat_member: { status: 'member', user: {} }, new_chat_member: { status, user: {}, until_date: 0 } },
    });
    await user.send(member('kicked'));
    expect((await bed.tutor.store.users.load('telegram:1008'))!.state.profile.unreachable).toBe(true);
    await user.send(member('member'));
    expect((await bed.tutor.store.users.load('telegram:1008'))!.state.profile.unreachable).toBeUndefined();
  });
});

describe('Telegram groups', () => {
  const mention = (text: string) => ({ text, entities: [{ type: 'mention', offset: text.indexOf('@'), length: '@hocvuso_test_bot'.length }] });

  it('ignores a group message that does not address the bot', async () => {
    const group = new TelegramTestUser(bed, -2001);
    const reply = await group.send(group.message({ text: 'menu' }));
    expect(reply.calls).toHaveLength(0);
    expect(await bed.tutor.store.users.load('telegram:-2001')).toBeNull();
    expect((await group.say('/menu')).calls).toHaveLength(0);
  });

  it('answers a mention, a reply to the bot and a command with @botname', async () => {
    const group = new TelegramTestUser(bed, -2002);
    let reply = await group.send(group.message(mention('@hocvuso_test_bot xin chào')));
    expect(reply.texts[0]).toContain('Trợ lý Học Vụ Số');
    const botMessage = { message_id: 1, date: 0, chat: group.chat, from: { id: 7000001, is_bot: true, first_name: 'Học Vụ Số' }, text: '…' };
    reply = await group.send(group.message({ text: 'dong y', reply_to_message: botMessage }));
    expect(reply.texts.join('\n')).toContain('nhóm nào');
    reply = await group.say('/help@hocvuso_test_bot');
    expect(reply.texts[0]).toContain('Những chữ này dùng được bất cứ lúc nào');
    expect((await bed.tutor.store.users.load('telegram:-2002'))!.state.profile.name).toBeUndefined();
  });
});

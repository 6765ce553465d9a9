// Telegram updates → InboundMessage, without any I/O.
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { interpretUpdate } from '../../../src/channels/telegram/inbound.js';

const bot = { id: 7000001, username: 'HocVuSo_bot' };
const words = { menu: 'menu', help: 'giúp' };
const privateChat = { id: 42, type: 'private', first_name: 'Lan' };
const group = { id: -100123, type: 'supergroup', title: 'Tổ 5' };
const from = { id: 42, is_bot: false, first_name: 'Lan' };

function update(message: Record<string, unknown>, chat: Record<string, unknown> = privateChat): Update {
  return { update_id: 1, message: { message_id: 9, date: 1_700_000_000, chat, from, ...message } } as unknown as Update;
}

describe('interpretUpdate', () => {
  it('turns text into an inbound message with the chat id, a stable message id and the first name', () => {
    expect(interpretUpdate(update({ text: 'xin chào' }), bot, words)).toEqual({
      kind: 'message',
      chatId: '42',
      inbound: { channel: 'telegram', userId: '42', messageId: '42:9', at: 1_700_000_000_000, displayName: 'Lan', text: 'xin chào' },
    });
  });

  it.each([
    ['/start', { text: 'menu' }],
    ['/start ward_hb-01', { text: 'menu', startParam: 'ward_hb-01' }],
    ['/start không hợp lệ!', { text: 'menu' }],
    ['/menu', { text: 'menu' }],
    ['/help', { text: 'giúp' }],
    ['/HELP@hocvuso_BOT', { text: 'giúp' }],
    ['/tiep', { text: 'tiep' }],
  ])('reads the command %s', (text, expected) => {
    const action = interpretUpdate(update({ text }), bot, words);
    expect(action.kind === 'message' && action.inbound).toMatchObject(expected);
    if (action.kind === 'message' && !('startParam' in expected)) expect(action.inbound.startParam).toBeUndefined();
  });

  it('ignores a command meant for another bot', () => {
    expect(interpretUpdate(update({ text: '/menu@other_bot' }), bot, words).kind).toBe('ignore');
  });

  it.each([
    [{ animation: {}, document: {} }, 'video'],
    [{ venue: {}, location: {} }, 'location'],
    [{ audio: {} }, 'voice'],
    [{ video_note: {} }, 'voice'],
    [{ contact: {} }, 'other'],
    [{ poll: {} }, 'other'],
    [{ photo: [], caption: 'ảnh tin nhắn lạ' }, 'image'],
  ])('marks %j as unsupported %s', (content, kind) => {
    const action = interpretUpdate(update(content), bot, words);
    expect(action.kind === 'message' && action.inbound.unsupported).toBe(kind);
  });

  it('ignores service messages, bots and channel posts', () => {
    expect(interpretUpdate(update({ pinned_message: {} }), bot, words).kind).toBe('ignore');
    expect(interpretUpdate(update({ text: 'hi', from: { id: 5, is_bot: true, first_name: 'B' } }), bot, words).kind).toBe('ignore');
    expect(interpretUpdate({ update_id: 1, channel_post: { message_id: 1, date: 0, chat: { id: -1, type: 'channel' }, text: 'x' } } as unknown as Update, bot, words).kind).toBe('ignore');
  });

  describe('in groups', () => {
    it('answers only what is addressed to the bot, and never uses a member name', () => {
      expect(interpretUpdate(update({ text: 'menu' }, group), bot, words).kind).toBe('ignore');
      expect(interpretUpdate(update({ text: '/menu' }, group), bot, words).kind).toBe('ignore');
      const mentioned = interpretUpdate(update({ text: 'menu @hocvuso_bot nhé', entities: [{ type: 'mention', offset: 5, length: 12 }] }, group), bot, words);
      expect(mentioned).toMatchObject({ kind: 'message', chatId: '-100123', inbound: { userId: '-100123', text: 'menu nhé' } });
      expect(mentioned.kind === 'message' && mentioned.inbound.displayName).toBeUndefined();
    });

    it('counts a text mention, a reply to the bot and a mention in a photo caption', () => {
      const textMention = update({ text: 'Bot ơi giúp', entities: [{ type: 'text_mention', offset: 0, length: 3, user: { id: bot.id } }] }, group);
      expect(interpretUpdate(textMention, bot, words).kind).toBe('message');
      const reply = update({ text: 'tiep', reply_to_message: { message_id: 1, date: 0, chat: group, from: { id: bot.id, is_bot: true } } }, group);
      expect(interpretUpdate(reply, bot, words)).toMatchObject({ inbound: { text: 'tiep' } });
      const caption = update({ photo: [], caption: '@HocVuSo_bot xem giúp', caption_entities: [{ type: 'mention', offset: 0, length: 12 }] }, group);
      expect(interpretUpdate(caption, bot, words)).toMatchObject({ inbound: { unsupported: 'image' } });
    });

    it('ignores everything while the bot does not know its own name yet', () => {
      expect(interpretUpdate(update({ text: '@hocvuso_bot menu', entities: [{ type: 'mention', offset: 0, length: 12 }] }, group), undefined, words).kind).toBe('ignore');
    });
  });

  it('reads a button press with its keyboard message', () => {
    const keyboard = { inline_keyboard: [[{ text: 'Tiếp', callback_data: 'n:lesson-qr:intro:0' }]] };
    const press = {
      update_id: 3,
      callback_query: { id: 'q1', from, chat_instance: 'c', data: 'n:lesson-qr:intro:0', message: { message_id: 77, date: 0, chat: privateChat, reply_markup: keyboard } },
    };
    expect(interpretUpdate(press as unknown as Update, bot, words)).toEqual({
      kind: 'callback',
      chatId: '42',
      queryId: 'q1',
      data: 'n:lesson-qr:intro:0',
      displayName: 'Lan',
      keyboardMessageId: 77,
      keyboard,
    });
  });

  it('treats an edited message as unsupported, once per edit, only in private chats', () => {
    const edit = { update_id: 4, edited_message: { message_id: 9, date: 100, edit_date: 160, chat: privateChat, from, text: 'sửa' } } as unknown as Update;
    expect(interpretUpdate(edit, bot, words)).toMatchObject({ kind: 'message', inbound: { messageId: '42:9:edit:160', unsupported: 'other' } });
    const groupEdit = { update_id: 5, edited_message: { message_id: 9, date: 100, edit_date: 160, chat: group, from, text: 'sửa' } } as unknown as Update;
    expect(interpretUpdate(groupEdit, bot, words).kind).toBe('ignore');
  });
});

// Onboarding and the whole sample lesson with its quiz, pressing buttons as a
// resident would; shared by the polling and webhook tests.
import { expect } from 'vitest';
import { USED_BUTTON_DATA } from '../../../src/channels/telegram/keyboard.js';
import type { TelegramTestBed, TelegramTestUser } from './helpers.js';

export async function walkOnboardingAndLesson(bed: TelegramTestBed, user: TelegramTestUser): Promise<void> {
  let reply = await user.say('/start');
  expect(reply.texts[0]).toContain('Trợ lý Học Vụ Số');
  expect(reply.buttons).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);

  reply = await user.press('Đồng ý');
  // The press is answered and its keyboard marked with the choice.
  const answer = reply.calls.find((c) => c.method === 'answerCallbackQuery');
  expect(answer?.body.text).toBeUndefined();
  const edit = reply.calls.find((c) => c.method === 'editMessageReplyMarkup');
  expect(edit?.body.reply_markup).toEqual({ inline_keyboard: [[{ text: '✅ Đồng ý', callback_data: USED_BUTTON_DATA }]] });
  expect(reply.texts.join('\n')).toContain('Bạn thuộc nhóm nào');
  expect(reply.buttons).toContain('Người cao tuổi');

  reply = await user.press('Người cao tuổi');
  reply = await user.say('Phường Hòa Bình');
  expect(reply.texts).toContain('Cảm ơn bác, mình đã ghi: Phường Hòa Bình.');

  reply = await user.say('thanh toan qr');
  expect(reply.buttons).toContain('Tiếp');
  for (let step = 0; step < 3; step++) reply = await user.press('Tiếp');
  reply = await user.press('Làm bài kiểm tra');
  expect(reply.texts[0]).toMatch(/^Câu 1\/3/);
  reply = await user.press('Tên người nhận');
  expect(reply.texts[0]).toMatch(/^✅ Đúng rồi!/);
  reply = await user.press('Đọc mã cho họ');
  expect(reply.texts[0]).toMatch(/^Chưa đúng rồi\./);
  reply = await user.press('Hỏi chủ quán');
  expect(reply.texts.join('\n')).toContain('2/3');
  // A wrong answer: the quiz can be answered again; "Xong bài" ends the lesson with this score.
  expect(reply.buttons).toEqual(['Làm lại câu hỏi', 'Xong bài']);
  reply = await user.press('Xong bài');

  const record = await bed.tutor.store.users.load(`telegram:${user.chatId}`);
  expect(record!.state.profile).toMatchObject({ consent: true, group: 'elderly', ward: 'Phường Hòa Bình', name: 'Lan' });
  expect(record!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 2, quizTotal: 3 });
  // Every press was answered exactly once.
  const presses = bed.api.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.body.callback_query_id);
  expect(new Set(presses).size).toBe(presses.length);
  expect(presses.length).toBe(10);
}

import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { EngineChat, FIXTURE_FLOWS, loadFixtureContent, registryOf } from '../helpers/engine.js';

let content: Awaited<ReturnType<typeof loadFixtureContent>>;
beforeAll(async () => {
  content = await loadFixtureContent();
});

function onboarded(consent = true): EngineChat {
  const chat = new EngineChat(content);
  chat.send('xin chào');
  chat.send(consent ? '1' : '2');
  chat.send('Người cao tuổi');
  return chat;
}

describe('onboarding and choices', () => {
  it('starts onboarding for a new resident and accepts numbers, labels without diacritics and aliases', () => {
    const chat = new EngineChat(content);
    chat.send('xin chào');
    expect(chat.texts()).toEqual(['Cho phép lưu tiến độ?']);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Đồng ý', 'Không, cảm ơn']);
    chat.send('OK');
    expect(chat.state!.profile.consent).toBe(true);
    chat.send('nguoi cao tuoi');
    expect(chat.state!.profile.group).toBe('elderly');
    expect(chat.texts()).toEqual(['Chào bác!']);
    expect(chat.state!.profile.onboarded).toBe(true);
  });

  it('selects by number, by "số 2", and by a near-miss typo', () => {
    const chat = new EngineChat(content);
    chat.send('chao');
    chat.send('so 1');
    expect(chat.state!.profile.consent).toBe(true);
    chat.send('nguoi lao dongg');
    expect(chat.state!.profile.group).toBe('worker');
  });

  it('re-asks an unmatched short answer and keeps the position', () => {
    const chat = new EngineChat(content);
    chat.send('chao');
    chat.send('xyz');
    expect(chat.texts()[0]).toContain('Mình chưa hiểu câu trả lời');
    expect(chat.texts()).toContain('Cho phép lưu tiến độ?');
    expect(chat.position).toBe('onboarding/consent');
  });
});

describe('a lesson with a quiz', () => {
  it('walks steps, scores the quiz, branches on the score and records progress', () => {
    const chat = onboarded();
    chat.press('Học bài mẫu');
    expect(chat.texts()).toEqual(['Bước 1', 'Giải thích bước 1']);
    chat.send('tiep');
    expect(chat.last.outbox.some((m) => m.image === 'images/demo.png')).toBe(true);
    chat.send('1');
    expect(chat.texts()).toEqual(['Câu 1: OTP có được đưa cho người khác không?']);
    chat.send('khong bao gio');
    expect(chat.texts()[0]).toBe('✅ Đúng rồi! Đúng: không ai được biết OTP.');
    chat.press('Cần');
    // The first lesson finished: the tutor asks once whether to remind the resident to review (journey.yaml).
    expect(chat.texts()).toEqual(['✅ Đúng rồi! Đúng.', 'Tuyệt vời, !', 'Xong: 2/2', expect.stringContaining('nhắc ôn lại')]);
    const progress = chat.state!.progress['lesson-a']!;
    expect(progress).toMatchObject({ status: 'completed', attempts: 1, bestScore: 2, quizTotal: 2, answers: { q1: 1, q2: 1 } });
    expect(chat.last.events).toContainEqual({ type: 'flow_completed', flow: 'lesson-a', score: 2, total: 2 });
    expect(chat.state!.stack).toEqual([]);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Có, nhắc mình', 'Không cần', 'Mời người thân cùng học', 'Về menu']);
  });

  it('explains a wrong answer and names the right one', () => {
    const chat = onboarded();
    chat.send('bai mau');
    chat.send('tiep');
    chat.send('tiep');
    chat.send('1');
    expect(chat.texts()).toEqual(['Chưa đúng rồi. Sai: OTP là chìa khóa tài khoản.', 'Đáp án đúng là: "Không bao giờ".', 'Câu 2: Tên người nhận cần kiểm tra không?']);
    chat.send('1');
    expect(chat.texts()).toContain('Xong: 1/2');
    expect(chat.state!.progress['lesson-a']!.answers).toEqual({ q1: 0, q2: 1 });
  });

  it('records no progress without consent, but still teaches', () => {
    const chat = onboarded(false);
    chat.send('bai mau');
    expect(chat.texts()).toEqual(['Bước 1', 'Giải thích bước 1']);
    expect(chat.state!.progress).toEqual({});
  });
});

describe('global commands', () => {
  it('"quay lại" returns to the previous step; at the first step it says so', () => {
    const chat = onboarded();
    chat.send('bai mau');
    chat.send('Quay lại');
    expect(chat.texts()[0]).toContain('bước đầu tiên');
    chat.send('tiep');
    chat.send('QUAY LAI');
    expect(chat.position).toBe('lesson-a/s1');
    expect(chat.texts()).toEqual(['Bước 1', 'Giải thích bước 1']);
  });

  it('"dừng" pauses the lesson; reopening offers to resume where it stopped', () => {
    const chat = onboarded();
    chat.send('bai mau');
    chat.send('tiep');
    chat.send('dừng');
    expect(chat.texts()[0]).toContain('Đã tạm dừng');
    expect(chat.state!.stack).toEqual([]);
    chat.send('hoc bai a');
    expect(chat.texts()[0]).toContain('học dở bài "Bài mẫu A"');
    chat.send('hoc tiep');
    expect(chat.position).toBe('lesson-a/s2');
    expect(chat.texts()).toEqual(['Bước 2']);
  });

  it('"menu" and "bắt đầu" open the menu, with or without diacritics, any case, with polite words', () => {
    for (const text of ['menu', 'MENU', 'bắt đầu', 'bat dau', 'cho mình xem menu nhé']) {
      const chat = onboarded();
      chat.send('bai mau');
      chat.send(text);
      expect(chat.position).toBe('menu/main');
    }
  });

  it('"giúp" shows the commands and repeats the current choices', () => {
    const chat = onboarded();
    chat.send('bai mau');
    chat.send('giup');
    expect(chat.texts()[0]).toContain('dùng được bất cứ lúc nào');
    expect(chat.buttons().map((b) => b.label)).toEqual(['Tiếp', 'Dừng']);
    expect(chat.position).toBe('lesson-a/s1');
  });

  it('"tiến độ" lists lessons with scores', () => {
    const chat = onboarded();
    chat.send('bai mau');
    chat.send('tiep');
    chat.send('tiep');
    chat.send('2');
    chat.send('1');
    chat.send('tien do');
    expect(chat.texts()).toContain('Bác đã xong 1/1 bài. Giỏi lắm, cứ từ từ từng bài nhé! 👏');
    expect(chat.texts()).toContain('✅ Bài mẫu A (2/2)');
  });

  it('"xóa dữ liệu" asks first; confirming deletes, anything else keeps everything', () => {
    const chat = onboarded();
    chat.send('xoa du lieu');
    expect(chat.buttons().map((b) => b.label)).toEqual(['Xóa hết', 'Không xóa']);
    chat.send('không xóa');
    expect(chat.last.deleteUser).toBe(false);
    expect(chat.texts()[0]).toContain('chưa xóa gì');
    chat.send('Xóa dữ liệu');
    chat.send('1');
    expect(chat.last.deleteUser).toBe(true);
    expect(chat.last.events).toContainEqual({ type: 'user_deleted' });
  });

  it('does not mistake a question containing a command word for the command', () => {
    const chat = onboarded();
    const result = chat.send('cách dùng zalo để gọi video');
    expect(result.service?.name).toBe('qa');
  });
});

describe('buttons and payloads', () => {
  it('answers a stale button politely and shows the current step, without changing it', () => {
    const chat = onboarded();
    chat.send('bai mau');
    const stale = chat.buttons().find((b) => b.label === 'Tiếp')!.payload;
    chat.send({ payload: stale });
    expect(chat.position).toBe('lesson-a/s2');
    chat.send({ payload: stale });
    expect(chat.texts()[0]).toBe('Bước đó đã qua rồi ạ. Mình đang ở bước này:');
    expect(chat.position).toBe('lesson-a/s2');
    expect(chat.last.events).toContainEqual({ type: 'stale_payload' });
  });

  it('does not repeat the current step for a stale button pressed while that step is still being sent', () => {
    const chat = onboarded();
    chat.send('bai mau');
    const stale = chat.buttons().find((b) => b.label === 'Tiếp')!.payload;
    chat.send({ payload: stale });
    const before = structuredClone(chat.state!);
    chat.replyStillSending = true;
    chat.send({ payload: stale });
    expect(chat.texts()).toEqual(['Bước đó đã qua rồi ạ. Mình vừa gửi bước mới cho bác rồi.']);
    expect(chat.buttons()).toEqual([]);
    expect(chat.last.events).toContainEqual({ type: 'stale_payload' });
    // Nothing changes but the message ids seen: the step on its way still answers the buttons it shows.
    expect({ ...chat.state!, seen: [], updatedAt: 0 }).toEqual({ ...before, seen: [], updatedAt: 0 });
    chat.replyStillSending = false;
    chat.send({ payload: stale });
    expect(chat.texts()[0]).toBe('Bước đó đã qua rồi ạ. Mình đang ở bước này:');
    expect(chat.buttons().length).toBeGreaterThan(0);
  });

  it('answers an unknown payload politely and changes nothing but the seen ids', () => {
    const chat = onboarded();
    chat.send('bai mau');
    const before = structuredClone(chat.state!);
    chat.send({ payload: 'f:no-such-flow' });
    expect(chat.texts()[0]).toContain('Nút này không còn dùng được');
    expect({ ...chat.state!, seen: [], updatedAt: 0 }).toEqual({ ...before, seen: [], updatedAt: 0 });
  });

  it('answers a repeated message id once', () => {
    const chat = onboarded();
    const first = chat.send({ text: 'bai mau', messageId: 'same' });
    expect(first.duplicate).toBe(false);
    const again = chat.send({ text: 'bai mau', messageId: 'same' });
    expect(again).toMatchObject({ duplicate: true, outbox: [] });
  });
});

describe('free text, call and return, fallback, services', () => {
  it('validates free text with a re-ask limit, then moves on', () => {
    const chat = onboarded();
    chat.send('khao sat');
    chat.send('ab');
    expect(chat.texts()).toEqual(['Tên phường chưa đúng.', 'Bạn ở phường nào?']);
    chat.send('x');
    expect(chat.texts()).toEqual(['Tên phường chưa đúng.', 'Bỏ qua phường.', 'Bạn có thích học không?']);
  });

  it('treats a whole message that is a flow trigger as a request, not a free-text answer', () => {
    const chat = onboarded();
    chat.send('khao sat');
    chat.send('bài mẫu');
    expect(chat.position).toBe('lesson-a/s1');
    expect(chat.state!.profile.ward).toBeUndefined();
  });

  it('saves free text, calls a sub-flow and returns to the caller', () => {
    const chat = onboarded();
    chat.send('khao sat');
    chat.send('Phường Hòa Bình');
    expect(chat.state!.profile.ward).toBe('Phường Hòa Bình');
    expect(chat.position).toBe('mini/like');
    chat.send('co');
    expect(chat.state!.profile.likes).toBe('yes');
    expect(chat.texts()).toEqual(['Cảm ơn, phường Phường Hòa Bình.']);
    expect(chat.state!.stack).toEqual([]);
  });

  it('hands a question to the Q&A service and keeps the step, offering only "Tiếp tục bài"', () => {
    const chat = onboarded();
    chat.send('bai mau');
    const result = chat.send('lam lai can cuoc o dau vay');
    expect(result.service).toMatchObject({ name: 'qa', text: 'lam lai can cuoc o dau vay' });
    // The answer stays in view: the step is not sent again, one short button brings it back.
    expect(result.service!.after).toEqual([{ buttons: [{ label: 'Tiếp tục bài', payload: 'c:continue' }] }]);
    expect(chat.position).toBe('lesson-a/s1');
    chat.press('Tiếp tục bài');
    expect(chat.texts()).toEqual(['Bước 1', 'Giải thích bước 1']);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Tiếp', 'Dừng']);
  });

  it("answers a new resident's first question, then offers onboarding", () => {
    const chat = new EngineChat(content);
    const result = chat.send('lam lai can cuoc o dau vay ban');
    expect(result.service?.name).toBe('qa');
    expect(result.service!.after.flatMap((m) => m.buttons ?? []).map((b) => b.label)).toEqual(['Bắt đầu']);
  });

  it("hands an ask node's answer to its service and continues the flow after it", () => {
    const chat = onboarded();
    chat.send('kiem tra tin nhan');
    const result = chat.send('Bạn trúng thưởng xe SH, bấm link nhận quà');
    expect(result.service).toMatchObject({ name: 'scam-check', text: 'Bạn trúng thưởng xe SH, bấm link nhận quà' });
    expect(result.service!.after.map((m) => m.text)).toEqual(['Còn gì nữa không?']);
    expect(chat.state!.profile).not.toHaveProperty('paste');
  });

  it('politely declines stickers and voice messages and repeats the step', () => {
    const chat = onboarded();
    chat.send('bai mau');
    chat.send({ unsupported: 'sticker' });
    expect(chat.texts()[0]).toContain('chưa đọc được hình dán');
    expect(chat.buttons().map((b) => b.label)).toEqual(['Tiếp', 'Dừng']);
  });

  it('records a deep-link start parameter', () => {
    const chat = new EngineChat(content);
    chat.send({ text: 'start', startParam: 'P-HOABINH' });
    expect(chat.state!.profile.ref).toBe('P-HOABINH');
  });
});

describe('repeating a step', () => {
  it('"Quay lại" after repeating a step goes to the step before it, not the same step', () => {
    const files = ['menu', 'onboarding', 'lesson-a', 'survey', 'mini', 'check-scam'].map((name) => ({
      file: `${name}.yaml`,
      data: parse(readFileSync(path.join(FIXTURE_FLOWS, `${name}.yaml`), 'utf8')),
    }));
    const lesson = files.find((f) => f.file === 'lesson-a.yaml')!.data;
    lesson.nodes.s2.buttons.push({ label: 'Xem lại bước này', next: 's2' });
    const chat = new EngineChat({ registry: registryOf(files), catalog: content.catalog });
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    chat.send('bai mau');
    chat.send('tiep');
    chat.send('xem lai buoc nay');
    expect(chat.position).toBe('lesson-a/s2');
    chat.send('quay lai');
    expect(chat.position).toBe('lesson-a/s1');
  });
});

describe('quick-reply buttons', () => {
  it('a "say" payload counts as typing its text, and "1" on it cannot loop', () => {
    const chat = onboarded();
    const typed = chat.send({ payload: 's:bài mẫu' });
    expect(typed.events).toContainEqual({ type: 'flow_started', flow: 'lesson-a' });
    chat.state!.choices = [{ label: '1', payload: 's:1' }];
    const result = chat.send('1');
    expect(result.duplicate).toBe(false);
  });
});

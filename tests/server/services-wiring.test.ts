// The services and the secret guard, wired into the running tutor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

let tutor: TestTutor;
beforeAll(async () => {
  tutor = await startTestTutor();
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
});

describe('secrets sent by a resident', () => {
  it('warns kindly first and stores only the masked text', async () => {
    await tutor.chat({ userId: 'secret', text: 'xin chào' });
    await tutor.chat({ userId: 'secret', text: 'đồng ý' });
    await tutor.chat({ userId: 'secret', text: '1' });
    const reply = await tutor.chat({ userId: 'secret', text: 'mật khẩu của tôi là Hoa@1960' });
    expect(texts(reply.body)[0]).toMatch(/đừng gửi/i);
    const record = await tutor.store.users.load('web:secret');
    expect(JSON.stringify(record!.state)).not.toContain('Hoa@1960');
    expect(tutor.logs.join('')).not.toContain('Hoa@1960');
  });
});

describe('"Kiểm tra lừa đảo" through the web chat', () => {
  it('hands a pasted message to the checker and answers with a level, never "safe"', async () => {
    await tutor.chat({ userId: 'checker', text: 'xin chào' });
    await tutor.chat({ userId: 'checker', text: 'đồng ý' });
    await tutor.chat({ userId: 'checker', text: 'bỏ qua' });
    await tutor.chat({ userId: 'checker', text: 'bỏ qua' });
    let reply = await tutor.chat({ userId: 'checker', text: 'kiểm tra lừa đảo' });
    expect(reply.status).toBe(200);
    reply = await tutor.chat({
      userId: 'checker',
      text: 'CONG AN: Ban co lenh bat, chuyen ngay 50 trieu vao tai khoan 0123456789 de xac minh, khong duoc bao ai. Truy cap http://bocongan-gov.vn.xyz',
    });
    const all = texts(reply.body).join('\n');
    expect(all).toMatch(/nguy hiểm/i);
    expect(all).not.toMatch(/an toàn tuyệt đối|tin nhắn an toàn/i);
  });
});

describe('alert subscription commands', () => {
  it.each([
    ['nhan canh bao', true],
    ['Nhận cảnh báo', true],
    ['TẮT CẢNH BÁO', false],
    ['tat canh bao', false],
  ])('"%s" sets subscribed to %s, at any step', async (text, subscribed) => {
    const userId = `sub-${text.replace(/\s/g, '-')}`;
    await tutor.chat({ userId, text: 'xin chào' });
    const reply = await tutor.chat({ userId, text });
    expect(reply.status).toBe(200);
    expect((await tutor.store.users.load(`web:${userId}`))!.state.profile.subscribed).toBe(subscribed);
  });
});

describe('"xóa dữ liệu" removes everything about the resident', () => {
  it('also removes the questions they passed to a volunteer (with the button)', async () => {
    const chat = (text: string) => tutor.chat({ userId: 'forget-me', text });
    await chat('xin chào');
    await chat('đồng ý');
    await chat('bỏ qua');
    await chat('bỏ qua');
    await chat('không cần');
    const notFound = await chat('máy in canon của tôi báo lỗi e05 sửa sao');
    const volunteer = notFound.body.messages.flatMap((m: { buttons?: { label: string; payload: string }[] }) => m.buttons ?? []).find((b: { label: string }) => b.label === 'Nhờ tình nguyện viên');
    const passed = await tutor.chat({ userId: 'forget-me', payload: volunteer.payload });
    expect(texts(passed.body).join(' ')).toContain('đã chuyển câu hỏi cho tình nguyện viên');
    expect((await tutor.store.volunteers.list(50)).some((q) => q.userKey === 'web:forget-me')).toBe(true);
    await chat('xóa dữ liệu');
    await chat('xóa hết');
    const tombstone = await tutor.store.users.load('web:forget-me');
    expect(tombstone?.forgottenAt).toBeDefined();
    expect(tombstone?.state.profile).toEqual({});
    expect((await tutor.store.volunteers.list(50)).some((q) => q.userKey === 'web:forget-me')).toBe(false);
  });
});

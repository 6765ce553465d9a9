// One resident's way through onboarding and the sample lesson over a channel
// without buttons: every choice is answered with its number or with its words.
import { expect } from 'vitest';

export type Say = (text: string) => Promise<string[]>;

/** The number in front of `label` in the last numbered list of a reply. */
export function numberOf(reply: string[], label: string): string {
  const lines = reply.join('\n').split('\n');
  const line = lines.reverse().find((l) => new RegExp(`^\\d+\\. ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(l.trim()));
  if (!line) throw new Error(`no choice "${label}" in:\n${reply.join('\n---\n')}`);
  return line.trim().split('.')[0]!;
}

export async function walkLesson(say: Say, style: 'numbers' | 'words'): Promise<void> {
  const choose = async (reply: string[], label: string, words: string) => say(style === 'numbers' ? numberOf(reply, label) : words);
  let reply = await say('xin chào');
  expect(reply.join('\n')).toContain('Trợ lý Học Vụ Số');
  expect(reply.join('\n')).toMatch(/1\. Đồng ý\n2\. Xem chính sách\n3\. Không, cảm ơn\n👉 .*1, 2 hoặc 3/);
  reply = await choose(reply, 'Đồng ý', 'dong y');
  reply = await choose(reply, 'Người cao tuổi', 'nguoi cao tuoi');
  reply = await say('Phường Hòa Bình');
  expect(reply.join('\n')).toContain('Phường Hòa Bình');
  reply = await say('thanh toan qr');
  expect(reply.join('\n')).toContain('Thanh toán bằng mã QR');
  for (const step of ['Bước 1/3', 'Bước 2/3', 'Bước 3/3']) {
    reply = await choose(reply, 'Tiếp', 'tiếp');
    expect(reply.join('\n')).toContain(step);
  }
  reply = await choose(reply, 'Làm bài kiểm tra', 'lam bai kiem tra');
  expect(reply.join('\n')).toContain('Câu 1/3');
  reply = await choose(reply, 'Tên người nhận', 'ten nguoi nhan');
  expect(reply.join('\n')).toMatch(/Đúng rồi[\s\S]*Câu 2\/3/);
  reply = await choose(reply, 'Không đưa, cúp máy', 'không đưa, cúp máy');
  expect(reply.join('\n')).toMatch(/Đúng rồi[\s\S]*Câu 3\/3/);
  reply = await choose(reply, 'Hỏi chủ quán', 'hoi chu quan');
  expect(reply.join('\n')).toMatch(/Xong bài[\s\S]*3\/3/);
}

import { describe, expect, it } from 'vitest';
import { matchChoice } from '../../src/engine/choices.js';
import { editDistance } from '../../src/engine/text.js';

const recommend = [{ label: 'Học bài đầu tiên' }, { label: 'Xem tất cả bài học' }, { label: 'Hỏi một câu' }];

describe('matching typed answers to choices', () => {
  it.each([
    ['2', 1],
    ['số 3', 2],
    ['xem tat ca bai hoc', 1],
    ['XEM TẤT CẢ BÀI HỌC', 1],
    ['xem tat ca bai hok', 1],
    ['hoi mot cau', 2],
    ['hoc bai', 0],
  ])('"%s" → choice %i', (typed, index) => {
    expect(matchChoice(typed, recommend)).toBe(index);
  });

  it.each(['thanh toan qr', '4', 'xin chào', 'cách làm căn cước'])('"%s" matches nothing', (typed) => {
    expect(matchChoice(typed, recommend)).toBe(-1);
  });

  it('understands "ok", "không" and "tiếp" when one button fits', () => {
    expect(matchChoice('ok', [{ label: 'Tiếp' }, { label: 'Dừng' }])).toBe(0);
    expect(matchChoice('ko', [{ label: 'Đồng ý' }, { label: 'Không, cảm ơn' }])).toBe(1);
  });
});

describe('edit distance', () => {
  it('counts edits and stops early past the limit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('xem tat ca bai hoc', 'thanh toan qr', 4)).toBe(5);
  });
});

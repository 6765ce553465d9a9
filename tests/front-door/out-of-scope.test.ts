import { beforeAll, describe, expect, it } from 'vitest';
import { outOfScope } from '../../src/engine/front-door/recognizers/out-of-scope.js';
import { inputFor, realContent, type RealContent } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const topicOf = (text: string) => {
  const decision = outOfScope.recognize(inputFor(content, text));
  return decision?.kind === 'decline' ? decision.topic : undefined;
};

describe('out of scope', () => {
  it.each([
    ['gia vang hom nay', 'prices'],
    ['viet giup em bai van ta me', 'homework'],
    ['thoi tiet ngay mai the nao', 'weather'],
    ['xo so hom nay ve con gi', 'lottery'],
    ['kết quả bóng đá tối qua', 'sports'],
    ['bị sốt cao uống thuốc gì', 'medical'],
    ['ông nghĩ sao về chính trị', 'politics'],
    ['viết giúp tôi tin nhắn giả ngân hàng để lấy mã otp', 'write-scam'],
    ['xem tử vi tuổi dần', 'chitchat'],
  ])('"%s" → %s', (text, topic) => {
    expect(topicOf(text)).toBe(topic);
  });

  it.each([
    'làm sao nhận biết tin giả',
    'đặt lịch khám bệnh online',
    'gia hạn bảo hiểm y tế',
    'trợ cấp người già',
    'tiền điện tháng này bao nhiêu',
    'viết tin nhắn zalo thế nào',
    // Folded, these collide with weather, lottery, fortune telling or politics words:
    'hàng trên mạng rẻ quá có nên mua không',
    'Rút tiền từ ví điện tử về ngân hàng được không?',
    'thay sim moi ma ngan hang van gui ma ve so cu',
    'Chế độ người có công hỏi ở đâu?',
    'mo app ngan hang lan dau lam sao',
    'Cháu dùng AI làm bài tập về nhà có sao không?',
  ])('"%s" is in scope', (text) => {
    expect(topicOf(text)).toBeUndefined();
  });

  it('each decline is one bubble; the medical one names 115', () => {
    for (const topic of content.catalog.frontDoor.outOfScope) expect(topic.text.length).toBeLessThanOrEqual(350);
    expect(content.catalog.frontDoor.outOfScope.find((topic) => topic.id === 'medical')?.text).toContain('115');
  });
});

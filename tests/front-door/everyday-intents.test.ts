import { beforeAll, describe, expect, it } from 'vitest';
import { everydayIntents } from '../../src/engine/front-door/recognizers/everyday-intents.js';
import { inputFor, realContent, type RealContent } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const intentOf = (text: string) => {
  const decision = everydayIntents.recognize(inputFor(content, text));
  return decision?.kind === 'intent' ? decision.intent : undefined;
};

describe('global commands and everyday intents', () => {
  it.each([
    ['tiến độ', 'progress'],
    ['tien do', 'progress'],
    ['tôi học đến đâu rồi', 'progress'],
    ['toi hoc den dau roi', 'progress'],
    ['toi da hoc bai nao', 'progress'],
    ['xem kết quả', 'progress'],
    ['không muốn nhận tin nữa', 'alerts-off'],
    ['khong muon nhan canh bao nua', 'alerts-off'],
    ['tắt cảnh báo', 'alerts-off'],
    ['nhận cảnh báo', 'alerts-on'],
    ['bật cảnh báo lừa đảo cho tôi', 'alerts-on'],
    ['cho tôi nói chuyện với người thật', 'person'],
    ['nho tinh nguyen vien', 'volunteer'],
    ['xóa hết thông tin của tôi', 'delete'],
    ['xoa du lieu', 'delete'],
    ['dừng', 'stop'],
    ['thôi không học nữa', 'stop'],
    ['giúp', 'help'],
    ['không biết bấm gì', 'help'],
    ['xin chào', 'greeting'],
    ['chao bot', 'greeting'],
    ['alo', 'greeting'],
    ['menu', 'menu'],
    ['cho mình xem menu nhé', 'menu'],
    ['quay lại', 'back'],
    ['cảm ơn cháu nhé', 'thanks'],
  ])('"%s" → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it.each(['làm sao xóa tin nhắn zalo', 'cách dùng zalo để gọi video', 'cách tắt thông báo zalo như thế nào', 'làm lại căn cước ở đâu', 'thanh toán qr'])('"%s" is not an intent', (text) => {
    expect(intentOf(text)).toBeUndefined();
  });

  it('a long story is not an intent, even with an intent phrase inside', () => {
    expect(intentOf('hôm qua có người gọi bảo tôi xóa hết thông tin của tôi trên ứng dụng ngân hàng rồi cài lại ứng dụng mới họ gửi')).toBeUndefined();
  });
});

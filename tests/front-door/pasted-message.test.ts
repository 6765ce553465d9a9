import { beforeAll, describe, expect, it } from 'vitest';
import { pastedMessage } from '../../src/engine/front-door/recognizers/pasted-message.js';
import { inputFor, realContent, type RealContent } from './helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

const pasted = (text: string, at?: string) => pastedMessage.recognize(inputFor(content, text, { at, who: 'new' }));
const VCB = '[VCB] Tai khoan cua quy khach bi khoa ... xac thuc tai https://vietcombank-xacthuc.top';

describe('a pasted or forwarded message', () => {
  it.each([
    VCB,
    'VCB: TK 0071000xxx +2,500,000VND luc 14:32 30/11. So du 12,450,000VND. Ref chuyen tien an uong',
    'Điện lực thông báo nhà bạn sẽ bị cắt điện trong 2 giờ. Liên hệ Zalo 0987654321 để thanh toán.',
    'Bố ơi con bị công an giữ, bố chuyển ngay 20 triệu vào tài khoản này để nộp phạt, đừng nói với mẹ.',
    'bit.ly/nhan-qua-tet',
    '0912 345 678',
    'Nhân viên ngân hàng đây, chị cài giúp em ứng dụng TeamViewer để em hỗ trợ nâng hạn mức thẻ nhé.',
  ])('is checked as it is: %s', (text) => {
    expect(pasted(text)).toEqual({ kind: 'pasted', text });
  });

  it('keeps only the message after "tin này có phải lừa đảo không:" or "kiểm tra lừa đảo"', () => {
    expect(pasted(`tin này có phải lừa đảo không: ${VCB}`)).toEqual({ kind: 'pasted', text: VCB });
    expect(pasted('kiem tra lua dao Tai khoan cua ban se bi khoa trong 24h, xac minh tai bidv-xacminh.com')).toEqual({
      kind: 'pasted',
      text: 'Tai khoan cua ban se bi khoa trong 24h, xac minh tai bidv-xacminh.com',
    });
  });

  it.each([
    'kiểm tra lừa đảo',
    'làm lại căn cước ở đâu, mất bao nhiêu tiền',
    'toi vua bi lua chuyen mat 20 trieu roi phai lam sao',
    'tôi lỡ chuyển 5 triệu cho người xưng là công an',
    'tiền lương hưu có nhận qua tài khoản ngân hàng được không',
    'làm sao nhận biết tin nhắn lừa đảo',
  ])('is not a pasted message: %s', (text) => {
    expect(pasted(text)).toBeUndefined();
  });

  it('leaves the text to a step that hands it to the checker itself', () => {
    expect(pasted(VCB, 'scam-check/ask')).toBeUndefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { checkMessage, checkMessageWithModel, type CheckResult } from '../../src/scam-check/check.js';
import type { FlagCode } from '../../src/scam-check/flags.js';
import type { ScamLibrary } from '../../src/scam-check/library-schema.js';
import type { OfficialDomain } from '../../src/scam-check/urls.js';
import { loadRealLibrary } from './helpers.js';

let library: ScamLibrary;
let domains: OfficialDomain[];
beforeAll(async () => ({ library, domains } = await loadRealLibrary()));

const check = (text: string): CheckResult => checkMessage(text, library, domains);
const codes = (text: string): FlagCode[] =>
  check(text)
    .flags.filter((f) => f.weight > 0)
    .map((f) => f.code);

describe('checkMessage signals', () => {
  it('finds requests for OTP, passwords or ID, with or without diacritics', () => {
    expect(codes('Anh đọc giúp em mã OTP vừa gửi về máy nhé')).toContain('credential-request');
    expect(codes('anh doc giup em ma OTP vua gui ve may nhe')).toContain('credential-request');
    expect(codes('Gửi cho chị ảnh hai mặt căn cước để làm hồ sơ')).toContain('credential-request');
    expect(check('Nhập mật khẩu tại vietcombank-vn.com để mở khóa').level).toBe('nguy-hiem');
  });

  it('does not take "never share your OTP" for a request', () => {
    expect(codes('Mã OTP của quý khách là 123456. Tuyệt đối không cung cấp mã này cho bất kỳ ai.')).not.toContain('credential-request');
    expect(codes('Ma OTP da duoc gui den so dien thoai cua quy khach')).not.toContain('credential-request');
    // "If you don't give the code…" is a threat, not a negation.
    expect(codes('Nếu không cung cấp mã OTP, tài khoản sẽ bị khóa')).toContain('credential-request');
  });

  it('tells a request for money from news that money was sent', () => {
    expect(codes('Chú chuyển khoản cho cháu 2 triệu gấp nhé')).toContain('transfer-request');
    expect(codes('Con ơi mẹ chuyển khoản cho con 500 nghìn rồi nhé')).not.toContain('transfer-request');
    expect(codes('Em đã chuyển tiền vào tài khoản của anh')).not.toContain('transfer-request');
  });

  it('finds transfers to a "safe account" and remote-control apps', () => {
    expect(codes('Bà chuyển tiền vào tài khoản an toàn để cơ quan điều tra xác minh')).toContain('safe-account');
    expect(codes('Chị cài UltraViewer rồi đọc mã kết nối cho em')).toContain('remote-app');
  });

  it('finds threats, urgency, secrecy and offers too good to be true', () => {
    expect(codes('Ông có lệnh bắt tạm giam vì liên quan vụ án')).toContain('threat');
    expect(codes('Phải làm ngay lập tức')).toContain('urgency');
    expect(codes('Tuyệt đối giữ bí mật, không cho người nhà biết')).toContain('secrecy');
    expect(codes('Việc nhẹ lương cao, 500k mỗi ngày')).toContain('too-good');
  });

  it('weighs impersonation of police, tax, electricity and banks by what comes with it', () => {
    const alone = check('Điện lực thông báo lịch bảo dưỡng lưới điện').flags.find((f) => f.code === 'impersonation');
    expect(alone).toMatchObject({ weight: 1, detail: 'Điện lực' });
    const withThreat = check('Điện lực: nhà bạn sẽ bị cắt điện trong 2 giờ, chuyển tiền vào tài khoản nhân viên').flags.find((f) => f.code === 'impersonation');
    expect(withThreat?.weight).toBe(2);
    expect(codes('Cục thuế: liên hệ cán bộ qua Zalo để hoàn thuế')).toContain('personal-contact');
  });

  it('flags foreign phone numbers, not Vietnamese hotlines', () => {
    expect(codes('Gọi lại số +855 97 123 4567 ngay')).toContain('phone-foreign');
    expect(codes('Gọi tổng đài 1900 545 413')).not.toContain('phone-foreign');
    expect(check('+85597123456').level).toBe('dang-ngo');
  });

  it('flags link problems and asks to log in through a link', () => {
    expect(codes('Cập nhật tại dichvucong-gov.vn.xyz')).toEqual(expect.arrayContaining(['link-lookalike', 'link-suspicious-tld', 'link-action']));
    expect(check('http://45.12.8.9/tracuu.apk').level).toBe('nguy-hiem');
    expect(codes('Xem tại bit.ly/x2')).toContain('link-shortener');
  });

  it('names the library pattern a message resembles', () => {
    const result = check('Alo cháu là nhà mạng, SIM của bác sắp bị khóa 2 chiều, bác nâng cấp SIM 4G nhé');
    expect(result.matchedPatterns[0]?.id).toBe('sim-4g-upgrade');
    expect(result.level).not.toBe('chua-thay-dau-hieu');
  });

  it('rates clear scams dangerous and ordinary messages mildly', () => {
    expect(check('[VCB] Tai khoan cua ban bi khoa. Mo khoa tai https://vietcombank-vn.com ngay').level).toBe('nguy-hiem');
    expect(check('Mẹ ơi tối nay con về muộn nhé').level).toBe('chua-thay-dau-hieu');
    expect(check('Vietcombank: ưu đãi tại https://www.vietcombank.com.vn/uu-dai').level).toBe('chua-thay-dau-hieu');
  });

  it('mutes context words in a real warning but keeps its links and requests', () => {
    const warning = 'Công an cảnh báo: đối tượng giả danh công an gọi điện dọa bắt. Công an không làm việc qua điện thoại, không chuyển tiền.';
    expect(check(warning).level).toBe('chua-thay-dau-hieu');
    expect(check('Cảnh giác! Đối tượng giả danh... Bấm vào vietcombank-vn.com để nhận hỗ trợ').level).toBe('nguy-hiem');
  });

  it('notices a one-time code in the pasted text', () => {
    expect(check('Ma OTP cua ban la 482913').containsSecretCode).toBe(true);
    expect(check('Xin chào').containsSecretCode).toBe(false);
  });

  it('gives the advice of its level', () => {
    const result = check('Mẹ ơi tối nay con về muộn nhé');
    expect(result.advice).toBe(library.texts.advice['chua-thay-dau-hieu']);
  });
});

describe('model hook', () => {
  it('lets a model raise the level but never lower it', async () => {
    const raised = await checkMessageWithModel('Chào bạn', library, domains, async () => ({ level: 'dang-ngo', reason: 'giọng văn lạ' }));
    expect(raised.level).toBe('dang-ngo');
    expect(raised.usedModel).toBe(true);
    expect(raised.flags.at(-1)).toMatchObject({ code: 'model', detail: 'giọng văn lạ' });
    const scam = 'Tải app tại http://1.2.3.4/a.apk';
    const kept = await checkMessageWithModel(scam, library, domains, async () => ({ level: 'chua-thay-dau-hieu' }));
    expect(kept.level).toBe('nguy-hiem');
  });

  it('ignores a failing or slow model', async () => {
    const failing = await checkMessageWithModel('Chào bạn', library, domains, async () => {
      throw new Error('down');
    });
    expect(failing.level).toBe('chua-thay-dau-hieu');
    const slow = await checkMessageWithModel('Chào bạn', library, domains, () => new Promise(() => {}), 20);
    expect(slow.usedModel).toBe(false);
  });
});

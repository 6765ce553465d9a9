import { describe, expect, it } from 'vitest';
import { hasPhrase, understand } from '../../src/engine/front-door/understand.js';

describe('understand: one value per inbound text', () => {
  it('folds, normalizes shorthand and tokenizes once', () => {
    const u = understand('  Quên MK VNeID ko dc ạ?  ');
    expect(u.raw).toBe('Quên MK VNeID ko dc ạ?');
    expect(u.folded).toBe('quen mk vneid ko dc a');
    expect(u.normalized).toBe('quen mat khau vneid khong duoc a');
    expect(u.words).toEqual(['quen', 'mat', 'khau', 'vneid', 'khong', 'duoc', 'a']);
    expect(u.hasDiacritics).toBe(true);
    expect(hasPhrase(u, 'mat khau')).toBe(true);
    expect(hasPhrase(u, 'mat')).toBe(true);
    expect(hasPhrase(u, 'khau vn')).toBe(false);
  });

  it('finds the sender tag, the link, the amounts and the phone numbers of an SMS', () => {
    const u = understand('[VCB] Tai khoan bi tru 2.500.000d. Goi 0912 345 678 hoac xac thuc tai https://vietcombank-xacthuc.top');
    expect(u.senderTag).toBe('VCB');
    expect(u.urls).toEqual(['https://vietcombank-xacthuc.top']);
    expect(u.amounts).toEqual(['2.500.000d']);
    expect(u.phones.map((p) => p.digits)).toEqual(['0912345678']);
    expect(u.numbers).toContain('2.500.000');
    expect(u.hasDiacritics).toBe(false);
  });

  it('reads "Agribank thông báo:", "VCB:" and "Shopee:" as sender tags, but not a resident\'s own sentence', () => {
    expect(understand('Agribank thông báo: thẻ của quý khách sắp hết hạn').senderTag).toBe('Agribank');
    expect(understand('VCB: TK 0071 +2,000,000VND').senderTag).toBe('VCB');
    expect(understand('Shopee: Don hang 2411ABCD da giao thanh cong, vui long danh gia').senderTag).toBe('Shopee');
    expect(understand('Tin này có phải lừa đảo không: bạn trúng thưởng').senderTag).toBeUndefined();
    expect(understand('Cháu ơi: bác quên mật khẩu rồi').senderTag).toBeUndefined();
  });

  it("computes the scam checker's flags only when asked, and only once", () => {
    const u = understand('Chuyển tiền vào tài khoản an toàn để xác minh, không được nói với ai');
    const flags = u.scamFlags;
    expect(flags.map((f) => f.code)).toEqual(expect.arrayContaining(['safe-account', 'secrecy']));
    expect(u.scamFlags).toBe(flags);
  });
});

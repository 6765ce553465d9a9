import { describe, expect, it } from 'vitest';
import { personalDataKinds, redact, redactDeep } from '../../src/privacy/redact.js';

/** Every digit of a secret must be gone, and the words around it kept. */
function expectMasked(input: string, secret: string, mask: string) {
  const output = redact(input);
  expect(output, input).not.toContain(secret);
  expect(output.replace(/\D/g, ''), input).not.toContain(secret.replace(/\D/g, ''));
  expect(output, input).toContain(mask);
  return output;
}

describe('redact: phone numbers in every common format', () => {
  it.each([
    ['gọi cho tôi số 0912345678 nhé', '0912345678'],
    ['sdt 0912 345 678', '0912 345 678'],
    ['số 091.234.5678 của con', '091.234.5678'],
    ['so 091-234-5678', '091-234-5678'],
    ['+84 912 345 678 là số bác', '+84 912 345 678'],
    ['+84912345678', '+84912345678'],
    ['(+84) 912-345-678', '912-345-678'],
    ['84912345678', '84912345678'],
    ['máy bàn 024 3825 1234', '024 3825 1234'],
    ['0283.823.1234 gọi giờ hành chính', '0283.823.1234'],
  ])('%s', (input, secret) => {
    expectMasked(input, secret, '[số điện thoại]');
  });

  it('keeps short public numbers (113, 115, hotlines) and years', () => {
    expect(redact('Gọi 113 hoặc 115, tổng đài 1900 1234, năm 1960')).toBe('Gọi 113 hoặc 115, tổng đài 1900 1234, năm 1960');
  });
});

describe('redact: ID, social-insurance, account and card numbers', () => {
  it.each([
    ['CCCD của tôi là 001088012345', '001088012345', '[số giấy tờ]'],
    ['so cccd 001 088 012 345', '001 088 012 345', '[số giấy tờ]'],
    ['căn cước công dân số: 036195001234', '036195001234', '[số giấy tờ]'],
    ['cmnd 123456789', '123456789', '[số giấy tờ]'],
    ['số định danh 001088012345', '001088012345', '[số giấy tờ]'],
    ['mã số BHXH 0123456789', '0123456789', '[mã số bảo hiểm]'],
    ['so bhxh cua bac la 7912345678', '7912345678', '[mã số bảo hiểm]'],
    ['thẻ BHYT HC4797912345678', '4797912345678', '[mã số bảo hiểm]'],
    ['stk 19031234567890 techcombank', '19031234567890', '[số tài khoản/thẻ]'],
    ['số tài khoản Vietcombank: 0071001234567', '0071001234567', '[số tài khoản/thẻ]'],
    ['tk 123456', '123456', '[số tài khoản/thẻ]'],
    ['số thẻ 9704 1234 5678 9012', '9704 1234 5678 9012', '[số tài khoản/thẻ]'],
    ['4111 1111 1111 1111 hết hạn 12/27', '4111 1111 1111 1111', '[số thẻ]'],
    ['4111-1111-1111-1111', '4111-1111-1111-1111', '[số thẻ]'],
    ['9704123456789012345', '9704123456789012345', '[số thẻ]'],
  ])('%s', (input, secret, mask) => {
    expectMasked(input, secret, mask);
  });

  it('masks unlabelled long numbers (a bare CCCD, CMND or account)', () => {
    expect(redact('001088012345')).not.toMatch(/\d{6}/);
    expect(redact('chuyen vao 123456789 giup')).toBe('chuyen vao [số giấy tờ/tài khoản] giup');
  });
});

describe('redact: OTP codes', () => {
  it.each([
    ['mã OTP là 123456', '123456'],
    ['ma otp: 4821', '4821'],
    ['OTP 12 34 56', '12 34 56'],
    ['mã xác nhận của bác là 998877', '998877'],
    ['ma xac thuc 55667788', '55667788'],
    ['con ơi mã 482913 là gì', '482913'],
    ['482913 là mã OTP của bạn, không chia sẻ', '482913'],
    ['Mã giao dịch 7788', '7788'],
  ])('%s', (input, secret) => {
    expectMasked(input, secret, '[mã OTP]');
  });
});

describe('redact: passwords', () => {
  it.each([
    ['mật khẩu là Hoa@1960', 'Hoa@1960'],
    ['mat khau: abcxyz', 'abcxyz'],
    ['mk của tôi là 12345678', '12345678'],
    ['mk hoamai123', 'hoamai123'],
    ['pass: matkhau99', 'matkhau99'],
    ['password = S3cret!', 'S3cret!'],
    ['Mật khẩu VNeID của bác là: Minh2024', 'Minh2024'],
    ['passcode 246810', '246810'],
  ])('%s', (input, secret) => {
    const output = redact(input);
    expect(output).not.toContain(secret);
    expect(output).toContain('[mật khẩu]');
  });

  it('does not mask the words of a question about passwords', () => {
    for (const question of ['quên mật khẩu VNeID thì làm sao', 'mật khẩu là gì vậy con', 'mk la j', 'đổi mật khẩu zalo thế nào', 'mat khau manh la the nao']) {
      expect(redact(question)).toBe(question);
    }
  });
});

describe('redact: e-mail and mixed text', () => {
  it('masks e-mail addresses', () => {
    expect(redact('gửi về nguyen.van.an@gmail.com nhé')).toBe('gửi về [email] nhé');
    expect(redact('thư: chi_hoa+zalo@mail.hanoi.gov.vn')).toBe('thư: [email]');
  });

  it('masks everything in one message and leaves the question readable', () => {
    const input = 'Bác tên An, sđt 0987 654 321, cccd 001088012345, mk: An@1950, otp 665544, mail an@yahoo.com. Làm lại căn cước ở đâu?';
    const output = redact(input);
    for (const secret of ['0987 654 321', '001088012345', 'An@1950', '665544', 'an@yahoo.com']) expect(output).not.toContain(secret);
    expect(output).toContain('Làm lại căn cước ở đâu?');
    expect(output).not.toMatch(/\d{4}/);
  });

  it('is idempotent and leaves ordinary text alone', () => {
    const plain = 'Làm lại căn cước mất bao lâu? Lệ phí 50.000 đồng, khoảng 7 ngày.';
    expect(redact(plain)).toBe(plain);
    const once = redact('sdt 0912345678, otp 123456');
    expect(redact(once)).toBe(once);
  });
});

describe('personalDataKinds and redactDeep', () => {
  it('lists the kinds found', () => {
    expect(personalDataKinds('mã OTP là 123456')).toEqual(['otp']);
    expect(personalDataKinds('mật khẩu là Hoa@1960 và sdt 0912345678')).toEqual(['password', 'phone']);
    expect(personalDataKinds('cccd 001088012345')).toEqual(['id-number']);
    expect(personalDataKinds('làm lại căn cước ở đâu')).toEqual([]);
  });

  it('redacts every string of a log record', () => {
    const record = { msg: 'sdt 0912345678', nested: { list: ['otp 123456', 3] }, error: new Error('x') };
    const result = redactDeep(record);
    expect(JSON.stringify(result)).not.toMatch(/0912345678|123456/);
    expect(result.nested.list[1]).toBe(3);
    expect(result.error).toBe(record.error);
  });
});

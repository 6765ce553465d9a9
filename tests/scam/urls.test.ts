import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/engine/text.js';
import { analyseLinks } from '../../src/scam-check/urls.js';

const OFFICIAL = [
  { domain: 'gov.vn', owner: 'Nhà nước' },
  { domain: 'dichvucong.gov.vn', owner: 'Cổng Dịch vụ công' },
  { domain: 'vietcombank.com.vn', owner: 'Vietcombank' },
  { domain: 'bidv.com.vn', owner: 'BIDV' },
  { domain: 'vneid.gov.vn', owner: 'VNeID' },
];

const kindsOf = (text: string) => analyseLinks(text, OFFICIAL).map((link) => ({ host: link.host, kinds: link.kinds, apk: link.apk }));

describe('link analysis', () => {
  it('recognises official domains and their subdomains', () => {
    expect(kindsOf('Xem tại https://www.vietcombank.com.vn/uu-dai')).toEqual([{ host: 'vietcombank.com.vn', kinds: ['official'], apk: false }]);
    expect(kindsOf('dichvucong.gov.vn')[0]?.kinds).toEqual(['official']);
    expect(kindsOf('https://sub.vneid.gov.vn/a')[0]?.kinds).toEqual(['official']);
  });

  it('flags look-alikes of banks and government domains', () => {
    expect(kindsOf('https://vietcombank-vn.com/login')[0]?.kinds).toContain('lookalike');
    expect(kindsOf('dichvucong-gov.vn.xyz')[0]?.kinds).toEqual(['lookalike', 'suspicious-tld']);
    expect(kindsOf('vietcombank.com.vn.secure-login.top')[0]?.kinds).toContain('lookalike');
    expect(kindsOf('http://vietconbank.com.vn')[0]?.kinds).toEqual(['lookalike']);
    expect(kindsOf('bidv.corn.vn')[0]?.kinds).toEqual(['lookalike']);
  });

  it('flags shorteners, punycode, IP addresses and APK files', () => {
    expect(kindsOf('bit.ly/abc123')[0]?.kinds).toEqual(['shortener']);
    expect(kindsOf('https://xn--vietcombnk-7ua.com.vn')[0]?.kinds).toContain('punycode');
    expect(kindsOf('https://vietcombаnk.com.vn')[0]?.kinds).toContain('punycode'); // Cyrillic "а"
    expect(kindsOf('http://103.27.61.14/app')[0]?.kinds).toEqual(['ip']);
    expect(kindsOf('tải tại example.com/app/update.apk')[0]).toMatchObject({ apk: true });
  });

  it('does not take money, dates or e-mail addresses for links', () => {
    expect(kindsOf('Số tiền 1.000.000.000 đồng, hạn 12.11.2026, v.v.')).toEqual([]);
    expect(kindsOf('Gửi thư tới hotro@gmail.com')).toEqual([]);
    expect(kindsOf('Bước 1.Mở ứng dụng')).toEqual([]);
  });

  it('marks other links as unknown', () => {
    expect(kindsOf('ghn.vn/tracking')[0]?.kinds).toEqual(['unknown']);
  });

  it('computes edit distance', () => {
    expect(editDistance('bidv.com.vn', 'bidv.corn.vn')).toBe(2);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});

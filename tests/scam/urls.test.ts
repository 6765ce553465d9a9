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
    expect(kindsOf('vietcombank.com.vn.secure-login.top')[0]?.kinds).toEqual(['subdomain-trick', 'suspicious-tld']);
    expect(kindsOf('http://vietconbank.com.vn')[0]?.kinds).toEqual(['lookalike', 'insecure']);
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

  it('parses userinfo tricks: the host after "@" is the one that opens', () => {
    const [trick] = analyseLinks('https://vietcombank.com.vn@vcb-xacthuc.xyz/login', OFFICIAL);
    expect(trick).toMatchObject({ host: 'vcb-xacthuc.xyz', domain: 'vcb-xacthuc.xyz', imitates: 'vietcombank.com.vn' });
    expect(trick!.kinds).toEqual(expect.arrayContaining(['userinfo', 'suspicious-tld']));
    expect(trick!.kinds).not.toContain('official');
    const [short] = analyseLinks('https://dichvucong.gov.vn@bit.ly/x', OFFICIAL);
    expect(short!.kinds).toEqual(expect.arrayContaining(['userinfo', 'shortener']));
    expect(analyseLinks('dichvucong.gov.vn@vcb-xacthuc.top/login', OFFICIAL)[0]!.kinds).toContain('userinfo');
    // An official host with a user name still opens the official site.
    expect(kindsOf('https://abc@dichvucong.gov.vn/tra-cuu')[0]?.kinds).toEqual(['official']);
  });

  it('sees official names used as subdomains of another registrable domain', () => {
    const [link] = analyseLinks('Xác thực tại https://vneid.gov.vn.xacthuc.top/dang-nhap', OFFICIAL);
    expect(link).toMatchObject({ domain: 'xacthuc.top', imitates: 'vneid.gov.vn' });
    expect(link!.kinds).toContain('subdomain-trick');
    expect(analyseLinks('dichvucong.gov.vn-hotro.online/a', OFFICIAL)[0]!.kinds).toContain('subdomain-trick');
  });

  it('shows IDN hosts in Unicode and flags mixed scripts and confusable letters', () => {
    const [cyrillic] = analyseLinks('https://vietcombаnk.com.vn/login', OFFICIAL); // Cyrillic "а"
    expect(cyrillic!.unicodeHost).toBe('vietcombаnk.com.vn');
    expect(cyrillic!.host.startsWith('xn--')).toBe(true);
    expect(cyrillic!.kinds).toEqual(expect.arrayContaining(['punycode', 'confusable']));
    expect(cyrillic!.imitates).toBe('vietcombank.com.vn');
    const [greek] = analyseLinks('http://bіdv.com.vn', OFFICIAL); // Cyrillic "і"
    expect(greek!.kinds).toContain('confusable');
    const [vietnamese] = analyseLinks('https://điệnlực.vn/hoa-don', OFFICIAL);
    expect(vietnamese!.kinds).toContain('punycode');
    expect(vietnamese!.unicodeHost).toBe('điệnlực.vn');
  });

  it('takes raw IP addresses in every spelling the URL parser accepts', () => {
    expect(kindsOf('http://3232235777/login')[0]).toMatchObject({ host: '192.168.1.1', kinds: ['ip'] });
    expect(kindsOf('vào 103.27.61.14:8080/nhan-qua')[0]?.kinds).toEqual(['ip']);
    expect(kindsOf('phiên bản 1.2.3.4 mới')).toEqual([]);
  });

  it('flags http:// links to banks and agencies', () => {
    expect(kindsOf('http://dichvucong.gov.vn/tra-cuu')[0]?.kinds).toEqual(['official', 'insecure']);
    expect(kindsOf('http://vietcombank-xacthuc.com/login')[0]?.kinds).toEqual(['lookalike', 'insecure']);
    expect(kindsOf('https://dichvucong.gov.vn')[0]?.kinds).toEqual(['official']);
  });

  it('finds links written without a scheme', () => {
    expect(kindsOf('Vào vcb-xacthuc.top/login ngay')[0]).toMatchObject({ host: 'vcb-xacthuc.top' });
    expect(kindsOf('Vào vcb-xacthuc.top/login ngay')[0]?.kinds).toEqual(expect.arrayContaining(['lookalike', 'suspicious-tld']));
    expect(kindsOf('truy cập:bidv-khuyenmai.shop.')[0]?.host).toBe('bidv-khuyenmai.shop');
    expect(kindsOf('Kính gửi TP.HCM, ông.bà')).toEqual([]);
  });

  it('computes edit distance', () => {
    expect(editDistance('bidv.com.vn', 'bidv.corn.vn')).toBe(2);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});

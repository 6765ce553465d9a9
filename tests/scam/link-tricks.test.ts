// The link tricks of issue 15 through the whole checker: the verdict and what
// the resident reads (the host that really opens, defanged).
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/scam-check/check.js';
import { formatCheckResult } from '../../src/scam-check/format.js';
import type { ScamLibrary } from '../../src/scam-check/library-schema.js';
import type { OfficialDomain } from '../../src/scam-check/urls.js';
import { loadRealLibrary } from './helpers.js';

let library: ScamLibrary;
let domains: OfficialDomain[];
beforeAll(async () => {
  ({ library, domains } = await loadRealLibrary());
});

const verdict = (text: string) => {
  const result = checkMessage(text, library, domains);
  return { result, shown: formatCheckResult(result, library.texts).join('\n') };
};

describe('link tricks through the checker', () => {
  it.each([
    ['https://vietcombank.com.vn@vcb-xacthuc.xyz/login', 'vcb-xacthuc[.]xyz'],
    ['https://dichvucong.gov.vn@bit.ly/x', 'bit[.]ly'],
  ])('%s is dangerous, never official, and names the host that really opens', (link, shownHost) => {
    const { result, shown } = verdict(link);
    expect(result.level).toBe('nguy-hiem');
    expect(result.links[0]!.kinds).not.toContain('official');
    expect(result.flags.map((f) => f.code)).toContain('link-userinfo');
    expect(shown).toContain(shownHost);
    expect(shown).not.toMatch(/CHƯA THẤY DẤU HIỆU/);
  });

  it('names the real registrable domain behind an official name used as a subdomain', () => {
    const { result, shown } = verdict('Cập nhật VNeID tại vneid.gov.vn.xacthuc.top/dong-bo');
    expect(result.level).toBe('nguy-hiem');
    expect(shown).toContain('"xacthuc[.]top"');
  });

  it('shows an IDN look-alike in Unicode, and says a shortener cannot be checked', () => {
    expect(verdict('https://vietcombаnk.com.vn/login').shown).toContain('vietcombаnk[.]com[.]vn');
    expect(verdict('Nhận quà tại rb.gy/qua').shown).toContain('không kiểm tra được nó dẫn đến đâu');
  });

  it('an http:// link to a real bank is suspicious; the same link over https alone is not', () => {
    expect(verdict('Vietcombank: xem tại http://vietcombank.com.vn/uu-dai').result.level).not.toBe('chua-thay-dau-hieu');
    expect(verdict('Vietcombank: xem tại https://vietcombank.com.vn/uu-dai').result.level).toBe('chua-thay-dau-hieu');
  });
});

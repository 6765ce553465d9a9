import { beforeAll, describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/scam-check/check.js';
import { formatCheckResult, MAX_REPLY_BUBBLES } from '../../src/scam-check/format.js';
import type { ScamLibrary } from '../../src/scam-check/library-schema.js';
import { buildScamCheckService, createScamCheckHandler } from '../../src/scam-check/service.js';
import { asServiceResult, type ServiceHandler } from '../../src/runtime/service-types.js';
import type { OfficialDomain } from '../../src/scam-check/urls.js';
import { newUserState } from '../../src/engine/state.js';
import { loadRealLibrary, ROOT } from './helpers.js';

let library: ScamLibrary;
let domains: OfficialDomain[];
beforeAll(async () => ({ library, domains } = await loadRealLibrary()));

// Wording that would tell a resident a message is fine.
const SAFE_CLAIMS = [/an toàn/i, /không phải lừa đảo/i, /không có gì đáng lo/i, /yên tâm/i, /tin thật/i];

const MESSAGES = [
  'Mẹ ơi tối nay con về muộn nhé',
  'Ma OTP cua ban la 482913. Khong chia se cho ai.',
  'https://www.vietcombank.com.vn/uu-dai',
  '0912345678',
  'Việc nhẹ lương cao 500k/ngày, đóng 200k phí đăng ký',
  '[VCB] Tai khoan bi khoa, mo khoa tai vietcombank-vn.com',
];

describe('formatCheckResult', () => {
  it('never declares a message safe, at any level', () => {
    for (const text of MESSAGES) {
      const bubbles = formatCheckResult(checkMessage(text, library, domains), library.texts);
      // The flags bubble may quote the scam ("tài khoản an toàn"); the rules bubble says what stays safe.
      const headlineAndAdvice = bubbles.filter((b) => !b.startsWith(library.texts.flagsIntro) && !b.startsWith('📌')).join('\n');
      for (const claim of SAFE_CLAIMS) expect(headlineAndAdvice, text).not.toMatch(claim);
    }
  });

  it('says "chưa thấy dấu hiệu" at best, with the rules to remember', () => {
    const bubbles = formatCheckResult(checkMessage('Mẹ ơi tối nay con về muộn nhé', library, domains), library.texts);
    expect(bubbles[0]).toContain('CHƯA THẤY DẤU HIỆU');
    expect(bubbles.join('\n')).toContain(library.texts.rules);
  });

  it('lists the red flags found and the scam it resembles', () => {
    const bubbles = formatCheckResult(checkMessage('[VCB] Tai khoan bi khoa, mo khoa tai vietcombank-vn.com', library, domains), library.texts);
    expect(bubbles[0]).toContain('NGUY HIỂM');
    // Shown defanged, so no chat app turns the scam link into a tappable one.
    expect(bubbles[1]).toContain('vietcombank-vn[.]com');
    expect(bubbles[1]).not.toContain('vietcombank-vn.com');
    expect(bubbles[1]).toContain('Tin nhắn giả mạo ngân hàng');
  });

  it('keeps to three short bubbles, so the turn stays within four', () => {
    for (const text of MESSAGES) {
      const bubbles = formatCheckResult(checkMessage(text, library, domains), library.texts);
      expect(bubbles.length).toBeLessThanOrEqual(MAX_REPLY_BUBBLES);
      for (const bubble of bubbles) expect([...bubble].length).toBeLessThanOrEqual(350);
      expect(bubbles.join('')).not.toContain('{{');
    }
  });

  it('reminds the resident not to share a code found in the text', () => {
    const bubbles = formatCheckResult(checkMessage('Ma OTP cua ban la 482913', library, domains), library.texts);
    expect(bubbles.join('\n')).toContain(library.texts.sensitiveData.replace(/\{\{\s*\w+\s*\}\}/g, '').slice(0, 20));
  });
});

describe('scam-check service handler', () => {
  it('answers with messages addressed to the resident ("bác" for the elderly)', async () => {
    const handler = createScamCheckHandler({ library, officialDomains: domains });
    const state = newUserState(Date.now());
    state.profile.group = 'elderly';
    const reply = await handler('Bác chuyển tiền vào tài khoản an toàn ngay', state);
    expect(reply.result.level).toBe('nguy-hiem');
    expect(reply.messages[0]?.text).toContain('Bác');
    expect(reply.messages.every((m) => typeof m.text === 'string')).toBe(true);
  });

  it('plugs into the runtime as the "scam-check" ServiceHandler', async () => {
    const service: ServiceHandler = await buildScamCheckService(ROOT);
    const reply = await service({
      name: 'scam-check',
      text: 'Tải app tại http://1.2.3.4/a.apk',
      userKey: 'web:u1',
      state: newUserState(0),
      data: {},
      inbound: { channel: 'web', userId: 'u1', messageId: 'm1', at: 0 },
      now: 0,
    });
    expect(asServiceResult(reply).messages[0]?.text).toContain('NGUY HIỂM');
  });
});

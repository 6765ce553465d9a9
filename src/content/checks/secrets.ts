// Finds text that asks a resident to hand over a secret (OTP, password, ID or
// card number). Teaching text such as "không bao giờ đọc mã OTP cho ai" or
// "kẻ gian xin mã OTP" is allowed: a negation before the verb, or a clause
// about scammers, exempts it. Works on lowercase text with its diacritics,
// because folding would merge "nhắn" (send a message) with "nhận" (receive).
// Quoted text is skipped: it is a sample of what a scammer writes, or the name
// of a button on screen, not the tutor asking.

const SECRET = String.raw`(?:mã\s+)?otp|mật\s+khẩu|mật\s+mã|mã\s+pin|mã\s+xác\s+(?:thực|nhận)|(?:số\s+)?căn\s+cước|cccd|cmnd|số\s+định\s+danh|số\s+thẻ|số\s+tài\s+khoản|cvv`;
// "đọc kỹ tin nhắn OTP" is reading, not reading out.
const HAND_OVER = String.raw`gửi|(?<!tin\s)nhắn|đọc(?!\s+(?:kỹ|lại|tin))|cung\s+cấp|chia\s+sẻ|đưa|báo|chụp|khai|cho\s+(?:mình|tôi|em|trợ\s+lý)\s+(?:biết|xin)`;
const TYPE_IN = String.raw`gõ|nhập|dán|viết`;
const HERE = String.raw`vào\s+đây|ở\s+đây|tại\s+đây|cho\s+(?:mình|trợ\s+lý)|vào\s+khung\s+chat|trong\s+tin\s+nhắn\s+này`;

/** "gửi mã OTP", "đọc mật khẩu", up to three words between; not "gửi mã OTP về máy" (the system sends it). */
const HAND_OVER_SECRET = new RegExp(String.raw`(?<![\p{L}])(${HAND_OVER})(?:\s+[\p{L}{}.]+){0,3}?\s+(${SECRET})(?![\p{L}])(?!\s+(?:về|đến|tới|qua\s+tin\s+nhắn\s+sms))`, 'u');
/** "gõ mật khẩu vào đây", "nhập số căn cước cho mình". */
const TYPE_SECRET_HERE = new RegExp(String.raw`(?<![\p{L}])(${TYPE_IN})(?:\s+[\p{L}{}.]+){0,3}?\s+(${SECRET})(?![\p{L}]).*?(${HERE})`, 'u');

const NEGATION = /(?<![\p{L}])(không|đừng|chớ|chẳng|cấm|tuyệt đối|never)(?![\p{L}])/u;
/** Someone else telling the resident to do it ("bảo gửi số thẻ"): a description of a scam. */
const REPORTED = /(?<![\p{L}])(bảo|yêu cầu|đòi|dụ|bắt)(?![\p{L}])/u;
const SCAM_CONTEXT = /(lừa đảo|nguy hiểm|kẻ gian|kẻ lừa|giả danh|giả mạo|mạo danh|đối tượng|tin nhắn lạ|cuộc gọi lạ|người lạ)/u;

/** The phrase that asks for a secret, or undefined. */
export function findSecretRequest(text: string): string | undefined {
  for (const clause of clausesOf(text)) {
    for (const pattern of [HAND_OVER_SECRET, TYPE_SECRET_HERE]) {
      const match = pattern.exec(clause);
      if (!match) continue;
      const before = clause.slice(0, match.index);
      if (NEGATION.test(before) || REPORTED.test(before) || NEGATION.test(match[0]) || SCAM_CONTEXT.test(clause)) continue;
      return match[0];
    }
  }
  return undefined;
}

const QUOTED = /“[^”]*”|"[^"]*"|«[^»]*»/gu;

function clausesOf(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(QUOTED, ' … ')
    .toLowerCase()
    .split(/[.!?;:\n•]+|,\s+(?:rồi|sau đó|và|nhưng)\s+/u)
    .map((clause) => clause.trim())
    .filter(Boolean);
}

/** Profile or variable names that would store a secret ("profile.otp", "vars.password"). */
export const SECRET_FIELD = /(otp|password|passcode|pass|matkhau|mat_khau|pin|cccd|cmnd|id_?number|card|account|so_?tk|cvv)/i;

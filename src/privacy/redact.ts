// Personal data stays in: ID numbers, phones, card and account numbers, OTPs,
// e-mails, passwords and social-insurance numbers are masked before any text
// leaves the process (the AI model) or reaches a log. Over-masking a harmless
// number is acceptable; letting a real one through is not.

export type PersonalDataKind = 'email' | 'password' | 'otp' | 'id-number' | 'social-insurance' | 'account' | 'card' | 'phone' | 'number';

interface Rule {
  kind: PersonalDataKind;
  pattern: RegExp;
  /** Replacement; `lead` keeps the words that announced the secret ("mật khẩu là "). */
  mask: string;
  keepLead?: boolean;
}

// Building blocks, written for text with or without diacritics.
const NOT_DIGIT_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_DIGIT_AFTER = '(?![\\p{N}])';
/** Digits possibly grouped by spaces, dots or dashes: between min and max digits in all. */
const digitRun = (min: number, max: number) => `\\d(?:[ .-]?\\d){${min - 1},${max - 1}}`;
/** "là", ":", "=", "của tôi là", "cua bac la" between a label and its value. */
const JOINER = '(?:\\s*(?:c[uủ]a\\s+\\p{L}+\\s*)?(?:l[aà](?![\\p{L}])\\s*:?|:|=|-)?\\s*)';

const PASSWORD_LABEL = '(?:m[aậâ]t\\s*kh[aẩâ]u|\\bmk|\\bpass(?:word)?|\\bpw|\\bpasscode|\\bm[aã]\\s*pin|\\bpin)';
// Words that may follow "mật khẩu là" in a question rather than a password ("mật khẩu là gì").
const QUESTION_WORDS = '(?:g[iì]|j|sao|th[eế]|n[aà]o|bao|c[aá]i|ch[uữ]|m[aấ]y|đ[uú]ng|dung|d[aà]i|m[aậ]t|m[oộ]t|khi|nh[uữ]ng|g[oồ]m|ph[aả]i)';

const OTP_LABEL = '(?:\\botp\\b|m[aã]\\s*(?:x[aá]c\\s*(?:nh[aậ]n|th[uự]c|minh)|k[ií]ch\\s*ho[aạ]t|b[aả]o\\s*m[aậ]t|otp|giao\\s*d[iị]ch)|\\bm[aã](?=\\s*(?:c[uủ]a\\s+\\p{L}+\\s*)?(?:l[aà]|:)?\\s*\\d))';

const RULES: Rule[] = [
  { kind: 'email', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu, mask: '[email]' },
  // A password after its label, with "là"/":" (any word that is not a question word)…
  {
    kind: 'password',
    pattern: new RegExp(`(${PASSWORD_LABEL}(?:\\s+[\\p{L}\\p{N}]+){0,3}?\\s*(?:l[aà](?![\\p{L}])\\s*:?|:|=)\\s*)(?!${QUESTION_WORDS}(?![\\p{L}\\p{N}]))([^\\s,;]+)`, 'giu'),
    mask: '[mật khẩu]',
    keepLead: true,
  },
  // …or directly after the label when it looks like a password (has a digit or symbol).
  {
    kind: 'password',
    pattern: new RegExp(`(${PASSWORD_LABEL}\\s+)((?=[^\\s]*[\\d@#$%^&*!?_])[^\\s,;]{3,})`, 'giu'),
    mask: '[mật khẩu]',
    keepLead: true,
  },
  // OTP codes after their label ("mã OTP là 123456", "ma xac nhan: 1234", "OTP 12 34 56")…
  { kind: 'otp', pattern: new RegExp(`(${OTP_LABEL}${JOINER})(${digitRun(4, 8)})${NOT_DIGIT_AFTER}`, 'giu'), mask: '[mã OTP]', keepLead: true },
  // …or before it ("123456 là mã OTP của bạn").
  { kind: 'otp', pattern: new RegExp(`${NOT_DIGIT_BEFORE}${digitRun(4, 8)}(?=\\s*(?:l[aà]\\s*)?(?:m[aã]\\s*)?(?:otp|x[aá]c\\s*(?:nh[aậ]n|th[uự]c)))`, 'giu'), mask: '[mã OTP]' },
  // ID numbers after "CCCD", "căn cước", "CMND", "số định danh" (CCCD 12 digits, CMND 9).
  {
    kind: 'id-number',
    pattern: new RegExp(
      `((?:cccd|cmnd|cmt|c[aă]n\\s*c[uư][oớ]c(?:\\s*c[oô]ng\\s*d[aâ]n)?|ch[uứ]ng\\s*minh(?:\\s*nh[aâ]n\\s*d[aâ]n|\\s*th[uư])?|(?:s[oố]\\s*)?đ[iị]nh\\s*danh|dinh\\s*danh|h[oộ]\\s*chi[eế]u)(?:\\s*s[oố])?${JOINER})(\\p{Lu}?${digitRun(8, 12)})${NOT_DIGIT_AFTER}`,
      'giu',
    ),
    mask: '[số giấy tờ]',
    keepLead: true,
  },
  // Social-insurance numbers (10 digits) after "BHXH", "bảo hiểm xã hội", "mã số BHYT".
  {
    kind: 'social-insurance',
    pattern: new RegExp(
      `((?:bhxh|bhyt|b[aả]o\\s*hi[eể]m\\s*(?:x[aã]\\s*h[oộ]i|y\\s*t[eế])|m[aã]\\s*s[oố]\\s*(?:bhxh|bhyt|b[aả]o\\s*hi[eể]m)|s[oố]\\s*s[oổ])(?:\\s*(?:s[oố]|m[aã]\\s*s[oố]))?${JOINER})(\\p{Lu}{0,2}${digitRun(10, 15)})${NOT_DIGIT_AFTER}`,
      'giu',
    ),
    mask: '[mã số bảo hiểm]',
    keepLead: true,
  },
  // Bank accounts and cards after their label ("STK 0123456789", "số tài khoản: 1903…", "số thẻ …").
  {
    kind: 'account',
    pattern: new RegExp(
      `((?:\\bstk\\b|\\btk\\b|s[oố]\\s*t[aà]i\\s*kho[aả]n|t[aà]i\\s*kho[aả]n(?:\\s*ng[aâ]n\\s*h[aà]ng)?|s[oố]\\s*th[eẻ]|th[eẻ]\\s*(?:atm|t[ií]n\\s*d[uụ]ng|ghi\\s*n[oợ]))(?:\\s+\\p{L}{2,15}){0,2}?${JOINER})(${digitRun(6, 19)})${NOT_DIGIT_AFTER}`,
      'giu',
    ),
    mask: '[số tài khoản/thẻ]',
    keepLead: true,
  },
  // Card numbers anywhere: 16–19 digits, possibly grouped.
  { kind: 'card', pattern: new RegExp(`${NOT_DIGIT_BEFORE}${digitRun(16, 19)}${NOT_DIGIT_AFTER}`, 'gu'), mask: '[số thẻ]' },
  // Phones: 0912345678, 0912 345 678, 091.234.5678, +84 912 345 678, (+84) 912-345-678, 84912345678, 024 3825 1234.
  {
    kind: 'phone',
    pattern: new RegExp(`(?:\\(?\\+84\\)?[ .-]?(?:\\(0\\)[ .-]?)?|${NOT_DIGIT_BEFORE}84[ .-]?|${NOT_DIGIT_BEFORE}0)[1-9](?:[ .-]?\\d){7,9}${NOT_DIGIT_AFTER}`, 'gu'),
    mask: '[số điện thoại]',
  },
  // Any other long number (CCCD, CMND, accounts without a label): 8 to 19 digits.
  { kind: 'number', pattern: new RegExp(`${NOT_DIGIT_BEFORE}(?!1[89]00[ .-]?\\d{3,4}${NOT_DIGIT_AFTER})${digitRun(8, 19)}${NOT_DIGIT_AFTER}`, 'gu'), mask: '[số giấy tờ/tài khoản]' },
];

// Every rule needs four digits in a row, an "@" or a password label: most chat
// messages ("tiếp", "1", "đồng ý") have none, and skip the rules entirely.
const MAY_HOLD_PERSONAL_DATA = new RegExp(`\\d(?:[\\s.-]?\\d){3}|@|${PASSWORD_LABEL}`, 'iu');

export function redact(text: string): string {
  if (!MAY_HOLD_PERSONAL_DATA.test(text)) return text;
  let result = text;
  for (const rule of RULES) {
    result = result.replace(rule.pattern, (...args: unknown[]) => (rule.keepLead ? `${String(args[1])}${rule.mask}` : rule.mask));
  }
  return result;
}

/** Which kinds of personal data a text contains, in rule order (e.g. to warn a resident who sent an OTP). */
export function personalDataKinds(text: string): PersonalDataKind[] {
  const kinds: PersonalDataKind[] = [];
  if (!MAY_HOLD_PERSONAL_DATA.test(text)) return kinds;
  let rest = text;
  for (const rule of RULES) {
    const pattern = new RegExp(rule.pattern.source, rule.pattern.flags);
    if (pattern.test(rest) && !kinds.includes(rule.kind)) kinds.push(rule.kind);
    rest = rest.replace(pattern, ' ');
  }
  return kinds;
}

/** Deep copy with every string redacted, for log records. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}

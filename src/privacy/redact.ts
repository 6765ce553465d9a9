// Personal data stays in: ID numbers, phones, card and account numbers, OTPs,
// e-mails and passwords are masked before any text leaves the process or reaches a log.

interface Rule {
  name: string;
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

const RULES: Rule[] = [
  // A password given after "mật khẩu", "mk", "pass": mask the word that follows.
  {
    name: 'password',
    pattern: /((?:m[aậâ]t\s*kh[aẩâ]u|\bmk|\bpass(?:word)?|\bpw)\s*(?:c[uủ]a\s+\S+\s+)?(?:l[aà]|:|=|là:)?\s*)(\S+)/giu,
    replace: (_m, lead: string) => `${lead}[mật khẩu]`,
  },
  // OTP codes: 4–8 digits near "OTP" or "mã".
  {
    name: 'otp',
    pattern: /((?:\botp\b|m[aã]\s*(?:x[aá]c\s*(?:nh[aậ]n|th[uự]c)|otp)?)\s*(?:c[uủ]a\s+\S+\s+)?(?:l[aà]|:|=)?\s*)(\d{4,8})\b/giu,
    replace: (_m, lead: string) => `${lead}[mã OTP]`,
  },
  { name: 'email', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[a-z]{2,}/giu, replace: '[email]' },
  // Card numbers: 16–19 digits, possibly grouped by spaces or dashes.
  { name: 'card', pattern: /\b(?:\d[ -]?){15,18}\d\b/g, replace: '[số thẻ]' },
  // Phones: 0912345678, +84 912 345 678, 091.234.5678, 84912345678.
  { name: 'phone', pattern: /(?:\+?84|\b0)(?:[\s.-]?\d){9,10}\b/g, replace: '[số điện thoại]' },
  // CCCD (12 digits), CMND (9 digits), social-insurance numbers (10 digits) and bank accounts (8–15 digits).
  { name: 'id-or-account', pattern: /\b\d(?:[\s.]?\d){7,14}\b/g, replace: '[số giấy tờ/tài khoản]' },
];

export function redact(text: string): string {
  let result = text;
  for (const rule of RULES) result = result.replace(rule.pattern, rule.replace as never);
  return result;
}

/** Which kinds of personal data a text contains (e.g. to warn a resident who sent an OTP). */
export function personalDataKinds(text: string): string[] {
  return RULES.filter((rule) => new RegExp(rule.pattern.source, rule.pattern.flags).test(text)).map((rule) => rule.name);
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

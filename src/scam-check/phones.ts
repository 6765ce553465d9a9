// Phone numbers in a pasted message. The checker cannot know who owns a number;
// it only notices the shapes scammers rely on (foreign prefixes, private mobiles
// given by a "bank" or an "agency").

export interface PhoneFinding {
  raw: string;
  digits: string;
  kind: 'foreign' | 'vn-mobile' | 'vn-hotline' | 'vn-landline' | 'other';
}

// Groups of digits possibly joined by spaces, dots or dashes, with an optional + or 00 prefix.
const PHONE_PATTERN = /(?<![\p{L}\p{N}])(?:\+|00)?\d(?:[\s.-]?\d){7,13}(?![\p{L}\p{N}])/gu;

export function findPhones(text: string): PhoneFinding[] {
  const found: PhoneFinding[] = [];
  for (const match of text.matchAll(PHONE_PATTERN)) {
    const raw = match[0].trim();
    // Money ("1.500.000") uses dot groups of exactly three digits; phone numbers don't.
    if (/^\d{1,3}(?:\.\d{3})+$/.test(raw)) continue;
    const digits = raw.replace(/[^\d+]/g, '');
    found.push({ raw, digits, kind: kindOf(digits) });
  }
  return found;
}

function kindOf(digits: string): PhoneFinding['kind'] {
  const international = digits.startsWith('+') ? digits.slice(1) : digits.startsWith('00') ? digits.slice(2) : undefined;
  if (international !== undefined) {
    if (!international.startsWith('84')) return 'foreign';
    return kindOf(`0${international.slice(2)}`);
  }
  if (/^0[35789]\d{8}$/.test(digits)) return 'vn-mobile';
  if (/^1[89]00\d{4,6}$/.test(digits)) return 'vn-hotline';
  if (/^02\d{8,9}$/.test(digits)) return 'vn-landline';
  return 'other';
}

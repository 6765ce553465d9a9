// Requests the tutor declines (phishing, medical diagnosis, politics, other
// people's data, breaking into accounts, prompt extraction), and the kind words
// said when a resident sends an OTP, a password or an ID number.
import { containsPhrase, foldText, normalizeForMatching } from '../engine/text.js';
import { personalDataKinds, redact, type PersonalDataKind } from '../privacy/redact.js';
import type { QaTexts, RefusalRule } from './texts.js';

export interface SafetyRules {
  match(text: string): RefusalRule | undefined;
}

export function createSafetyRules(rules: RefusalRule[]): SafetyRules {
  const prepared = rules.map((rule) => ({
    rule,
    any: (rule.any ?? []).map(foldText),
    all: (rule.all ?? []).map((group) => group.map(foldText)),
    except: (rule.except ?? []).map(foldText),
  }));
  return {
    match(text) {
      const folded = normalizeForMatching(text);
      const has = (phrase: string) => containsPhrase(folded, phrase);
      return prepared.find(({ any, all, except }) => !except.some(has) && (any.some(has) || (all.length > 0 && all.every((group) => group.some(has)))))?.rule;
    },
  };
}

/** Kinds worth a warning: secrets. Phones and e-mails are often pasted from a scam message to check it. */
const SECRET_KINDS: PersonalDataKind[] = ['otp', 'password', 'id-number', 'social-insurance', 'account', 'card'];

export function secretKinds(text: string): PersonalDataKind[] {
  const kinds = personalDataKinds(text);
  // A bare 12-digit number is almost always a CCCD number; other bare numbers stay quiet.
  if (kinds.includes('number') && /(?<![\p{N}])\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?\d{3}(?![\p{N}])/u.test(text) && !kinds.includes('id-number')) kinds.push('id-number');
  return SECRET_KINDS.filter((kind) => kinds.includes(kind));
}

/** Words that only announce a secret ("mã OTP của bác là …"): a message of these and a secret asks nothing. */
const SECRET_LABEL_WORDS = new Set([
  'ma',
  'otp',
  'mat',
  'khau',
  'mk',
  'pass',
  'password',
  'pin',
  'so',
  'cccd',
  'cmnd',
  'can',
  'cuoc',
  'the',
  'tai',
  'khoan',
  'stk',
  'tk',
  'xac',
  'nhan',
  'thuc',
  'bhxh',
  'bhyt',
  'dinh',
  'danh',
  'day',
  'nay',
]);

/** True when a message holds a secret and (almost) nothing else: no question to search for. */
export function onlySecret(text: string, topicWords: (text: string) => string[]): boolean {
  if (secretKinds(text).length === 0) return false;
  const rest = redact(text).replace(/\[[^\]]*\]/g, ' ');
  return topicWords(rest).filter((word) => !SECRET_LABEL_WORDS.has(word)).length <= 1;
}

/**
 * The warning for a message that holds an OTP, a password, an ID, card, account
 * or social-insurance number, or undefined. Bubbles may hold {{ban}}/{{Ban}}:
 * fill them with fillTemplate(text, state) before sending.
 */
export function personalDataWarningText(text: string, texts: QaTexts['personalData']): string[] | undefined {
  const kinds = secretKinds(text);
  if (kinds.length === 0) return undefined;
  const names = [...new Set(kinds.map((kind) => texts.names[kind] ?? kind))];
  const what = names.length > 1 ? `${names.slice(0, -1).join(', ')}${texts.joiner}${names.at(-1)}` : names[0]!;
  return [texts.warning.replace('{{what}}', what), texts.reminder];
}

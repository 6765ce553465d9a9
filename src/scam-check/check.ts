// "Kiểm tra lừa đảo": rates a pasted message from its red flags. Pure: the text,
// the library and the allowlist in, a verdict out. It never says "safe": the
// mildest level is "chưa thấy dấu hiệu" (no sign found yet).
import { flag, type Flag, type FlagCode } from './flags.js';
import type { ScamLibrary } from './library-schema.js';
import { askModel, mergeModelOpinion, type ScamModelHook } from './model.js';
import { matchPatterns, type PatternMatch } from './patterns.js';
import { findPhones, type PhoneFinding } from './phones.js';
import { prepareText, type PreparedText } from './prepared-text.js';
import { credentialRequest, impersonatedNames, isWarningNotice, linkAction, mentionsLink, mentionsOfficialStore, mentionsPrivateChat, phraseFlags } from './signals.js';
import type { CheckResult, ScamLevel } from './result.js';
import { analyseLinks, defangHost, shownHost, type LinkKind, type LinkVerdict, type OfficialDomain } from './urls.js';

// The levels and the result shape live in result.ts, which model.ts imports too (no import cycle).
export { levelRank, SCAM_LEVELS, type CheckResult, type ScamLevel } from './result.js';

export const DANGER_SCORE = 4;
export const SUSPICIOUS_SCORE = 2;

export function checkMessage(text: string, library: ScamLibrary, officialDomains: readonly OfficialDomain[]): CheckResult {
  const prepared = prepareText(text);
  const links = analyseLinks(text, officialDomains as OfficialDomain[]);
  const phones = findPhones(text);
  const matchedPatterns = matchPatterns(prepared, library.patterns);
  const flags = collectFlags(text, prepared, links, phones, matchedPatterns);
  const score = flags.reduce((sum, f) => sum + f.weight, 0);
  const level = levelOf(flags, score);
  return { level, score, flags, matchedPatterns, links, phones, containsSecretCode: hasSecretCode(prepared), advice: library.texts.advice[level], usedModel: false };
}

/** The rules first, then the model (if any) may raise the level. */
export async function checkMessageWithModel(text: string, library: ScamLibrary, officialDomains: readonly OfficialDomain[], model?: ScamModelHook, timeoutMs = 8000): Promise<CheckResult> {
  const result = checkMessage(text, library, officialDomains);
  if (!model) return result;
  const merged = mergeModelOpinion(result, await askModel(model, text, timeoutMs));
  return { ...merged, advice: library.texts.advice[merged.level] };
}

function levelOf(flags: Flag[], score: number): ScamLevel {
  if (score >= DANGER_SCORE) return 'nguy-hiem';
  // Weak hints alone (a real notice naming an agency and a deadline) are not enough:
  // "đáng ngờ" needs at least one real sign.
  if (score >= SUSPICIOUS_SCORE && flags.some((f) => f.weight >= 2)) return 'dang-ngo';
  return 'chua-thay-dau-hieu';
}

const LINK_FLAGS: Partial<Record<LinkKind, FlagCode>> = {
  lookalike: 'link-lookalike',
  punycode: 'link-punycode',
  ip: 'link-ip',
  shortener: 'link-shortener',
  'suspicious-tld': 'link-suspicious-tld',
  unknown: 'link-unknown',
  userinfo: 'link-userinfo',
  'subdomain-trick': 'link-subdomain',
  confusable: 'link-confusable',
  insecure: 'link-http',
};

function collectFlags(text: string, prepared: PreparedText, links: LinkVerdict[], phones: PhoneFinding[], patterns: PatternMatch[]): Flag[] {
  const flags: Flag[] = [...linkFlags(links)];
  const nonOfficial = links.some((link) => !link.kinds.includes('official'));
  flags.push(...installFlags(phraseFlags(prepared), prepared, nonOfficial, text));
  const credential = credentialRequest(splitClauses(text), nonOfficial);
  if (credential) flags.push(credential);
  const action = nonOfficial ? linkAction(prepared) : undefined;
  if (action) flags.push(action);
  const foreign = phones.find((phone) => phone.kind === 'foreign');
  // Only the country code is shown: a whole number in a reply is one tap from a call.
  if (foreign) flags.push(flag('phone-foreign', `${foreign.digits.slice(0, foreign.digits.startsWith('+') ? 4 : 5)}…`));
  flags.push(...impersonationFlags(prepared, flags, phones));
  const top = patterns[0];
  // Only a phrase typical of the scam itself makes the resemblance a real sign.
  if (top) flags.push(flag('pattern', top.title, top.strongHit ? 2 : 1));
  return muteInWarnings(dedupe(flags), prepared);
}

/**
 * "Tải ứng dụng" is a warning sign when it goes through a link or an .apk file;
 * alone it is weak, and with "CH Play"/"App Store" it is plain advice.
 */
function installFlags(flags: Flag[], prepared: PreparedText, nonOfficialLink: boolean, text: string): Flag[] {
  const apk = /apk/i.test(text);
  return flags.flatMap((f) => {
    if (f.code !== 'install-app') return [f];
    if (mentionsOfficialStore(prepared) && !nonOfficialLink && !apk) return [];
    return nonOfficialLink || apk || mentionsLink(prepared) ? [f] : [{ ...f, weight: 1 }];
  });
}

// A real warning names the agencies and threats it warns about; those words
// are not signs there. Links, requests for secrets or money still count.
const MUTED_IN_WARNINGS: FlagCode[] = ['pattern', 'impersonation', 'threat', 'money-mention', 'personal-contact', 'urgency'];

function muteInWarnings(flags: Flag[], prepared: PreparedText): Flag[] {
  if (!isWarningNotice(prepared)) return flags;
  return flags.map((f) => (MUTED_IN_WARNINGS.includes(f.code) ? { ...f, weight: 0 } : f));
}

function linkFlags(links: LinkVerdict[]): Flag[] {
  const flags: Flag[] = [];
  for (const link of links) {
    if (link.apk) flags.push(flag('link-apk', shownHost(link)));
    for (const kind of link.kinds) {
      const code = LINK_FLAGS[kind];
      if (code) flags.push(flag(code, linkDetail(link, kind)));
    }
  }
  return flags;
}

/** What the resident reads for a link: the host it really opens, defanged unless official, in Unicode. */
function linkDetail(link: LinkVerdict, kind: LinkKind): string {
  if (kind === 'subdomain-trick') return defangHost(link.domain);
  return shownHost(link);
}

// Flags that turn "names an agency or bank" from ordinary into a warning sign.
const ACTS_ON_NAME: FlagCode[] = [
  'credential-request',
  'safe-account',
  'remote-app',
  'transfer-request',
  'threat',
  'secrecy',
  'install-app',
  'link-apk',
  'link-lookalike',
  'link-punycode',
  'link-ip',
  'link-shortener',
  'link-suspicious-tld',
  'link-unknown',
  'link-action',
  'phone-foreign',
  'link-userinfo',
  'link-subdomain',
  'link-confusable',
  'link-http',
];

function impersonationFlags(prepared: PreparedText, flags: Flag[], phones: PhoneFinding[]): Flag[] {
  const names = impersonatedNames(prepared);
  if (names.length === 0) return [];
  const acted = flags.some((f) => ACTS_ON_NAME.includes(f.code) && f.weight >= 2);
  const result = [flag('impersonation', names.join(', '), acted ? 2 : 1)];
  // An agency or a bank asking to be added on Zalo is a sign; a mobile number alone is weak.
  const chat = mentionsPrivateChat(prepared);
  const mobile = phones.some((phone) => phone.kind === 'vn-mobile');
  if ((chat || mobile) && names.some((name) => name !== 'Bưu điện, giao hàng')) result.push(flag('personal-contact', undefined, chat ? 2 : 1));
  return result;
}

function dedupe(flags: Flag[]): Flag[] {
  const seen = new Set<FlagCode>();
  return flags.filter((f) => (seen.has(f.code) ? false : (seen.add(f.code), true)));
}

/** Sentences, so that "code" and "send" are only paired when they stand together. */
function splitClauses(text: string): PreparedText[] {
  return text
    .split(/[.!?;\n]+(?=\s|$)|\n/)
    .map((clause) => clause.trim())
    .filter(Boolean)
    .map(prepareText);
}

function hasSecretCode(prepared: PreparedText): boolean {
  const joined = prepared.folded.join(' ');
  return /\b(otp|ma xac thuc|ma xac nhan|mat khau)\b/.test(joined) && /\b\d{4,8}\b/.test(joined);
}

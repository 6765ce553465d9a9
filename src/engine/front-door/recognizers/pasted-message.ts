// 4. A pasted or forwarded message (an SMS, a Zalo message, a notice): the
// scam checker's verdict comes straight away, also for a brand-new resident and
// also after "tin này có phải lừa đảo không:". What marks one: a sender tag
// ("[VCB]", "Agribank:"), links, phone numbers, sums of money, the formal
// address of notices ("quý khách", "vui lòng"), the checker's own red-flag
// phrases, a name of a bank or agency, and length. A resident telling what
// happened to them ("tôi vừa chuyển…") is not a pasted message.
import { normalizeForMatching } from '../../text.js';
import type { Lexicon } from '../lexicon.js';
import { firstPhrase, phrasePositions, type Understood } from '../understand.js';
import { handsOff, type Decision, type Recognizer } from '../types.js';
import { asksSomething } from './question.js';

/** Score from which a text is taken for a pasted message. */
export const PASTED_SCORE = 4;
/** Words a check request must be followed by to carry a message ("kiểm tra lừa đảo" alone opens the checker). */
const MIN_WORDS_AFTER_REQUEST = 4;

export const pastedMessage: Recognizer = {
  name: 'pasted-message',
  recognize({ u, node, lexicon }): Decision | undefined {
    if (handsOff(node)) return undefined;
    const request = afterCheckRequest(u, lexicon);
    if (request !== undefined) return { kind: 'pasted', text: request };
    if (isBareLinkOrPhone(u)) return { kind: 'pasted', text: u.raw };
    if ((u.urls.length > 0 || u.phones.length > 0) && firstPhrase(u, lexicon.checkRequests) !== undefined) return { kind: 'pasted', text: u.raw };
    return pastedScore(u, lexicon) >= PASTED_SCORE ? { kind: 'pasted', text: u.raw } : undefined;
  },
};

/** "tin này có phải lừa đảo không: <tin>" → "<tin>" (as typed). */
export function afterCheckRequest(u: Understood, lexicon: Lexicon): string | undefined {
  const request = lexicon.checkRequests.find((phrase) => phrasePositions(u, phrase).some((at) => at <= 3));
  if (!request) return undefined;
  const end = phrasePositions(u, request).find((at) => at <= 3)! + request.split(' ').length;
  if (u.words.length - end < MIN_WORDS_AFTER_REQUEST) return undefined;
  const colon = u.raw.indexOf(':');
  if (colon > 0 && colon < 80 && !/^\/\//.test(u.raw.slice(colon + 1))) {
    const rest = u.raw.slice(colon + 1).trim();
    if (rest.split(/\s+/).length >= MIN_WORDS_AFTER_REQUEST) return rest;
  }
  return dropLeadingWords(u.raw, end);
}

/** Drops raw words until `count` normalized words are gone ("sdt" counts as three). */
function dropLeadingWords(raw: string, count: number): string {
  const tokens = raw.split(/\s+/);
  let dropped = 0;
  let i = 0;
  while (i < tokens.length && dropped < count) {
    dropped += normalizeForMatching(tokens[i]!).split(' ').filter(Boolean).length;
    i++;
  }
  return tokens
    .slice(i)
    .join(' ')
    .replace(/^[\s:,.\-–]+/, '');
}

/** "bit.ly/nhan-qua", "0912 345 678 la ai": a link or a number with hardly a word around it. */
function isBareLinkOrPhone(u: Understood): boolean {
  return u.raw.split(/\s+/).length <= 4 && (u.urls.length > 0 || u.phones.length > 0) && u.amounts.length === 0;
}

const STRONG_FLAGS = new Set(['credential-request', 'safe-account', 'remote-app', 'transfer-request', 'threat', 'secrecy', 'too-good', 'install-app', 'urgency']);

export function pastedScore(u: Understood, lexicon: Lexicon): number {
  let score = 0;
  if (u.senderTag) score += u.numbers.length > 0 ? 4 : 3;
  if (u.urls.length > 0) score += 3;
  if (u.phones.length > 0) score += 2;
  if (u.amounts.length > 0) score += 1;
  score += Math.min(2, lexicon.formal.filter((phrase) => phrasePositions(u, phrase).length > 0).length);
  if (u.words.length >= 12) score += 1;
  if (u.words.length >= 25) score += 1;
  if (isForwardedFamilyMessage(u, lexicon)) score += 3;
  if (score === 0 && u.words.length < 8) return 0;
  score += flagScore(u);
  if (u.namedAuthorities.length > 0) score += 1;
  if (tellsOwnStory(u, lexicon)) score -= 4;
  return score;
}

/** "Mẹ ơi con bị tai nạn, mẹ chuyển gấp…": a long message to someone else, asking the tutor nothing. */
function isForwardedFamilyMessage(u: Understood, lexicon: Lexicon): boolean {
  return u.words.length >= 10 && lexicon.vocatives.some((phrase) => phrasePositions(u, phrase).includes(0)) && !asksSomething(u, lexicon);
}

/** The checker's red flags: one that alone makes a message dangerous counts double. */
function flagScore(u: Understood): number {
  const strong = u.scamFlags.filter((flag) => STRONG_FLAGS.has(flag.code));
  const score = strong.reduce((sum, flag) => sum + (flag.weight >= 4 ? 2 : 1), 0);
  return Math.min(3, score);
}

/** "tôi vừa…", "bác lỡ…", "mẹ tôi bị…": the resident speaks about themselves. */
function tellsOwnStory(u: Understood, lexicon: Lexicon): boolean {
  return lexicon.firstPerson.some((phrase) => phrasePositions(u, phrase).some((at) => at <= 2));
}

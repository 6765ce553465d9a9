// How closely a question matches a knowledge-base entry. Search ranks
// documents; this decides whether an entry's short, specific answer fits the
// question, so "đổi mật khẩu VNeID" is not answered with the entry on
// forgetting it. Terms are topic terms (folded syllables and pairs of adjacent
// syllables, no stopwords), weighted by rarity; a one-letter typo on a longer
// term still counts.
import { editDistance } from '../engine/text.js';

/** Below this, the entry's answer is not given (tuned with `npm run eval:qa` on the tuning set only). */
export const FAQ_MATCH_MIN = 0.55;

export interface TermWeights {
  contentTerms(text: string): string[];
  idf(term: string): number;
  /** How many documents use the term. */
  documents(term: string): number;
}

/**
 * The terms that carry meaning: every topic syllable, and the pairs our content
 * uses in more than one document ("mat_khau", "can_cuoc"). A pair that only
 * happens to sit across two words of one sentence ("khoan_vi") says nothing.
 */
function meaningful(text: string, weights: TermWeights): string[] {
  return [...new Set(weights.contentTerms(text).filter((term) => !term.includes('_') || weights.documents(term) >= 2))];
}

/** A pair weighs at most as much as its rarer syllable: it confirms a word, it is not a rarer one. */
function weightOf(term: string, weights: TermWeights): number {
  if (!term.includes('_')) return weights.idf(term);
  const [a, b] = term.split('_') as [string, string];
  return Math.min(weights.idf(term), Math.max(weights.idf(a), weights.idf(b)));
}

/** An entry's phrasings, analysed once when the index is built. */
export interface FaqPhrasings {
  each: string[][];
  all: Set<string>;
  /** Syllables every phrasing has ("vneid"): what the entry is about, so the question must have them too. */
  anchors: string[];
}

export function analysePhrasings(phrasings: string[], weights: TermWeights): FaqPhrasings {
  const each = phrasings.map((phrasing) => meaningful(phrasing, weights)).filter((terms) => terms.length > 0);
  const singles = each.map((terms) => new Set(terms.filter((term) => !term.includes('_'))));
  const anchors = [...(singles[0] ?? [])].filter((term) => singles.every((set) => set.has(term)));
  return { each, all: new Set(each.flat()), anchors };
}

/**
 * 0–1: the geometric mean of how much of the question the entry's phrasings
 * explain together, and how much of its closest phrasing the question holds
 * (both weighted by rarity). Extra context in a question costs a little; a
 * missing key word of the phrasing ("quên" vs "đổi") costs a lot.
 */
export function faqMatch(question: string, entry: FaqPhrasings, weights: TermWeights, near: NearTerms = nearTerms()): number {
  const asked = meaningful(question, weights);
  if (asked.length === 0 || entry.each.length === 0) return 0;
  const weight = (terms: string[]) => terms.reduce((total, term) => total + weightOf(term, weights), 0);
  const inEntry = (term: string) => {
    if (entry.all.has(term)) return true;
    for (const other of entry.all) if (near(term, other)) return true;
    return false;
  };
  // "bật wifi trên điện thoại" is not about the entry on VNeID without a connection.
  if (!entry.anchors.every((anchor) => asked.some((term) => term === anchor || near(term, anchor)))) return 0;
  const shared = asked.filter(inEntry);
  // Single syllables alone are chance ("mất căn cước" is not about "mất" anything): a pair must be shared.
  if (asked.length > 1 && !shared.some((term) => term.includes('_'))) return 0;
  const explained = weight(shared) / weight(asked);
  let held = 0;
  for (const own of entry.each) held = Math.max(held, weight(own.filter((term) => asked.some((a) => a === term || near(a, term)))) / weight(own));
  return Math.sqrt(explained * held);
}

/** "Same term but for a one-letter typo", remembered for one question: entries share many terms. */
export type NearTerms = (a: string, b: string) => boolean;

export function nearTerms(): NearTerms {
  const seen = new Map<string, boolean>();
  return (a, b) => {
    // Typos only on longer single syllables or pairs, as in the search itself.
    const min = a.includes('_') ? 9 : 5;
    if (a === b || a.length < min || b.length < min || Math.abs(a.length - b.length) > 1) return a === b;
    const key = `${a} ${b}`;
    let near = seen.get(key);
    if (near === undefined) {
      near = editDistance(a, b, 1) <= 1;
      seen.set(key, near);
    }
    return near;
  };
}

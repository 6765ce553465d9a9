// A message split into words twice: folded (no diacritics, lowercase) for
// matching whatever residents type, and "light" (lowercase, diacritics kept) so
// that words whose meaning hangs on a diacritic ("đừng" vs "dùng", "gấp" vs
// "gặp") are read correctly when the sender typed them.
import { foldText, normalizeForMatching } from '../engine/text.js';

export interface PreparedText {
  folded: string[];
  light: string[];
  /** Indexes of words that start a new clause (after , . ; : ! ? or a line break). */
  clauseStarts: Set<number>;
  /** The sender typed Vietnamese diacritics, so "light" words can be trusted. */
  hasDiacritics: boolean;
}

const DIACRITIC = /[\u0300-\u036fđĐ]/;

export function prepareText(text: string): PreparedText {
  const folded: string[] = [];
  const light: string[] = [];
  const clauseStarts = new Set<number>();
  const clauses = text
    .normalize('NFC')
    .toLowerCase()
    .split(/[,.;:!?\n]+(?=\s|$)|\n/);
  for (const clause of clauses) {
    clauseStarts.add(folded.length);
    for (const word of clause
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean)) {
      // Expanding one word at a time keeps both word lists aligned ("tk" → "tai khoan").
      const expanded = normalizeForMatching(word).split(' ').filter(Boolean);
      if (expanded.length === 0) continue;
      folded.push(...expanded);
      light.push(...(expanded.length === 1 ? [word] : expanded));
    }
  }
  return { folded, light, clauseStarts, hasDiacritics: DIACRITIC.test(text.normalize('NFD')) };
}

/** A phrase written with diacritics is matched with them when the sender used them; otherwise folded. */
export function phraseWords(phrase: string, prepared: PreparedText): { words: string[]; inLight: boolean } {
  const inLight = prepared.hasDiacritics && DIACRITIC.test(phrase.normalize('NFD'));
  const words = inLight ? phrase.normalize('NFC').toLowerCase().split(/\s+/) : foldText(phrase).split(' ');
  return { words, inLight };
}

/** Word positions where the phrase starts. */
export function findPhrase(prepared: PreparedText, phrase: string): number[] {
  const { words, inLight } = phraseWords(phrase, prepared);
  const haystack = inLight ? prepared.light : prepared.folded;
  const positions: number[] = [];
  for (let i = 0; i + words.length <= haystack.length; i++) {
    if (words.every((word, j) => haystack[i + j] === word)) positions.push(i);
  }
  return positions;
}

/** Phrases given as regular expressions run on the folded text joined by spaces. */
export function matchesRegex(prepared: PreparedText, pattern: RegExp): boolean {
  return pattern.test(prepared.folded.join(' '));
}

const NEGATORS = ['không', 'đừng', 'cấm', 'chẳng', 'chớ', 'chưa'];
const NEGATION_WINDOW = 8;

/**
 * True when a negation word stands shortly before position `at` ("không bao giờ
 * yêu cầu cung cấp OTP"), but not a conditional threat ("nếu không cung cấp…").
 */
export function isNegatedAt(prepared: PreparedText, at: number): boolean {
  for (let i = at - 1; i >= Math.max(0, at - NEGATION_WINDOW); i--) {
    // A negation does not reach across a comma or a full stop ("…có bị nhiễm virus không, chú mở TeamViewer").
    if (prepared.clauseStarts.has(i + 1)) return false;
    if (!isNegator(prepared, i)) continue;
    const before = prepared.folded[i - 1];
    return before !== 'neu' && before !== 'khi';
  }
  return false;
}

function isNegator(prepared: PreparedText, i: number): boolean {
  const folded = prepared.folded[i];
  if (folded === 'khong' || folded === 'cam' || folded === 'chang' || folded === 'cho') {
    return prepared.hasDiacritics ? NEGATORS.includes(prepared.light[i]!) : folded !== 'cho';
  }
  if (folded === 'dung' || folded === 'chua') {
    if (prepared.hasDiacritics) return NEGATORS.includes(prepared.light[i]!);
    // Without diacritics "dung" may be "dùng" ("su dung", "ung dung"): only a bare "dung" negates.
    const before = prepared.folded[i - 1];
    return folded === 'dung' && before !== 'su' && before !== 'ung' && before !== 'tin';
  }
  return false;
}

/** Positions of the phrase that are neither negated nor told as done ("đã chuyển", "vừa gửi"). */
export function findAffirmed(prepared: PreparedText, phrase: string): number[] {
  return findPhrase(prepared, phrase).filter((at) => !isNegatedAt(prepared, at) && !isDoneAt(prepared, at));
}

function isDoneAt(prepared: PreparedText, at: number): boolean {
  const before = prepared.folded[at - 1];
  return (before === 'da' || before === 'vua') && !prepared.clauseStarts.has(at);
}

// Text helpers for matching what residents type: with or without diacritics,
// any case, stray punctuation and common chat shorthand.

const SHORTHAND: Record<string, string> = {
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  hok: 'khong',
  hong: 'khong',
  'khg': 'khong',
  dc: 'duoc',
  đc: 'duoc',
  dk: 'duoc',
  'đk': 'duoc',
  j: 'gi',
  z: 'gi',
  bn: 'bao nhieu',
  bnh: 'bao nhieu',
  mk: 'mat khau',
  tk: 'tai khoan',
  sdt: 'so dien thoai',
  dt: 'dien thoai',
  đt: 'dien thoai',
  vs: 'voi',
  ntn: 'nhu the nao',
  r: 'roi',
  ok: 'ok',
  oke: 'ok',
  okie: 'ok',
  uk: 'u',
  uh: 'u',
};

/**
 * Folded texts are remembered: the same labels, phrases and choices are matched
 * turn after turn, and folding (NFD and five passes) costs more than a lookup.
 * Bounded, oldest dropped first; only short texts, so the memory stays small.
 */
const MEMO_MAX = 20_000;
const MEMO_TEXT_MAX = 200;

function memoized(transform: (input: string) => string): (input: string) => string {
  const memo = new Map<string, string>();
  return (input) => {
    if (input.length > MEMO_TEXT_MAX) return transform(input);
    let output = memo.get(input);
    if (output === undefined) {
      output = transform(input);
      if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
      memo.set(input, output);
    }
    return output;
  };
}

/** Lowercase, strip Vietnamese diacritics (đ → d), drop punctuation, collapse spaces. */
export const foldText = memoized(fold);

function fold(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** foldText plus expansion of chat shorthand ("ko dc" → "khong duoc"). */
export const normalizeForMatching = memoized((input) => fold(expandShorthand(input)));

function expandShorthand(input: string): string {
  return input
    .split(/\s+/)
    .map((word) => SHORTHAND[word.toLowerCase()] ?? word)
    .join(' ');
}

/** True when `phrase` occurs in `text` as whole words (both already folded). */
export function containsPhrase(text: string, phrase: string): boolean {
  if (!phrase) return false;
  // Most phrases are not even a substring; none builds a new string.
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const end = at + phrase.length;
    if ((at === 0 || text[at - 1] === ' ') && (end === text.length || text[end] === ' ')) return true;
  }
  return false;
}

/**
 * Levenshtein distance; anything beyond `max` is reported as max + 1 without
 * computing it. With `transpositions`, two swapped neighbours ("bnih" for
 * "binh") count as one edit, as a hurried thumb makes them.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY, transpositions = false): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j]!, beforePrevious[j - 2]! + 1);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

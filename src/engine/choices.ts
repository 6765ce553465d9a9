// Matching what a resident typed to one of the choices on screen: "2",
// "số 2", the label with or without diacritics, an alias, or a near miss.
import { editDistance, normalizeForMatching } from './text.js';

export interface MatchableChoice {
  label: string;
  aliases?: string[];
}

const YES_WORDS = ['co', 'ok', 'u', 'vang', 'da', 'dong y', 'duoc', 'yes', 'roi'];
const NO_WORDS = ['khong', 'no', 'thoi', 'khong can'];
const NEXT_WORDS = ['tiep', 'tiep tuc', 'tiep di', 'next', 'ok', 'xong'];

/** Index of the chosen option, or -1. */
export function matchChoice(input: string, choices: MatchableChoice[]): number {
  return matchNormalized(normalizeForMatching(input), choices);
}

/** The same, for text already normalized once for the turn (see front-door/understand.ts). */
export function matchNormalized(typed: string, choices: MatchableChoice[]): number {
  if (!typed || choices.length === 0) return -1;
  const byNumber = matchNumber(typed, choices.length);
  if (byNumber >= 0) return byNumber;
  const candidates = choices.map((choice) => [choice.label, ...(choice.aliases ?? [])].map(normalizeForMatching));
  const exact = candidates.findIndex((words) => words.includes(typed));
  if (exact >= 0) return exact;
  const implied = matchImpliedWord(typed, candidates);
  if (implied >= 0) return implied;
  return matchNearMiss(typed, candidates);
}

function matchNumber(typed: string, count: number): number {
  const match = /^(?:so |cau |chon |lua chon )?(\d{1,2})$/.exec(typed);
  if (!match) return -1;
  const index = Number(match[1]) - 1;
  return index >= 0 && index < count ? index : -1;
}

/** "ok" picks the one "Tiếp" or "Đồng ý" button; "không" picks the one starting with "Không". */
function matchImpliedWord(typed: string, candidates: string[][]): number {
  const groups = [YES_WORDS, NO_WORDS, NEXT_WORDS].filter((group) => group.includes(typed));
  for (const group of groups) {
    const hits = candidates.map((words, index) => ({ index, hit: words.some((word) => group.some((g) => word === g || word.startsWith(`${g} `))) })).filter((entry) => entry.hit);
    if (hits.length === 1) return hits[0]!.index;
  }
  return -1;
}

/** A unique label within a small edit distance, or a unique label that starts with what was typed. */
function matchNearMiss(typed: string, candidates: string[][]): number {
  if (typed.length < 3) return -1;
  const scored = candidates.map((words, index) => {
    const close = words.some((word) => {
      const allowed = Math.floor(word.length / 6) + 1;
      return word.length >= 4 && editDistance(word, typed, allowed) <= allowed;
    });
    const prefix = typed.length >= 4 && words.some((word) => word.startsWith(typed));
    return { index, close, prefix };
  });
  const close = scored.filter((entry) => entry.close);
  if (close.length === 1) return close[0]!.index;
  const prefix = scored.filter((entry) => entry.prefix);
  return prefix.length === 1 ? prefix[0]!.index : -1;
}

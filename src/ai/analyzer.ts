// Turns what residents type into search terms: the engine's folding (no
// diacritics, lowercase, chat shorthand) plus abbreviations from content/qa.yaml
// ("cccd" → "can cuoc"), stretched letters ("oiii"), and syllable pairs, since a
// Vietnamese word is often two syllables ("can cuoc" means little as "can" + "cuoc").
import { foldText, normalizeForMatching } from '../engine/text.js';

export interface Analyzer {
  /** Folded text with abbreviations expanded (the originals are kept too). */
  normalize(text: string): string;
  /** Single syllables without stopwords, then syllable pairs joined by "_". */
  terms(text: string): string[];
  /** The single-syllable terms only (for coverage and passage scoring). */
  words(text: string): string[];
  /** Topic terms only: syllables that are not stopwords, and pairs of consecutive ones ("quen", "mat_khau"). */
  contentTerms(text: string): string[];
}

export interface AnalyzerOptions {
  stopwords: string[];
  synonyms: Record<string, string>;
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const stop = new Set(options.stopwords.map(foldText));
  const expansions = Object.entries(options.synonyms)
    .map(([phrase, expansion]) => ({ phrase: foldText(phrase), pattern: wholeWords(foldText(phrase)), expansion: foldText(expansion) }))
    .sort((a, b) => b.pattern.source.length - a.pattern.source.length);

  const expand = (text: string): string => {
    let folded = normalizeForMatching(text).replace(STRETCHED_VOWELS, '$1');
    // Expand into a separate tail so one expansion is not expanded again.
    const added: string[] = [];
    for (const { phrase, pattern, expansion } of expansions) {
      if (folded.includes(phrase) && pattern.test(folded)) added.push(expansion);
    }
    if (added.length > 0) folded = `${folded} ${added.join(' ')}`;
    return folded;
  };
  // A question is analysed several times per search (words, terms, passages), and
  // documents at every index build: the last results are kept, in a bounded memo.
  const memo = new Map<string, string>();
  const normalize = (text: string): string => {
    let folded = memo.get(text);
    if (folded === undefined) {
      if (memo.size >= MEMO_SIZE) memo.clear();
      folded = expand(text);
      memo.set(text, folded);
    }
    return folded;
  };

  const words = (text: string): string[] =>
    normalize(text)
      .split(' ')
      .filter((word) => word.length > 0 && !stop.has(word));

  const terms = (text: string): string[] => {
    const all = normalize(text).split(' ').filter(Boolean);
    const result = all.filter((word) => !stop.has(word));
    for (let i = 0; i + 1 < all.length; i++) {
      const [a, b] = [all[i]!, all[i + 1]!];
      if (stop.has(a) && stop.has(b)) continue;
      result.push(`${a}_${b}`);
    }
    return result;
  };

  const contentTerms = (text: string): string[] => {
    // Pairs skip the stopwords between two topic syllables: "quên mã passcode" gives "quen_passcode".
    const topic = normalize(text)
      .split(' ')
      .filter((word) => word.length > 0 && !stop.has(word));
    const pairs = topic.slice(1).map((word, i) => `${topic[i]}_${word}`);
    return [...topic, ...pairs];
  };

  return { normalize, terms, words, contentTerms };
}

const MEMO_SIZE = 2000;

/** "ơiii", "nhéee": a vowel typed three times or more, after folding (consonants stay: "cccd"). */
const STRETCHED_VOWELS = /([aeiouy])\1{2,}/g;

function wholeWords(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
}

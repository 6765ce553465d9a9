// Compares a message with the scam library: each pattern's phrases score 1,
// its strong phrases 2, and the pattern matches from its minScore.
import type { ScamPattern } from './library-schema.js';
import { findPhrase, type PreparedText } from './prepared-text.js';

export interface PatternMatch {
  id: string;
  title: string;
  score: number;
  /** The library phrases found, for tests and for authors tuning signals. */
  hits: string[];
}

export function matchPatterns(prepared: PreparedText, patterns: readonly ScamPattern[]): PatternMatch[] {
  const matches: PatternMatch[] = [];
  for (const pattern of patterns) {
    const hits: string[] = [];
    let score = 0;
    for (const phrase of pattern.signals.phrases) {
      if (findPhrase(prepared, phrase).length > 0) {
        hits.push(phrase);
        score += 1;
      }
    }
    for (const phrase of pattern.signals.strong ?? []) {
      if (findPhrase(prepared, phrase).length > 0) {
        hits.push(phrase);
        score += 2;
      }
    }
    if (score >= pattern.signals.minScore) matches.push({ id: pattern.id, title: pattern.title, score, hits });
  }
  return matches.sort((a, b) => b.score - a.score);
}

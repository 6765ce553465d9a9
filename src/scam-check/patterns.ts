// Compares a message with the scam library: each pattern's phrases score 1,
// its strong phrases 2, and the pattern matches from its minScore. Negated
// phrases ("công an không làm việc qua điện thoại") don't count.
import type { ScamPattern } from './library-schema.js';
import { findAffirmed, type PreparedText } from './prepared-text.js';

export interface PatternMatch {
  id: string;
  title: string;
  score: number;
  /** A phrase only this scam uses was found, not just words of its context. */
  strongHit: boolean;
  /** The library phrases found, for tests and for authors tuning signals. */
  hits: string[];
}

export function matchPatterns(prepared: PreparedText, patterns: readonly ScamPattern[]): PatternMatch[] {
  const matches: PatternMatch[] = [];
  for (const pattern of patterns) {
    const hits: string[] = [];
    let score = 0;
    for (const phrase of pattern.signals.phrases) {
      if (findAffirmed(prepared, phrase).length > 0) {
        hits.push(phrase);
        score += 1;
      }
    }
    for (const phrase of pattern.signals.strong ?? []) {
      if (findAffirmed(prepared, phrase).length > 0) {
        hits.push(phrase);
        score += 2;
      }
    }
    const strongHit = hits.some((hit) => pattern.signals.strong?.includes(hit));
    if (score >= pattern.signals.minScore) matches.push({ id: pattern.id, title: pattern.title, score, strongHit, hits });
  }
  return matches.sort((a, b) => Number(b.strongHit) - Number(a.strongHit) || b.score - a.score);
}

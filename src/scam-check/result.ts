// The checker's verdict: its levels, mildest first, and the result shape.
// Shared by check.ts and model.ts, so neither imports the other's code.
import type { Flag } from './flags.js';
import type { PatternMatch } from './patterns.js';
import type { PhoneFinding } from './phones.js';
import type { LinkVerdict } from './urls.js';

export const SCAM_LEVELS = ['chua-thay-dau-hieu', 'dang-ngo', 'nguy-hiem'] as const;
export type ScamLevel = (typeof SCAM_LEVELS)[number];

export interface CheckResult {
  level: ScamLevel;
  score: number;
  flags: Flag[];
  matchedPatterns: PatternMatch[];
  links: LinkVerdict[];
  phones: PhoneFinding[];
  /** The text holds what looks like a one-time code: remind the resident not to share it. */
  containsSecretCode: boolean;
  /** The advice bubble for the level (from content/scams/_texts.yaml). */
  advice: string;
  usedModel: boolean;
}

export function levelRank(level: ScamLevel): number {
  return SCAM_LEVELS.indexOf(level);
}

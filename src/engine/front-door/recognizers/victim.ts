// 5. A victim or an emergency ("bị lừa", "mất tiền", "lỡ đọc OTP", "bị hack",
// "cài nhầm ứng dụng"): the urgent playbook comes first. The phrases live in
// the playbooks (content/playbooks/*.yaml, compiled into flows whose meta says
// `urgent`); the most specific playbook is tried first. "Làm sao để không bị
// lừa" is advice, not an emergency: a blocker word just before the phrase.
import type { UrgentMatcher } from '../../flow-registry.js';
import { phrasePositions, type Understood } from '../understand.js';
import { handsOff, type Decision, type Recognizer } from '../types.js';

/** How many words before a phrase a blocker ("không", "tránh", "nếu") reaches. */
const BLOCKER_REACH = 3;

export const victim: Recognizer = {
  name: 'victim',
  recognize({ u, registry, lexicon, node }): Decision | undefined {
    // A message pasted at the checker's step ("tài khoản của bạn bị hack, bấm…") is checked, not taken for the resident's story.
    if (handsOff(node)) return undefined;
    const hit = registry.urgentMatchers().find((matcher) => matchesUrgent(u, matcher, lexicon.victimBlockers));
    return hit ? { kind: 'urgent', flow: hit.flowId } : undefined;
  },
};

export function matchesUrgent(u: Understood, matcher: UrgentMatcher, blockers: Set<string>): boolean {
  const found = (phrase: string) => phrasePositions(u, phrase).some((at) => !blockedAt(u, at, blockers));
  if (matcher.unless.some((phrase) => phrasePositions(u, phrase).length > 0)) return false;
  if (matcher.any.some(found)) return true;
  return matcher.all.length > 0 && matcher.all.every((group) => group.some(found));
}

function blockedAt(u: Understood, at: number, blockers: Set<string>): boolean {
  for (let i = Math.max(0, at - BLOCKER_REACH); i < at; i++) {
    if (blockers.has(u.words[i]!) || (i + 1 < at && blockers.has(`${u.words[i]} ${u.words[i + 1]}`))) return true;
  }
  return false;
}

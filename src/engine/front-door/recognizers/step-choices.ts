// 2. The current step's own choices: a number, a button's words with or
// without diacritics, an alias or a near miss. A step's button label wins over
// a global command with the same words ("Bắt đầu" at a guide's first step
// starts the guide, not the menu).
import { matchNormalized } from '../../choices.js';
import type { Decision, Recognizer, ScreenChoice } from '../types.js';
import type { Understood } from '../understand.js';

export const stepChoices: Recognizer = {
  name: 'step-choices',
  recognize({ u, choices }): Decision | undefined {
    const index = matchNormalized(u.normalized, choices);
    const choice = choices[index];
    if (!choice || diacriticsDisagree(u, choice)) return undefined;
    return { kind: 'choice', payload: choice.payload };
  },
};

/**
 * Folded, "dừng" and "Đúng" are the same word. When the resident typed
 * diacritics and they differ from the label's, it is not that button: the
 * global command ("dừng") gets its turn.
 */
function diacriticsDisagree(u: Understood, choice: ScreenChoice): boolean {
  if (!u.hasDiacritics) return false;
  const label = choice.label
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const labelHasDiacritics = /[\u0300-\u036fđ]/.test(label.normalize('NFD'));
  return labelHasDiacritics && label !== u.lower && label.length === u.lower.length && !(choice.aliases ?? []).some((alias) => alias.toLowerCase() === u.lower);
}

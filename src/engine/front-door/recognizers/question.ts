// 7. A question → the Q&A service answers it. A question mark, a question
// word, a how-to, or four words or more (only a guess: with a model configured
// such a text may be labelled, see model-label.ts) — unless the whole message
// is exactly a flow's name. At a free-text step (the ward) only a real question counts:
// "Xã Tân Phú Trung" is an answer.
import { firstPhrase, type Understood } from '../understand.js';
import type { Lexicon } from '../lexicon.js';
import { handsOff, waitsForFreeText, type Decision, type Recognizer } from '../types.js';
import { lessonRequested } from './flow-trigger.js';

/** Messages this long (in words) that match nothing are questions, not wrong answers. */
export const QUESTION_MIN_WORDS = 4;
/** "có được không", "xong chưa", "phải không hả": a yes/no question ends with one of these. */
const QUESTION_ENDINGS = new Set(['khong', 'chua', 'ha', 'nhi', 'hem', 'sao', 'vay', 'the']);

export const question: Recognizer = {
  name: 'question',
  recognize(input): Decision | undefined {
    const { u, node, lexicon } = input;
    // The whole message is a flow's name, even one phrased as a question ("có phải lừa đảo không"): the trigger decides.
    if (handsOff(node) || lessonRequested(input)) return undefined;
    if (asksSomething(u, lexicon)) return { kind: 'question' };
    if (waitsForFreeText(node)) return undefined;
    if (u.words.length >= QUESTION_MIN_WORDS) return { kind: 'question', unsure: true };
    return undefined;
  },
};

export function asksSomething(u: Understood, lexicon: Lexicon): boolean {
  if (u.raw.includes('?')) return true;
  if (u.words.length >= 2 && QUESTION_ENDINGS.has(u.words[u.words.length - 1]!)) return true;
  return firstPhrase(u, lexicon.questionWords) !== undefined || firstPhrase(u, lexicon.howTo) !== undefined;
}

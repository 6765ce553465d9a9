// 6. Out of scope: weather, lottery, sports, prices, homework, medical
// diagnosis, politics, requests to write a scam. One bubble saying what the
// tutor helps with and where to go instead (115 for a medical emergency), and
// the menu button; never passed to volunteers.
import type { TypedPhrase } from '../lexicon.js';
import { containsPhrase } from '../../text.js';
import { hasPhrase, type Understood } from '../understand.js';
import { handsOff, type Decision, type Recognizer } from '../types.js';

export const outOfScope: Recognizer = {
  name: 'out-of-scope',
  recognize({ u, lexicon, node }): Decision | undefined {
    // At "dán tin nhắn lạ vào đây" whatever is pasted is checked, even a fake lottery win.
    if (handsOff(node)) return undefined;
    const found = (phrases: TypedPhrase[]) => phrases.some((phrase) => says(u, phrase));
    const topic = lexicon.outOfScope.find((entry) => found(entry.any) || (entry.all.length > 0 && entry.all.every(found)));
    return topic ? { kind: 'decline', topic: topic.id, text: topic.text } : undefined;
  },
};

/** Typed with diacritics, a phrase written with them must match them; otherwise the folded forms are compared. */
function says(u: Understood, phrase: TypedPhrase): boolean {
  if (phrase.light && u.hasDiacritics) return containsPhrase(u.lower, phrase.light);
  return hasPhrase(u, phrase.folded);
}

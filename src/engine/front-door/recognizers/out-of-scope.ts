// 6. Out of scope: weather, lottery, sports, prices, homework, medical
// diagnosis, politics, requests to write a scam. One bubble saying what the
// tutor helps with and where to go instead (115 for a medical emergency), and
// the menu button; never passed to volunteers.
import { firstPhrase } from '../understand.js';
import type { Decision, Recognizer } from '../types.js';

export const outOfScope: Recognizer = {
  name: 'out-of-scope',
  recognize({ u, lexicon }): Decision | undefined {
    const topic = lexicon.outOfScope.find((entry) => firstPhrase(u, entry.any) !== undefined || (entry.all.length > 0 && entry.all.every((group) => firstPhrase(u, group) !== undefined)));
    return topic ? { kind: 'decline', topic: topic.id, text: topic.text } : undefined;
  },
};

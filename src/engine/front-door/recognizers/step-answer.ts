// 9. Last: a free-text answer to the step that waits for one (a ward name, the
// message handed to the scam checker). Everything above had its chance, so a
// text recognized as an intent is never saved as an answer.
import { waitsForFreeText, type Decision, type Recognizer } from '../types.js';

export const stepAnswer: Recognizer = {
  name: 'step-answer',
  recognize({ node }): Decision | undefined {
    return waitsForFreeText(node) ? { kind: 'answer' } : undefined;
  },
};

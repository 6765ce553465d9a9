// The order in which free text is understood, in one place. The first
// recognizer that is sure wins; each one is a small unit with its own fixtures
// (tests/front-door/). docs/front-door.md explains the order.
import type { Decision, FrontDoorInput, Recognizer } from './types.js';
import { pendingConfirmation } from './recognizers/pending-confirmation.js';
import { stepChoices } from './recognizers/step-choices.js';
import { everydayIntents } from './recognizers/everyday-intents.js';
import { journeyWords } from './recognizers/journey-words.js';
import { pastedMessage } from './recognizers/pasted-message.js';
import { victim } from './recognizers/victim.js';
import { outOfScope } from './recognizers/out-of-scope.js';
import { question } from './recognizers/question.js';
import { flowTrigger } from './recognizers/flow-trigger.js';
import { stepAnswer } from './recognizers/step-answer.js';

export const RECOGNIZERS: readonly Recognizer[] = [
  pendingConfirmation, // "có" / "không" to "Bác có chắc muốn xóa hết?"
  stepChoices, //         the step's own buttons, before any global word
  everydayIntents, //     menu, help, progress, alerts on/off, a person, delete, stop, greetings
  journeyWords, //        "ôn tập", "tắt nhắc", "bật nhắc", "mời người thân"
  pastedMessage, //       an SMS or a forwarded message → the scam checker's verdict
  victim, //              "tôi vừa bị lừa" → the urgent playbook first
  outOfScope, //          weather, lottery, prices… → one polite bubble, never to volunteers
  question, //            → the Q&A service
  flowTrigger, //         only then a lesson's name starts it
  stepAnswer, //          a free-text answer to the waiting step
];

export interface Recognized {
  by: string;
  decision: Decision;
}

export function recognize(input: FrontDoorInput): Recognized | undefined {
  for (const recognizer of RECOGNIZERS) {
    const decision = recognizer.recognize(input);
    if (decision) return { by: recognizer.name, decision };
  }
  return undefined;
}

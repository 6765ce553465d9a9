// 8. Only then a flow trigger: the whole message names a lesson, a guide or a
// tool ("thanh toán QR", "học bài VNeID", "kiểm tra lừa đảo"). A trigger inside
// a sentence ("mất thẻ BHYT", "quên mk vneid") is not a request. A lesson or guide is never started by typing before the
// resident has answered the consent question: the Q&A answers instead and
// offers it as a button.
import type { LoadedFlow } from '../../flow-registry.js';
import { stripAround } from '../lexicon.js';
import { handsOff, type Decision, type FrontDoorInput, type Recognizer } from '../types.js';

export const flowTrigger: Recognizer = {
  name: 'flow-trigger',
  recognize(input): Decision | undefined {
    if (handsOff(input.node)) return undefined;
    const flow = lessonRequested(input);
    if (!flow) return undefined;
    const decided = input.state.profile.consent !== undefined || input.state.profile.onboarded !== undefined;
    if (flow.kind !== 'system' && !decided) return { kind: 'question' };
    return { kind: 'trigger', flow: flow.id };
  },
};

/** The whole message, polite and request words aside, is a flow's trigger ("cho tôi học bài Zalo nhé" → "zalo"). */
export function lessonRequested({ u, registry, lexicon }: FrontDoorInput): LoadedFlow | undefined {
  const polite = stripAround(u.normalized, lexicon.fillers);
  return registry.exactTrigger(u.normalized) ?? registry.exactTrigger(polite) ?? registry.exactTrigger(stripAround(polite, lexicon.requestWords));
}

// 8. Only then a flow trigger: the whole message names a lesson, a guide or a
// tool ("thanh toán QR", "học bài VNeID", "kiểm tra lừa đảo"), or a short one
// contains the name. A lesson or guide is never started by typing before the
// resident has answered the consent question: the Q&A answers instead and
// offers it as a button.
import type { LoadedFlow } from '../../flow-registry.js';
import { stripAround } from '../lexicon.js';
import { handsOff, type Decision, type FrontDoorInput, type Recognizer } from '../types.js';

/** A trigger inside a longer message is part of a sentence, not a request. */
const MAX_WORDS_FOR_CONTAINED_TRIGGER = 3;

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

export function lessonRequested({ u, registry, lexicon }: FrontDoorInput): LoadedFlow | undefined {
  const core = stripAround(stripAround(u.normalized, lexicon.fillers), lexicon.requestWords);
  const exact = registry.exactTrigger(core);
  if (exact) return exact;
  return u.words.length <= MAX_WORDS_FOR_CONTAINED_TRIGGER ? registry.matchTrigger(u.normalized) : undefined;
}

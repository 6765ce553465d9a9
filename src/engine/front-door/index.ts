// What the rest of the tutor may ask the front door without running a turn.
import type { EngineContext } from '../turn-builder.js';
import { choicesAt } from '../interpreter.js';
import { activeFrame, newUserState, type UserState } from '../state.js';
import { lexiconOf } from './lexicon.js';
import { recognize, type Recognized } from './order.js';
import { understand } from './understand.js';

export { RECOGNIZERS, recognize, type Recognized } from './order.js';
export type { Decision, FrontDoorInput, Recognizer, TextLabel } from './types.js';
export { labelChoices, type LabelChoices } from './model-label.js';
export { understand, type Understood } from './understand.js';

/**
 * How the front door would read this text for this resident, without changing
 * anything. The runtime can use it before a turn, e.g. to leave a pasted
 * message that goes to the scam checker unmasked and without the "don't share
 * your account number" warning (the checker has its own words for secrets).
 */
export function decideText(state: UserState | null, text: string, ctx: Omit<EngineContext, 'now'>): Recognized | undefined {
  const current = state ?? newUserState(0);
  const frame = activeFrame(current);
  const node = frame && ctx.registry.node(frame.flow, frame.node);
  return recognize({
    u: understand(text),
    state: current,
    pending: current.pending,
    frame,
    node,
    choices: frame && node ? [...current.choices, ...choicesAt(frame, node)] : current.choices,
    registry: ctx.registry,
    catalog: ctx.catalog,
    lexicon: lexiconOf(ctx.catalog),
  });
}

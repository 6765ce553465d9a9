// With a model (OPENAI_API_KEY), a text the recognizers leave unsure may be
// labelled by it (src/ai/classify.ts, asked by the runtime once per message
// id). The label becomes the decision a recognizer would have made, so the same
// action follows (a playbook, a decline, an intent, the checker, the Q&A): one
// way to do each thing. Only the label is used, never the model's words.
import type { Catalog } from '../catalog.js';
import type { FlowRegistry } from '../flow-registry.js';
import type { Recognized } from './order.js';
import { INTENTS, type IntentId } from './texts-schema.js';
import type { Decision, FrontDoorInput, TextLabel } from './types.js';

export type { TextLabel } from './types.js';

/** What the model may name: the urgent playbooks and the declined topics of the content loaded now, and the everyday intents. */
export interface LabelChoices {
  playbooks: { id: string; title: string }[];
  topics: string[];
  intents: readonly IntentId[];
}

export function labelChoices(registry: FlowRegistry, catalog: Catalog): LabelChoices {
  return {
    playbooks: registry.urgentMatchers().map(({ flowId }) => ({ id: flowId, title: registry.get(flowId)?.title ?? flowId })),
    topics: catalog.frontDoor.outOfScope.map((topic) => topic.id),
    intents: INTENTS,
  };
}

/**
 * The recognizers were not sure: none matched where no step waits for an
 * answer (a wrong answer to a step is asked again, not labelled), or the text
 * is a question only because it is long.
 */
export function leftUnsure(recognized: Recognized | undefined, input: FrontDoorInput): boolean {
  if (!recognized) return !(input.frame && input.node);
  return recognized.decision.kind === 'question' && recognized.decision.unsure === true;
}

/** The decision the label stands for; "other" (or a victim label with no playbook loaded) leaves the recognizers' own. */
export function decisionFromLabel(label: TextLabel, input: FrontDoorInput): Decision | undefined {
  switch (label.kind) {
    case 'question':
      return { kind: 'question' };
    case 'pasted-message':
      return { kind: 'pasted', text: input.u.raw };
    case 'victim': {
      const flow = playbookFlow(input.registry, label.playbook);
      return flow ? { kind: 'urgent', flow } : undefined;
    }
    case 'out-of-scope': {
      const topic = input.lexicon.outOfScope.find((entry) => entry.id === label.topic);
      return { kind: 'decline', topic: topic?.id ?? 'other', text: topic?.text ?? input.catalog.frontDoor.declineOther };
    }
    case 'intent':
      return { kind: 'intent', intent: label.intent };
    case 'other':
      return undefined;
  }
}

/** The playbook named, or the most general one (tried last by the victim recognizer: "bị lừa rồi"). */
function playbookFlow(registry: FlowRegistry, named: string | undefined): string | undefined {
  const matchers = registry.urgentMatchers();
  return (matchers.find((matcher) => matcher.flowId === named) ?? matchers.at(-1))?.flowId;
}

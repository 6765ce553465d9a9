// What every recognizer reads and what it may decide. A recognizer is a small
// pure unit: it looks at the understood text and the resident's position and
// says what the text is, or passes (undefined). The router acts on the decision.
import type { Catalog } from '../catalog.js';
import type { FlowRegistry } from '../flow-registry.js';
import type { FlowNode } from '../flow-schema.js';
import type { Frame, Pending, UserState } from '../state.js';
import type { Lexicon } from './lexicon.js';
import type { IntentId } from './texts-schema.js';
import type { Understood } from './understand.js';

/** A choice the resident can pick by typing: its words and what pressing it means. */
export interface ScreenChoice {
  label: string;
  aliases?: string[];
  payload: string;
}

export interface FrontDoorInput {
  u: Understood;
  state: UserState;
  /** The confirmation the resident was asked for on the previous turn, if any. */
  pending?: Pending;
  frame?: Frame;
  node?: FlowNode;
  /** The choices on screen, then the waiting step's own (after an answer only "Tiếp tục bài" is on screen). */
  choices: ScreenChoice[];
  registry: FlowRegistry;
  catalog: Catalog;
  lexicon: Lexicon;
}

export type Decision =
  | { kind: 'confirm'; answer: 'yes' | 'no' | 'restart' }
  | { kind: 'choice'; payload: string }
  | { kind: 'intent'; intent: IntentId }
  | { kind: 'pasted'; text: string }
  | { kind: 'urgent'; flow: string }
  | { kind: 'decline'; topic: string; text: string }
  /** `unsure`: a question only because it is long; with a model, it may be labelled (model-label.ts). */
  | { kind: 'question'; unsure?: true }
  | { kind: 'trigger'; flow: string }
  | { kind: 'answer' };

/** What the model may say a text is (with OPENAI_API_KEY, only for texts the recognizers leave unsure; see model-label.ts). */
export type TextLabel =
  | { kind: 'question' }
  | { kind: 'pasted-message' }
  /** `playbook`: an urgent flow's id (urgent-<playbook>); none or unknown: the most general one. */
  | { kind: 'victim'; playbook?: string }
  /** `topic`: a declined topic's id (frontDoor.outOfScope); none or unknown: the plain decline. */
  | { kind: 'out-of-scope'; topic?: string }
  | { kind: 'intent'; intent: IntentId }
  | { kind: 'other' };

export interface Recognizer {
  name: string;
  recognize(input: FrontDoorInput): Decision | undefined;
}

/** The step waits for a free-text answer (a ward name, a message to check). */
export function waitsForFreeText(node: FlowNode | undefined): node is Extract<FlowNode, { type: 'ask' }> {
  return node?.type === 'ask' && (!node.choices?.length || node.input !== undefined);
}

/** The step hands whatever is typed to a service (the scam checker): most recognizers stand aside. */
export function handsOff(node: FlowNode | undefined): boolean {
  return node?.type === 'ask' && node.handoff !== undefined;
}

// The ward question (an ask node with `input: ward`): what its buttons are and
// what a typed answer means. The interpreter acts on the reading; this module
// only decides, so each case is a plain value a test can look at.
import type { NodeOf } from '../flow-schema.js';
import type { Button } from '../messages.js';
import { payloadFor } from '../payloads.js';
import { foldText } from '../text.js';
import type { Ward, WardDirectory } from './directory.js';
import { matchWard } from './match.js';

/** A directory this small is shown as buttons (a numbered list where a channel has none); a larger one is typed. */
export const WARDS_SHOWN_MAX = 8;

export type WardAnswer =
  /** Save this name (the directory's, so aliases and typos become one ward). */
  | { kind: 'ward'; name: string }
  /** "Bỏ qua": the node's save: false choice, if it has one. */
  | { kind: 'skip'; choiceIndex: number }
  /** Several wards fit: ask again with these buttons. */
  | { kind: 'unclear'; buttons: Button[] }
  /** Nothing fits: say so and ask again (counted as a retry). */
  | { kind: 'none' };

export function isWardQuestion(node: NodeOf<'ask'>): boolean {
  return node.input === 'ward';
}

/** A ward button says the ward's name, as if typed, so a press and a typed name take one path. */
export function wardButtons(wards: readonly Ward[]): Button[] {
  return wards.map((ward) => ({ label: ward.name, payload: payloadFor.say(ward.name) }));
}

/** The wards the question shows under its text: all of a small directory, none of a large one. */
export function wardsShown(directory: WardDirectory): Ward[] {
  return directory.wards.length <= WARDS_SHOWN_MAX ? directory.wards : [];
}

export function readWardAnswer(text: string, node: NodeOf<'ask'>, directory: WardDirectory): WardAnswer {
  const match = matchWard(text, directory);
  if (match.kind === 'skip') return { kind: 'skip', choiceIndex: (node.choices ?? []).findIndex((choice) => choice.save === false) };
  // Without a directory the name is kept as typed (a deployment that has not listed its wards yet).
  if (directory.wards.length === 0) {
    const typed = text.trim();
    return typed.length >= 2 && typed.length <= 60 && foldText(typed) ? { kind: 'ward', name: typed } : { kind: 'none' };
  }
  if (match.kind === 'ward') return { kind: 'ward', name: match.ward.name };
  if (match.kind === 'unclear') return { kind: 'unclear', buttons: wardButtons(match.candidates) };
  return { kind: 'none' };
}

// Every fact of a guide with the YAML path it lives at: where, fee, duration,
// each document, each step that states a figure or names a source, the note.
// The source checks and `npm run content:review` read this one list.
import type { Guide } from './course-schema.js';
import { bubbles } from './compile-common.js';
import { checkOf, factSourcing, factText, statesFigure, type Checked, type Fact, type Source } from './facts.js';

export interface PlacedFact {
  path: string;
  text: string;
  source?: Source;
  /** The fact's own check, or the whole guide's review. */
  checked?: Checked;
  /** A plain fact the author wrote without any source. */
  unsourced: boolean;
  /** The check is the fact's own (not the whole guide's review). */
  ownCheck: boolean;
}

export function guideFacts(guide: Guide): PlacedFact[] {
  const review = typeof guide.reviewed === 'object' ? guide.reviewed : undefined;
  const place = (path: string, fact: Fact): PlacedFact => {
    const sourcing = factSourcing(fact);
    const checked = checkOf(sourcing, review);
    return { path, text: factText(fact), ...(sourcing.source ? { source: sourcing.source } : {}), ...(checked ? { checked } : {}), unsourced: !sourcing.source, ownCheck: sourcing.checked !== undefined };
  };
  const facts = [place('where', guide.where), place('fee', guide.fee), place('duration', guide.duration)];
  guide.documents.forEach((doc, i) => facts.push(place(`documents.${i}`, doc)));
  guide.steps.forEach((step, i) => {
    const text = bubbles(step.text).join(' ');
    if (!step.source && !statesFigure(text)) return;
    const checked = checkOf(step, review);
    facts.push({ path: `steps.${i}`, text, ...(step.source ? { source: step.source } : {}), ...(checked ? { checked } : {}), unsourced: !step.source, ownCheck: step.checked !== undefined });
  });
  if (guide.note && (typeof guide.note !== 'string' || statesFigure(guide.note))) facts.push(place('note', guide.note));
  return facts;
}

// Every fact of a guide with the YAML path it lives at: where, fee, duration,
// each document, each step that states a figure or names a source, the note.
// The source checks and `npm run content:review` read these lists (see fact-providers.ts).
import type { Authored } from './authored.js';
import type { Guide } from './course-schema.js';
import { bubbles } from './compile-common.js';
import { checkOf, factSourcing, factText, statesFigure, type Checked, type Fact, type Sourced, type Source } from './facts.js';

export interface PlacedFact {
  path: string;
  text: string;
  source?: Source;
  /** The fact's own check, or the whole item's review. */
  checked?: Checked;
  /** A plain fact the author wrote without any source. */
  unsourced: boolean;
  /** The check is the fact's own (not the whole item's review). */
  ownCheck: boolean;
  /** Marked checked although it names no source (an error). */
  checkedWithoutSource?: boolean;
}

/** One content item (a guide, an FAQ entry, a playbook) and its facts. */
export interface FactItem {
  file: string;
  id: string;
  /** Whole-item review: { by, on }, or a bare date from older files. */
  review?: Checked | string;
  facts: PlacedFact[];
}

/** A fact placed at `path`; `review` is the whole item's review, if any. */
export function placeFact(path: string, text: string, sourcing: Sourced, review?: Checked): PlacedFact {
  const checked = checkOf(sourcing, review);
  return {
    path, text,
    ...(sourcing.source ? { source: sourcing.source } : {}),
    ...(checked ? { checked } : {}),
    unsourced: !sourcing.source,
    ownCheck: sourcing.checked !== undefined,
    ...(sourcing.checked && !sourcing.source ? { checkedWithoutSource: true } : {}),
  };
}

export function guideFacts(guide: Guide): PlacedFact[] {
  const review = typeof guide.reviewed === 'object' ? guide.reviewed : undefined;
  const place = (path: string, fact: Fact) => placeFact(path, factText(fact), factSourcing(fact), review);
  const facts = [place('where', guide.where), place('fee', guide.fee), place('duration', guide.duration)];
  guide.documents.forEach((doc, i) => facts.push(place(`documents.${i}`, doc)));
  guide.steps.forEach((step, i) => {
    const text = bubbles(step.text).join(' ');
    if (step.source || step.checked || statesFigure(text)) facts.push(placeFact(`steps.${i}`, text, step, review));
  });
  if (guide.note && (typeof guide.note !== 'string' || statesFigure(guide.note))) facts.push(place('note', guide.note));
  return facts;
}

export function guideFactItem({ file, data }: Authored<Guide>): FactItem {
  return { file, id: data.id, ...(data.reviewed ? { review: data.reviewed } : {}), facts: guideFacts(data) };
}

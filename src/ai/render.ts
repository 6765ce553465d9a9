// Turns an answer into short bubbles with buttons, per the UX conventions: one
// idea per bubble (at most ~350 characters), every turn ending with a next action.
import type { Button, OutboundMessage } from '../engine/messages.js';
import { payloadFor } from '../engine/payloads.js';
import { containsPhrase, foldText, normalizeForMatching } from '../engine/text.js';
import type { QaDoc, RelatedFlow } from './corpus.js';
import { isFaqDoc } from './faq-corpus.js';
import type { QaTexts } from './texts.js';

export type Fill = (text: string, params?: Record<string, string>) => string;

const MAX_BUBBLE = 350;
const MAX_LABEL = 60;

export interface Renderer {
  fromRetrieval(question: string, docs: QaDoc[], prefix?: string): OutboundMessage[];
  fromModel(text: string, docs: QaDoc[]): OutboundMessage[];
  notFound(alsoSee?: QaDoc): OutboundMessage[];
  bubblesWithMenu(bubbles: string[], flow?: QaDoc): OutboundMessage[];
}

/** The passage of a document that answers the question best, if one clearly does (QaIndex.bestPassage). */
export type PassageFinder = (doc: QaDoc, question: string) => string | undefined;

/** At most this many bubbles per answer (UX: the answer stays in view on a small phone). */
export const MAX_ANSWER_BUBBLES = 3;
/** Flows offered as buttons after an answer, before "Về menu". */
const MAX_FLOW_BUTTONS = 3;

export function createRenderer(texts: QaTexts, fill: Fill, menuLabel: string, bestPassage?: PassageFinder): Renderer {
  const menu: Button = { label: menuLabel, payload: payloadFor.command('menu') };
  const open = (flow: RelatedFlow, template = texts.openLabel): Button => ({ label: cut(fill(template, { title: flow.title }), MAX_LABEL), payload: payloadFor.flow(flow.id) });
  const withButtons = (bubbles: string[], buttons: Button[]): OutboundMessage[] => {
    const messages: OutboundMessage[] = bubbles
      .filter(Boolean)
      .slice(0, MAX_ANSWER_BUBBLES)
      .map((text) => ({ text }));
    messages[messages.length - 1]!.buttons = buttons;
    return messages;
  };
  /** The flows a document leads to: itself, or for a knowledge-base entry its related guides and lessons. */
  const flowsOf = (docs: QaDoc[]): RelatedFlow[] => {
    const flows = docs.flatMap((doc) => (isFaqDoc(doc) ? doc.faq.related : [{ id: doc.id, title: doc.title }]));
    return flows.filter((flow, index) => flows.findIndex((other) => other.id === flow.id) === index).slice(0, MAX_FLOW_BUTTONS);
  };

  return {
    fromRetrieval(question, docs, prefix) {
      const [best, second] = docs;
      if (!best) return this.notFound();
      const note = prefix ? fill(prefix) : '';
      if (isFaqDoc(best)) {
        // The entry answers the question as written; the quota note goes only where a bubble is left.
        const answer = best.faq.answer.map((bubble) => fill(bubble));
        return withButtons(answer.length < MAX_ANSWER_BUBBLES ? [note, ...answer] : answer, [...flowsOf([best]).map((flow) => open(flow)), menu]);
      }
      // The passage that answers the question, the facts it asks for, then where to read it all.
      const passage = bestPassage?.(best, question);
      const facts = factLines(question, best, texts, fill);
      const openBest = open({ id: best.id, title: best.title });
      const pointer = `${fill(texts.found, { kind: texts.kinds[best.kind], title: best.title })} ${fill(texts.openHint, { label: openBest.label })}`;
      const lead = passage ? fill(passage) : fill(best.summary);
      const bubbles = [note, cut(lead, MAX_BUBBLE), ...(facts ? [cut(facts, MAX_BUBBLE)] : []), cut(pointer, MAX_BUBBLE)].filter(Boolean);
      // Three bubbles at most: the quota note gives way.
      if (bubbles.length > MAX_ANSWER_BUBBLES) bubbles.shift();
      const buttons = [openBest, ...(second && !isFaqDoc(second) ? [open({ id: second.id, title: second.title }, texts.alsoLabel)] : []), menu];
      return withButtons(bubbles, buttons);
    },
    fromModel(text, docs) {
      const bubbles = splitBubbles(text);
      const note = fill(texts.modelNote);
      // The note that the answer is automatic goes in its own bubble, or under the last one when three are used.
      if (bubbles.length < MAX_ANSWER_BUBBLES) bubbles.push(note);
      else if (bubbles.at(-1)!.length + note.length + 1 <= MAX_BUBBLE) bubbles[bubbles.length - 1] = `${bubbles.at(-1)}\n${note}`;
      return withButtons(bubbles, [
        ...flowsOf(docs)
          .slice(0, 2)
          .map((flow) => open(flow)),
        menu,
      ]);
    },
    notFound(alsoSee) {
      const volunteer: Button = { label: texts.volunteer.buttonLabel, payload: payloadFor.say(texts.volunteer.buttonLabel) };
      const also = alsoSee ? flowsOf([alsoSee]).slice(0, 1) : [];
      return withButtons(
        texts.notFound.map((bubble) => fill(bubble)),
        [...also.map((flow) => open(flow, texts.alsoLabel)), volunteer, menu],
      );
    },
    bubblesWithMenu(bubbles, flow) {
      return withButtons(
        bubbles.map((bubble) => fill(bubble)),
        [
          ...(flow
            ? flowsOf([flow])
                .slice(0, 1)
                .map((f) => open(f))
            : []),
          menu,
        ],
      );
    },
  };
}

/** Facts of a guide the question asks for ("ở đâu", "bao lâu", "lệ phí"). */
function factLines(question: string, doc: QaDoc, texts: QaTexts, fill: Fill): string {
  const folded = normalizeForMatching(question);
  const lines: string[] = [];
  for (const key of ['where', 'fee', 'duration'] as const) {
    const value = doc.facts[key];
    if (value && texts.facts[key].words.some((word) => containsPhrase(folded, foldText(word)))) lines.push(fill(texts.facts[key].text, { value }));
  }
  return lines.join('\n');
}

/** Splits a model answer into bubbles at paragraph, then sentence, boundaries. */
export function splitBubbles(text: string, max = MAX_ANSWER_BUBBLES): string[] {
  const bubbles: string[] = [];
  for (const paragraph of text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    let current = '';
    for (const sentence of paragraph.match(/[^.!?…]+[.!?…]*\s*/gu) ?? [paragraph]) {
      if (current && (current + sentence).length > MAX_BUBBLE) {
        bubbles.push(current.trim());
        current = '';
      }
      current += sentence;
    }
    if (current.trim()) bubbles.push(cut(current.trim(), MAX_BUBBLE));
  }
  return bubbles.slice(0, max);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// Turns an answer into short bubbles with buttons, per the UX conventions: one
// idea per bubble (at most ~350 characters), every turn ending with a next action.
import type { Button, OutboundMessage } from '../engine/messages.js';
import { payloadFor } from '../engine/payloads.js';
import { containsPhrase, foldText, normalizeForMatching } from '../engine/text.js';
import type { QaDoc } from './corpus.js';
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

export function createRenderer(texts: QaTexts, fill: Fill, menuLabel: string): Renderer {
  const menu: Button = { label: menuLabel, payload: payloadFor.command('menu') };
  const openButton = (doc: QaDoc, template = texts.openLabel): Button => ({ label: cut(fill(template, { title: doc.title }), MAX_LABEL), payload: payloadFor.flow(doc.id) });
  const withButtons = (bubbles: string[], buttons: Button[]): OutboundMessage[] => {
    const messages: OutboundMessage[] = bubbles.filter(Boolean).map((text) => ({ text }));
    messages[messages.length - 1]!.buttons = buttons;
    return messages;
  };

  return {
    fromRetrieval(question, docs, prefix) {
      const [best, second] = docs;
      if (!best) return this.notFound();
      const first = `${fill(texts.found, { kind: texts.kinds[best.kind], title: best.title })}\n${fill(best.summary)}`;
      const facts = factLines(question, best, texts, fill);
      const open = openButton(best);
      const buttons = [open, ...(second ? [openButton(second, texts.alsoLabel)] : []), menu];
      const hint = fill(texts.openHint, { label: open.label });
      return withButtons([prefix ? fill(prefix) : '', cut(first, MAX_BUBBLE), ...(facts ? [cut(facts, MAX_BUBBLE)] : []), hint], buttons);
    },
    fromModel(text, docs) {
      const buttons = [...docs.slice(0, 2).map((doc) => openButton(doc)), menu];
      return withButtons([...splitBubbles(text), fill(texts.modelNote)], buttons);
    },
    notFound(alsoSee) {
      const volunteer: Button = { label: texts.volunteer.buttonLabel, payload: payloadFor.say(texts.volunteer.buttonLabel) };
      return withButtons(texts.notFound.map((bubble) => fill(bubble)), [...(alsoSee ? [openButton(alsoSee, texts.alsoLabel)] : []), volunteer, menu]);
    },
    bubblesWithMenu(bubbles, flow) {
      return withButtons(bubbles.map((bubble) => fill(bubble)), [...(flow ? [openButton(flow)] : []), menu]);
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
export function splitBubbles(text: string): string[] {
  const bubbles: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
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
  return bubbles.slice(0, 3);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// Turns the knowledge base (content/faq) into Q&A documents: the phrasings are
// what residents type, the answer bubbles are the passages, and the related
// flows (resolved to their titles here, once) become the buttons.
import type { FlowRegistry } from '../engine/flow-registry.js';
import type { PlacedFaqEntry } from '../content/faq-source.js';
import type { QaDoc } from './corpus.js';

export const FAQ_PREFIX = 'faq:';

export function isFaqDoc(doc: QaDoc): doc is QaDoc & { faq: NonNullable<QaDoc['faq']> } {
  return doc.faq !== undefined;
}

export function buildFaqDocs(entries: PlacedFaqEntry[], registry: FlowRegistry): QaDoc[] {
  return entries.map((entry) => {
    const related = (entry.related ?? []).flatMap((id) => {
      const flow = registry.get(id);
      // An unknown id is a content:check error; at run time it is left out, not a broken button.
      return flow ? [{ id, title: flow.title }] : [];
    });
    return {
      id: `${FAQ_PREFIX}${entry.id}`,
      kind: 'faq',
      title: entry.questions[0]!,
      summary: entry.answer[0]!,
      keywords: entry.questions.join(' . '),
      passages: entry.answer,
      facts: {},
      faq: { questions: entry.questions, answer: entry.answer, related },
    };
  });
}

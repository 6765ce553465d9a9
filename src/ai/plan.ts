// The first decision on a question, shared by the service and the evaluation:
// decline it, answer it from these documents, or say we have nothing on it.
import { foldText } from '../engine/text.js';
import type { Knowledge } from './knowledge.js';
import type { Hit } from './retrieval.js';
import type { RefusalRule } from './texts.js';

export type Plan = { kind: 'refuse'; rule: RefusalRule } | { kind: 'answer'; hits: Hit[] } | { kind: 'none'; hits: Hit[] };

export function planAnswer(knowledge: Knowledge, question: string): Plan {
  const rule = knowledge.safety.match(question);
  if (rule) return { kind: 'refuse', rule };
  // "còn lệ phí thì sao" asks about what was asked before: nothing to search on its own (the service adds the last question).
  if (onlyAsksAFact(knowledge, question)) return { kind: 'none', hits: [] };
  const result = knowledge.index.query(question);
  return result.relevant ? { kind: 'answer', hits: result.hits } : { kind: 'none', hits: result.hits };
}

/** True when every topic word of the question is a word that asks for a fact of a guide (where, fee, duration). */
function onlyAsksAFact(knowledge: Knowledge, question: string): boolean {
  const words = knowledge.analyzer.words(question);
  if (words.length === 0) return false;
  const { facts } = knowledge.texts;
  const factWords = new Set([...facts.where.words, ...facts.fee.words, ...facts.duration.words].flatMap((phrase) => foldText(phrase).split(' ')));
  return words.every((word) => factWords.has(word));
}

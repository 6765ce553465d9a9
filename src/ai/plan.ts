// The first decision on a question, shared by the service and the evaluation:
// decline it, answer it from these documents, or say we have nothing on it.
import type { Knowledge } from './knowledge.js';
import type { Hit } from './retrieval.js';
import type { RefusalRule } from './texts.js';

export type Plan =
  | { kind: 'refuse'; rule: RefusalRule }
  | { kind: 'answer'; hits: Hit[] }
  | { kind: 'none'; hits: Hit[] };

export function planAnswer(knowledge: Knowledge, question: string): Plan {
  const rule = knowledge.safety.match(question);
  if (rule) return { kind: 'refuse', rule };
  const result = knowledge.index.query(question);
  return result.relevant ? { kind: 'answer', hits: result.hits } : { kind: 'none', hits: result.hits };
}

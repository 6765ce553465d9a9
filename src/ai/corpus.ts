// What the Q&A can answer from: every lesson and guide in the flow registry,
// each scam pattern of the library (opened through its scam-<id> flow), and
// the entries of the knowledge base (content/faq, built in faq-corpus.ts).
import type { LoadedFlow, FlowRegistry } from '../engine/flow-registry.js';
import type { FlowNode } from '../engine/flow-schema.js';
import type { ScamLibrary } from '../scam-check/library-schema.js';

export type DocKind = 'lesson' | 'guide' | 'scam' | 'faq';

export interface GuideFacts {
  where?: string;
  fee?: string;
  duration?: string;
}

/** A flow offered as a button after an answer. */
export interface RelatedFlow {
  id: string;
  title: string;
}

export interface QaDoc {
  /** The flow a button opens; for a knowledge-base entry, "faq:<id>" (it opens no flow). */
  id: string;
  kind: DocKind;
  title: string;
  summary: string;
  /** Trigger phrases and signal words: the words residents use. */
  keywords: string;
  /** Short texts the answer may quote or hand to the model, in reading order. */
  passages: string[];
  facts: GuideFacts;
  /** Knowledge-base entries only: the phrasings residents use, and the flows offered after the answer. */
  faq?: { questions: string[]; answer: string[]; related: RelatedFlow[] };
}

export function buildCorpus(registry: FlowRegistry, scams?: ScamLibrary): QaDoc[] {
  const docs: QaDoc[] = [];
  for (const flow of registry.all()) {
    if (flow.kind === 'lesson' || flow.kind === 'guide') docs.push(flowDoc(flow, flow.kind));
  }
  for (const pattern of scams?.patterns ?? []) {
    const flowId = `scam-${pattern.id}`;
    if (!registry.get(flowId)) continue;
    docs.push({
      id: flowId,
      kind: 'scam',
      title: pattern.title,
      summary: pattern.tip,
      keywords: [...pattern.signals.phrases, ...(pattern.signals.strong ?? [])].join(' . '),
      passages: unique([pattern.tip, ...pattern.redFlags, ...pattern.whatToDo, ...pattern.report, `Ví dụ tin lừa: ${pattern.sample}`]),
      facts: {},
    });
  }
  return docs;
}

function flowDoc(flow: LoadedFlow, kind: 'lesson' | 'guide'): QaDoc {
  const meta = (flow.meta ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof meta[key] === 'string' ? (meta[key] as string) : undefined);
  const summary = text('summary') ?? '';
  const passages: string[] = [];
  // Walk from the start so passages keep the order residents read them in.
  const seen = new Set<string>();
  const queue = [flow.start, ...Object.keys(flow.nodes)];
  for (const id of queue) {
    if (seen.has(id)) continue;
    seen.add(id);
    const node = flow.nodes[id];
    if (node) passages.push(...nodeTexts(node));
  }
  return {
    id: flow.id,
    kind,
    title: flow.title,
    summary,
    keywords: (flow.triggers ?? []).join(' . '),
    passages: unique(passages.map(cleanPassage).filter((p) => p.length > 20 && p !== summary)),
    facts: { where: text('where'), fee: text('fee'), duration: text('duration') },
  };
}

function nodeTexts(node: FlowNode): string[] {
  const bubbles = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
  switch (node.type) {
    case 'send':
    case 'end':
      return bubbles(node.text);
    case 'ask':
      return bubbles(node.text);
    case 'quiz':
      return node.options.filter((option) => option.correct).map((option) => `${bubbles(node.question).join(' ')} ${option.label}: ${option.explanation}`);
    default:
      return [];
  }
}

/** Drops headings such as "Bước 2/5: " that mean nothing out of their flow. */
function cleanPassage(passage: string): string {
  return passage.replace(/^[^\n:]{0,40}\b\d+\/\d+\s*:\s*/u, '').trim();
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

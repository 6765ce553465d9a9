// Everything the Q&A reads from content, built once and rebuilt when the
// content is reloaded (noticed by the registry object changing: one comparison per question).
import type { FlowRegistry } from '../engine/flow-registry.js';
import { loadScamLibrary } from '../scam-check/library.js';
import { createAnalyzer, type Analyzer } from './analyzer.js';
import { buildCorpus } from './corpus.js';
import { buildFaqDocs } from './faq-corpus.js';
import { loadFaq } from '../content/faq-source.js';
import { QaIndex } from './retrieval.js';
import { createSafetyRules, type SafetyRules } from './safety.js';
import { loadQaTexts, type QaTexts } from './texts.js';

export interface Knowledge {
  registry: FlowRegistry;
  texts: QaTexts;
  analyzer: Analyzer;
  index: QaIndex;
  safety: SafetyRules;
}

/** What the Q&A needs of the ContentHolder. */
export interface ContentSource {
  readonly registry: FlowRegistry;
  readonly paths: { root: string; contentDir: string };
}

/** Builds from the current content; a broken qa.yaml after a reload keeps the previous texts. */
export async function buildKnowledge(content: ContentSource, previousTexts?: QaTexts): Promise<Knowledge> {
  const registry = content.registry;
  const { root, contentDir } = content.paths;
  const texts = await loadQaTexts(contentDir).catch((error: unknown) => {
    if (previousTexts) return previousTexts;
    throw error;
  });
  // The scam library is optional here: without it, lessons and guides still answer.
  const scams = await loadScamLibrary(root, contentDir).catch(() => undefined);
  // Entries of a broken FAQ file are left out (content:check and the content loader report it).
  const faq = await loadFaq({ root, contentDir });
  const analyzer = createAnalyzer(texts);
  const index = new QaIndex([...buildCorpus(registry, scams?.library), ...buildFaqDocs(faq.entries, registry)], analyzer);
  return { registry, texts, analyzer, index, safety: createSafetyRules(texts.refusals) };
}

/** Keeps the built knowledge and rebuilds it when the content holder has new flows. */
export class KnowledgeHolder {
  private building?: Promise<Knowledge>;

  private constructor(
    private readonly content: ContentSource,
    private knowledge: Knowledge,
  ) {}

  static async create(content: ContentSource): Promise<KnowledgeHolder> {
    return new KnowledgeHolder(content, await buildKnowledge(content));
  }

  async current(): Promise<Knowledge> {
    if (this.content.registry === this.knowledge.registry) return this.knowledge;
    this.building ??= buildKnowledge(this.content, this.knowledge.texts)
      .then((next) => (this.knowledge = next))
      .finally(() => (this.building = undefined));
    return this.building;
  }
}

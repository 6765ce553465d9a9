// Finds the lessons, guides and scam patterns that answer a question, with
// MiniSearch over folded syllables and syllable pairs (typo-tolerant on longer
// terms), and picks the passages of each that fit the question best.
import MiniSearch from 'minisearch';
import type { Analyzer } from './analyzer.js';
import type { QaDoc } from './corpus.js';

export interface Hit {
  doc: QaDoc;
  score: number;
  /** Share of the question's topic words found in this document, weighted by how rare each word is (0–1). */
  coverage: number;
  /** A syllable pair of the question ("can_cuoc") occurs in the document, not just single syllables. */
  pairMatched: boolean;
}

export interface SearchResult {
  hits: Hit[];
  /** True when the best hit is good enough to answer from. */
  relevant: boolean;
}

/**
 * When the best hit is good enough to answer from: enough of the question's
 * words and syllable pairs (weighted by rarity) found in it, or a strong match
 * with a little less. Tuned with `npm run eval:qa`.
 */
export const RELEVANCE = { coverage: 0.18, score: 60, strongScore: 400, strongCoverage: 0.12 };
/** Scam patterns are many and wordy; they win only when clearly closer than a lesson or guide. */
const SCAM_DOC_BOOST = 0.75;

interface IndexedDoc {
  id: string;
  title: string;
  keywords: string;
  summary: string;
  body: string;
}

export class QaIndex {
  private readonly search: MiniSearch<IndexedDoc>;
  private readonly byId = new Map<string, QaDoc>();
  /** Inverse document frequency of each word; words our content never uses weigh most. */
  private readonly idf: (word: string) => number;

  constructor(
    readonly docs: QaDoc[],
    private readonly analyzer: Analyzer,
  ) {
    this.search = new MiniSearch<IndexedDoc>({
      fields: ['title', 'keywords', 'summary', 'body'],
      tokenize: (text) => analyzer.terms(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 3, keywords: 3, summary: 2, body: 1 },
        fuzzy: (term) => fuzziness(term),
        weights: { fuzzy: 0.5, prefix: 0.3 },
        boostDocument: (id) => (String(id).startsWith('scam-') ? SCAM_DOC_BOOST : 1),
      },
    });
    for (const doc of docs) this.byId.set(doc.id, doc);
    const df = new Map<string, number>();
    for (const doc of docs) {
      for (const term of new Set(analyzer.terms([doc.title, doc.keywords, doc.summary, ...doc.passages].join(' . ')))) df.set(term, (df.get(term) ?? 0) + 1);
    }
    this.idf = (word) => Math.log(1 + docs.length / (1 + (df.get(word) ?? 0)));
    this.search.addAll(docs.map((doc) => ({ id: doc.id, title: doc.title, keywords: doc.keywords, summary: doc.summary, body: doc.passages.join('\n') })));
  }

  get(id: string): QaDoc | undefined {
    return this.byId.get(id);
  }

  query(question: string, limit = 5): SearchResult {
    if (this.analyzer.words(question).length === 0) return { hits: [], relevant: false };
    const words = [...new Set(this.analyzer.terms(question))];
    const total = words.reduce((sum, word) => sum + this.idf(word), 0);
    const results = this.search.search(question, { combineWith: 'OR' }).slice(0, limit);
    const hits = results.map((result) => {
      const matched = new Set(result.queryTerms);
      const found = words.filter((word) => matched.has(word)).reduce((sum, word) => sum + this.idf(word), 0);
      const pairMatched = result.queryTerms.some((term) => term.includes('_'));
      return { doc: this.byId.get(String(result.id))!, score: result.score, coverage: found / total, pairMatched };
    });
    const best = hits[0];
    // Single syllables alone ("thoi tiet mai" → "mai táng") are chance: a pair must match, unless the question is one word.
    const pairNeeded = this.analyzer.words(question).length > 1;
    const relevant = Boolean(
      best &&
        (best.pairMatched || !pairNeeded) &&
        ((best.coverage >= RELEVANCE.coverage && best.score >= RELEVANCE.score) || (best.coverage >= RELEVANCE.strongCoverage && best.score >= RELEVANCE.strongScore)),
    );
    return { hits, relevant };
  }

  /** The passages of a document that share most words with the question (summary first). */
  passages(doc: QaDoc, question: string, count = 3): string[] {
    const words = new Set(this.analyzer.terms(question));
    const scored = doc.passages.map((passage, index) => {
      const terms = this.analyzer.terms(passage);
      const overlap = new Set(terms.filter((term) => words.has(term)));
      const score = [...overlap].reduce((sum, term) => sum + (term.includes('_') ? 2 : 1), 0);
      return { passage, index, score };
    });
    const best = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index).slice(0, count);
    const chosen = best.length > 0 ? best : scored.slice(0, count);
    return [doc.summary, ...chosen.sort((a, b) => a.index - b.index).map((s) => s.passage)].filter(Boolean);
  }
}

/** Typos are tolerated on longer terms only: a short syllable with one letter changed is another word. */
function fuzziness(term: string): number | false {
  if (term.includes('_')) return term.length >= 9 ? 1 : false;
  return term.length >= 5 ? 1 : false;
}

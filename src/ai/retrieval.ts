// Finds the lessons, guides, scam patterns and knowledge-base entries that
// answer a question, with MiniSearch over folded syllables and syllable pairs
// (typo-tolerant on longer terms), and picks the passages of each that fit the
// question best. A knowledge-base entry goes first when one of its phrasings
// fits the question (faq-match.ts); its answer is then given as it is written.
import MiniSearch from 'minisearch';
import type { Analyzer } from './analyzer.js';
import type { QaDoc } from './corpus.js';
import { isFaqDoc } from './faq-corpus.js';
import { analysePhrasings, FAQ_MATCH_MIN, faqMatch, nearTerms, type FaqPhrasings, type TermWeights } from './faq-match.js';

export interface Hit {
  doc: QaDoc;
  score: number;
  /** Share of the question's topic words found in this document, weighted by how rare each word is (0–1). */
  coverage: number;
  /** A syllable pair of the question ("can_cuoc") occurs in the document, not just single syllables. */
  pairMatched: boolean;
  /** Knowledge-base entries: how well the best phrasing fits the question (0–1). */
  faqMatch?: number;
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
/** Search results looked at: the many short knowledge-base entries must not push every lesson out of view. */
const CANDIDATES = 40;

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
  /** The same over every document, knowledge-base entries included: what tells one entry's phrasings from another's. */
  private readonly faqWeights: TermWeights;
  private readonly phrasings = new Map<string, FaqPhrasings>();

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
    // Each document is analysed once for both weights.
    const termsOf = new Map(docs.map((doc) => [doc, documentTerms(doc, analyzer)]));
    // Relevance of lessons, guides and scams is weighed among themselves, as before the knowledge base existed.
    this.idf = inverseFrequency(docs.filter((doc) => !isFaqDoc(doc)).map((doc) => termsOf.get(doc)!)).idf;
    const every = inverseFrequency([...termsOf.values()]);
    this.faqWeights = { contentTerms: (text) => analyzer.contentTerms(text), idf: every.idf, documents: every.df };
    for (const doc of docs) if (isFaqDoc(doc)) this.phrasings.set(doc.id, analysePhrasings(doc.faq.questions, this.faqWeights));
    // An entry is found by its phrasings only (its answer decides nothing): a smaller index, built faster.
    this.search.addAll(
      docs.map((doc) =>
        isFaqDoc(doc)
          ? { id: doc.id, title: '', keywords: doc.keywords, summary: '', body: '' }
          : { id: doc.id, title: doc.title, keywords: doc.keywords, summary: doc.summary, body: doc.passages.join('\n') },
      ),
    );
  }

  get(id: string): QaDoc | undefined {
    return this.byId.get(id);
  }

  query(question: string, limit = 5): SearchResult {
    if (this.analyzer.words(question).length === 0) return { hits: [], relevant: false };
    const words = [...new Set(this.analyzer.terms(question))];
    const total = words.reduce((sum, word) => sum + this.idf(word), 0);
    const results = this.search.search(question, { combineWith: 'OR' }).slice(0, CANDIDATES);
    const all: Hit[] = results.map((result) => {
      const matched = new Set(result.queryTerms);
      const found = words.filter((word) => matched.has(word)).reduce((sum, word) => sum + this.idf(word), 0);
      const pairMatched = result.queryTerms.some((term) => term.includes('_'));
      return { doc: this.byId.get(String(result.id))!, score: result.score, coverage: found / total, pairMatched };
    });
    const near = nearTerms();
    const faqs = all
      .filter((hit) => isFaqDoc(hit.doc))
      .map((hit) => ({ ...hit, faqMatch: faqMatch(question, this.phrasings.get(hit.doc.id)!, this.faqWeights, near) }))
      .filter((hit) => hit.faqMatch >= FAQ_MATCH_MIN)
      .sort((a, b) => b.faqMatch - a.faqMatch || b.score - a.score);
    const flows = all.filter((hit) => !isFaqDoc(hit.doc));
    const hits = [...faqs.slice(0, 1), ...flows, ...faqs.slice(1)].slice(0, limit);
    if (faqs[0]) return { hits, relevant: true };
    const best = flows[0];
    // Single syllables alone ("thoi tiet mai" → "mai táng") are chance: a pair must match, unless the question is one word.
    const pairNeeded = this.analyzer.words(question).length > 1;
    const relevant = Boolean(
      best &&
      (best.pairMatched || !pairNeeded) &&
      ((best.coverage >= RELEVANCE.coverage && best.score >= RELEVANCE.score) || (best.coverage >= RELEVANCE.strongCoverage && best.score >= RELEVANCE.strongScore)),
    );
    return { hits, relevant };
  }

  /**
   * The one passage of a lesson or guide that answers the question, when one
   * clearly does: it shares a syllable pair and at least three points of words
   * with it (a pair counts two). Undefined otherwise; the summary is said instead.
   */
  bestPassage(doc: QaDoc, question: string): string | undefined {
    if (isFaqDoc(doc)) return doc.faq.answer[0];
    const words = new Set(this.analyzer.terms(question));
    let best: { passage: string; score: number } | undefined;
    for (const passage of doc.passages) {
      const overlap = new Set(this.analyzer.terms(passage).filter((term) => words.has(term)));
      if (![...overlap].some((term) => term.includes('_'))) continue;
      const score = [...overlap].reduce((sum, term) => sum + (term.includes('_') ? 2 : 1), 0);
      if (score >= 3 && (!best || score > best.score)) best = { passage, score };
    }
    return best?.passage;
  }

  /** The passages of a document that share most words with the question (summary first). */
  passages(doc: QaDoc, question: string, count = 3): string[] {
    // A knowledge-base answer is short and whole: all of it, in order.
    if (isFaqDoc(doc)) return doc.faq.answer;
    const words = new Set(this.analyzer.terms(question));
    const scored = doc.passages.map((passage, index) => {
      const terms = this.analyzer.terms(passage);
      const overlap = new Set(terms.filter((term) => words.has(term)));
      const score = [...overlap].reduce((sum, term) => sum + (term.includes('_') ? 2 : 1), 0);
      return { passage, index, score };
    });
    const best = scored
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, count);
    const chosen = best.length > 0 ? best : scored.slice(0, count);
    return [doc.summary, ...chosen.sort((a, b) => a.index - b.index).map((s) => s.passage)].filter(Boolean);
  }
}

/** The distinct terms of a document (all its fields), for the document frequencies. */
function documentTerms(doc: QaDoc, analyzer: Analyzer): Set<string> {
  const text = [doc.title, doc.keywords, doc.summary, ...doc.passages].join(' . ');
  return new Set([...analyzer.terms(text), ...analyzer.contentTerms(text)]);
}

/** How many documents use each term, and the resulting weight: rare terms weigh most. */
function inverseFrequency(docs: Set<string>[]): { idf: (term: string) => number; df: (term: string) => number } {
  const counts = new Map<string, number>();
  for (const terms of docs) for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const df = (term: string) => counts.get(term) ?? 0;
  return { idf: (term) => Math.log(1 + docs.length / (1 + df(term))), df };
}

/** Typos are tolerated on longer terms only: a short syllable with one letter changed is another word. */
function fuzziness(term: string): number | false {
  if (term.includes('_')) return term.length >= 9 ? 1 : false;
  return term.length >= 5 ? 1 : false;
}

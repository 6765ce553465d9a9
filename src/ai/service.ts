// The "qa" service: a free question that no flow answered. Declines what is out
// of bounds, finds our lessons, guides and scam patterns that answer it, and
// either lets the model phrase a short answer from them or answers from them
// directly (no key, quota used up, timeout, API error). Only redacted text goes
// to the model, the cache, the history or the volunteer list.
import type { OutboundMessage } from '../engine/messages.js';
import { addressOf } from '../engine/state.js';
import { fillTemplate } from '../engine/template.js';
import { containsPhrase, foldText, normalizeForMatching } from '../engine/text.js';
import type { Logger } from '../log/logger.js';
import { userTag } from '../log/logger.js';
import { redact } from '../privacy/redact.js';
import type { ServiceHandler, ServiceRequestContext, ServiceResult } from '../runtime/conversation.js';
import type { AiConfig } from './config.js';
import type { QaDoc } from './corpus.js';
import type { Knowledge, KnowledgeHolder } from './knowledge.js';
import { allOf, cacheKey, countQuota, history as recentTurns, pendingQuestion, quotaDay, quotaLeft, rememberTurn, setPendingQuestion, type AnswerCache, type DataChange } from './memory.js';
import type { QaModel } from './model.js';
import { planAnswer } from './plan.js';
import { createRenderer, type Renderer } from './render.js';
import { onlySecret } from './safety.js';

export interface QaServiceOptions {
  knowledge: KnowledgeHolder;
  cache: AnswerCache;
  config: AiConfig;
  /** The deployment's time zone: the daily quota starts at its midnight. */
  timeZone: string;
  logger: Logger;
  /** Label of the menu button (the catalog's labels.menu). */
  menuLabel: () => string;
  model?: QaModel;
}

const MAX_QUESTION = 500;

export type QaOutcome = 'refused' | 'volunteer' | 'not-found' | 'retrieval' | 'model' | 'cache' | 'fallback' | 'quota' | 'personal-data';

export function createQaService(options: QaServiceOptions): ServiceHandler {
  return async (request) => {
    const knowledge = await options.knowledge.current();
    const fill = (text: string, params: Record<string, string> = {}) => fillTemplate(text, request.state, params);
    const render = createRenderer(knowledge.texts, fill, options.menuLabel(), (doc, question) => knowledge.index.bestPassage(doc, question));
    const changes: DataChange[] = [];
    const { outcome, messages, volunteer } = await answer(options, knowledge, render, request, changes);
    options.logger.info({ user: userTag(request.userKey), service: 'qa', outcome }, 'qa answered');
    const result: ServiceResult = { messages, outcome };
    const update = allOf(changes);
    if (update) result.update = update;
    if (volunteer) result.volunteer = { question: volunteer };
    return result;
  };
}

interface Answer {
  outcome: QaOutcome;
  messages: OutboundMessage[];
  /** The earlier unanswered question the resident asked to pass on. */
  volunteer?: string;
}

/** `changes` collects what the resident's data must remember; the runtime commits it with the turn. */
async function answer(options: QaServiceOptions, knowledge: Knowledge, render: Renderer, request: ServiceRequestContext, changes: DataChange[]): Promise<Answer> {
  const { cache } = options;
  const { now, data } = request;
  const question = request.text.trim().slice(0, MAX_QUESTION);
  const safeQuestion = redact(question);
  // Search without the masked numbers: "[số điện thoại]" is not what the resident asks about.
  const searchText = safeQuestion.replace(/\[[^\]]*\]/g, ' ');
  const { texts } = knowledge;

  if (texts.volunteer.words.some((word) => containsPhrase(normalizeForMatching(question), foldText(word)))) {
    const pending = pendingQuestion(data, now);
    if (!pending) return { outcome: 'volunteer', messages: render.bubblesWithMenu([texts.volunteer.nothing]) };
    changes.push(setPendingQuestion(null, now));
    return { outcome: 'volunteer', messages: render.bubblesWithMenu([texts.volunteer.done]), volunteer: pending };
  }

  if (onlySecret(question, (text) => knowledge.analyzer.words(text))) {
    // The runtime has already warned (personalDataWarning); nothing to search for.
    return { outcome: 'personal-data', messages: render.bubblesWithMenu([texts.personalData.followUp]) };
  }
  let plan = planAnswer(knowledge, searchText);
  if (plan.kind === 'refuse') {
    return { outcome: 'refused', messages: render.bubblesWithMenu(plan.rule.text, plan.rule.flow ? knowledge.index.get(plan.rule.flow) : undefined) };
  }
  const history = recentTurns(data, now);
  let followedUp = false;
  if (plan.kind === 'none' && history.length > 0) {
    // A follow-up ("còn lệ phí thì sao") makes sense with the question before it.
    const followUp = planAnswer(knowledge, `${history.at(-1)!.q.replace(/\[[^\]]*\]/g, ' ')} ${searchText}`);
    if (followUp.kind === 'answer') [plan, followedUp] = [followUp, true];
  }
  if (plan.kind === 'none') {
    changes.push(setPendingQuestion(safeQuestion, now));
    return { outcome: 'not-found', messages: render.notFound() };
  }

  const found = plan;
  const docs = found.hits.map((hit) => hit.doc);
  const retrievalAnswer = (prefix?: string) => render.fromRetrieval(searchText, closeHits(found.hits), prefix);
  const { model, config } = options;
  const rememberRetrieval = () => changes.push(rememberTurn({ q: safeQuestion, a: `${docs[0]!.title}: ${docs[0]!.summary}` }, config.AI_HISTORY_TURNS, now));
  if (!model || config.AI_DAILY_LIMIT <= 0) {
    rememberRetrieval();
    return { outcome: 'retrieval', messages: retrievalAnswer() };
  }

  const top = docs.slice(0, 3);
  // The answer says "bạn" or "bác": residents addressed differently do not share it.
  const key = cacheKey(
    model.name,
    `${addressOf(request.state)} ${knowledge.analyzer.normalize(safeQuestion)}`,
    top.map((doc) => doc.id),
  );
  // A follow-up only makes sense with its context, so its answer is not shared.
  const cached = followedUp ? undefined : await cache.get(key);
  if (cached) return { outcome: 'cache', messages: render.fromModel(cached.text, sourcesOf(cached.sources, top, knowledge)) };
  const day = quotaDay(now, options.timeZone);
  if (!quotaLeft(data, day, config.AI_DAILY_LIMIT)) return { outcome: 'quota', messages: retrievalAnswer(texts.quotaReached) };
  changes.push(countQuota(day));

  try {
    const result = await model.answer({
      system: fillTemplate(texts.systemPrompt, request.state),
      history: history.slice(-config.AI_HISTORY_TURNS),
      passages: top.map((doc) => ({ id: doc.id, title: doc.title, kind: texts.kinds[doc.kind], texts: knowledge.index.passages(doc, searchText).map((t) => fillTemplate(t, request.state)) })),
      question: safeQuestion,
    });
    if (result.kind === 'not-in-passages') {
      changes.push(setPendingQuestion(safeQuestion, now));
      return { outcome: 'not-found', messages: render.notFound(top[0]) };
    }
    if (!followedUp) await cache.set(key, { text: result.text, sources: result.sources }, config.AI_CACHE_HOURS);
    changes.push(rememberTurn({ q: safeQuestion, a: result.text }, config.AI_HISTORY_TURNS, now));
    return { outcome: 'model', messages: render.fromModel(result.text, sourcesOf(result.sources, top, knowledge)) };
  } catch (error) {
    options.logger.warn({ user: userTag(request.userKey), service: 'qa', reason: describeFailure(error) }, 'model unavailable, answering from the lessons');
    rememberRetrieval();
    return { outcome: 'fallback', messages: retrievalAnswer() };
  }
}

/** The best hit, and the second one when it is nearly as good. */
function closeHits(hits: { doc: QaDoc; score: number }[]): QaDoc[] {
  const [best, second] = hits;
  if (!best) return [];
  return second && second.score >= best.score * 0.6 ? [best.doc, second.doc] : [best.doc];
}

function sourcesOf(ids: string[], top: QaDoc[], knowledge: Knowledge): QaDoc[] {
  const cited = ids.map((id) => knowledge.index.get(id)).filter((doc): doc is QaDoc => doc !== undefined);
  return cited.length > 0 ? cited : top.slice(0, 1);
}

function describeFailure(error: unknown): string {
  if (error && typeof error === 'object') {
    const { status, name } = error as { status?: number; name?: string };
    if (typeof status === 'number') return `status ${status}`;
    if (name === 'APIConnectionTimeoutError' || name === 'TimeoutError' || name === 'AbortError' || name === 'APIUserAbortError') return 'timeout';
    if (name) return name;
  }
  return 'error';
}

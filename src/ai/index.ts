// The AI Q&A fallback: what the rest of the tutor uses.
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { OutboundMessage } from '../engine/messages.js';
import type { UserState } from '../engine/state.js';
import { fillTemplate } from '../engine/template.js';
import type { ServiceContext } from '../runtime/service-types.js';
import type { ServiceHandler } from '../runtime/conversation.js';
import type { Store } from '../store/types.js';
import { readAiConfig } from './config.js';
import { KnowledgeHolder, type ContentSource } from './knowledge.js';
import { AnswerCache } from './memory.js';
import { QaModel } from './model.js';
import { personalDataWarningText } from './safety.js';
import { createQaService } from './service.js';
import { loadQaTexts, type QaTexts } from './texts.js';

export { aiEnvSchema } from './config.js';
export { secretKinds } from './safety.js';

/** Builds the "qa" service from the tutor's context (call once at start-up). */
export async function buildQaService(context: ServiceContext): Promise<ServiceHandler> {
  const config = readAiConfig(context.rawEnv);
  const model = config.OPENAI_API_KEY
    ? new QaModel({
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_MODEL,
        baseURL: config.OPENAI_BASE_URL,
        timeoutMs: config.AI_TIMEOUT_MS,
        maxTokens: config.AI_MAX_TOKENS,
        metrics: context.metrics,
      })
    : undefined;
  const logger = context.logger.child({ component: 'qa' });
  logger.info({ model: model ? config.OPENAI_MODEL : 'none (answers from the lessons)' }, 'Q&A ready');
  return createQaService({
    knowledge: await KnowledgeHolder.create(context.content),
    cache: new AnswerCache(context.store.shared),
    config,
    timeZone: context.timeZone,
    logger,
    model,
    menuLabel: () => context.content.catalog.labels.menu,
  });
}

const textsByContent = new WeakMap<object, Promise<QaTexts>>();

/**
 * The kind reply to a message that holds an OTP, a password, or an ID, card,
 * account or social-insurance number: "don't share it, even with me; I have not
 * kept it". Undefined when there is none. Phone numbers and e-mails do not warn
 * (residents paste them from scam messages to check). Call it for every inbound
 * text and put the bubbles before the turn's reply.
 */
export async function personalDataWarning(text: string, state: UserState, content: ContentSource): Promise<OutboundMessage[] | undefined> {
  let texts = textsByContent.get(content.registry);
  if (!texts) {
    texts = loadQaTexts(content.paths.contentDir);
    textsByContent.set(content.registry, texts);
  }
  const loaded = await texts.catch(() => undefined);
  if (!loaded) {
    textsByContent.delete(content.registry);
    return undefined;
  }
  const bubbles = personalDataWarningText(text, loaded.personalData);
  return bubbles?.map((bubble) => ({ text: fillTemplate(bubble, state) }));
}

/** GET /api/admin/questions: the questions residents asked to pass to a volunteer, newest first. */
export function registerQaAdminRoutes(http: FastifyInstance, guard: preHandlerHookHandler, store: Store): void {
  http.get<{ Querystring: { limit?: string } }>('/api/admin/questions', { preHandler: guard }, async (request) => {
    const limit = Math.min(Math.max(Number(request.query.limit) || 100, 1), 1000);
    return { questions: await store.volunteers.list(limit) };
  });
}

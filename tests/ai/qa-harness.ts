// Builds the real Q&A service on the real content, with an embedded store in a
// temporary folder and, when given, the model pointed at a local fake server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { readAiConfig } from '../../src/ai/config.js';
import { KnowledgeHolder, type ContentSource } from '../../src/ai/knowledge.js';
import { AnswerCache } from '../../src/ai/memory.js';
import { QaModel } from '../../src/ai/model.js';
import { createQaService } from '../../src/ai/service.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import type { OutboundMessage } from '../../src/engine/messages.js';
import { newUserState, type UserState } from '../../src/engine/state.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { asServiceResult, type ServiceHandler } from '../../src/runtime/service-types.js';
import { createStore, type Store, type UserData } from '../../src/store/index.js';
import { ROOT } from '../helpers/engine.js';

let contentPromise: Promise<ContentHolder> | undefined;

export function loadTestContent(): Promise<ContentHolder> {
  contentPromise ??= ContentHolder.load(defaultContentPaths(ROOT), flowSources).then((loaded) => {
    if (Array.isArray(loaded)) throw new Error(`content has problems: ${JSON.stringify(loaded.slice(0, 3))}`);
    return loaded;
  });
  return contentPromise;
}

export interface QaHarness {
  ask(text: string, options?: { userId?: string; state?: UserState }): Promise<OutboundMessage[]>;
  store: Store;
  /** Questions passed to a volunteer, as the runtime would commit them (redacted by the service). */
  volunteers: { userKey: string; channel: string; question: string }[];
  logs: string[];
  close(): Promise<void>;
}

export async function startQa(env: Record<string, string> = {}, content?: ContentSource): Promise<QaHarness> {
  const source = content ?? (await loadTestContent());
  const dir = await mkdtemp(path.join(tmpdir(), 'hvs-qa-'));
  const store = createStore({ dataDir: dir });
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
  const config = readAiConfig(env);
  const model = config.OPENAI_API_KEY
    ? new QaModel({ apiKey: config.OPENAI_API_KEY, model: config.OPENAI_MODEL, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.AI_TIMEOUT_MS, maxTokens: config.AI_MAX_TOKENS })
    : undefined;
  const service: ServiceHandler = createQaService({
    knowledge: await KnowledgeHolder.create(source),
    cache: new AnswerCache(store.shared),
    config,
    timeZone: 'Asia/Ho_Chi_Minh',
    logger,
    model,
    menuLabel: () => 'Về menu',
  });
  let counter = 0;
  // Per-user data as the runtime keeps it: the service's changes applied after each answer.
  const dataByUser = new Map<string, UserData>();
  const volunteers: QaHarness['volunteers'] = [];
  return {
    store,
    logs,
    volunteers,
    ask: async (text, options = {}) => {
      const userId = options.userId ?? 'resident-1';
      const userKey = `web:${userId}`;
      const inbound = { channel: 'web', userId, messageId: `m${++counter}`, at: Date.now(), text };
      const data = structuredClone(dataByUser.get(userKey) ?? {});
      const result = asServiceResult(await service({ name: 'qa', text, userKey, state: options.state ?? newUserState(Date.now()), data, inbound, now: Date.now() }));
      result.update?.(data);
      dataByUser.set(userKey, data);
      if (result.volunteer) volunteers.push({ userKey, channel: 'web', question: result.volunteer.question });
      return result.messages;
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const textOf = (messages: OutboundMessage[]) => messages.map((m) => m.text ?? '').join('\n');
export const payloadsOf = (messages: OutboundMessage[]) => messages.flatMap((m) => m.buttons ?? []).map((b) => b.payload);

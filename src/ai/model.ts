// Asks an OpenAI-compatible chat model to answer from our passages only. The
// caller passes redacted text; this module adds no personal data. One attempt,
// bounded by the timeout: a slow or failing model means the lessons answer instead.
import type OpenAI from 'openai';
import { foldText } from '../engine/text.js';
import type { Metrics } from '../server/metrics.js';
import { keepSourcedContacts } from './answer-guard.js';
import { lazyOpenAiClient } from './openai-client.js';

export interface ModelPassage {
  id: string;
  title: string;
  kind: string;
  texts: string[];
}

export interface ModelRequest {
  system: string;
  history: { q: string; a: string }[];
  passages: ModelPassage[];
  question: string;
}

export type ModelAnswer =
  { kind: 'answer'; text: string; sources: string[]; /** Links and numbers no passage holds, taken out with their sentences. */ removed?: number } | { kind: 'not-in-passages' };

export interface ModelOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  timeoutMs: number;
  maxTokens: number;
  /** Latency, tokens and errors of each call (hvs_ai_*). */
  metrics?: Pick<Metrics, 'aiSeconds' | 'aiTokens'>;
}

/** What the model writes when the passages do not answer the question (see systemPrompt in qa.yaml). */
export const NOT_IN_PASSAGES = 'KHONG_CO_TRONG_TAI_LIEU';
const SOURCES_LINE = /^\s*NGU[OỒ]N\s*:\s*(.*)$/imu;

export class QaModel {
  private readonly client: () => Promise<OpenAI>;

  constructor(private readonly options: ModelOptions) {
    this.client = lazyOpenAiClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs: options.timeoutMs });
  }

  get name(): string {
    return this.options.model;
  }

  async answer(request: ModelRequest): Promise<ModelAnswer> {
    const { metrics } = this.options;
    const started = performance.now();
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      const client = await this.client();
      completion = await client.chat.completions.create(
        { model: this.options.model, messages: buildMessages(request), max_tokens: this.options.maxTokens, temperature: 0.2 },
        { signal: AbortSignal.timeout(this.options.timeoutMs), maxRetries: 0 },
      );
    } catch (error) {
      metrics?.aiSeconds.observe(
        { purpose: 'qa', outcome: (error as Error).name === 'TimeoutError' || /timed? ?out/i.test((error as Error).message) ? 'timeout' : 'error' },
        (performance.now() - started) / 1000,
      );
      throw error;
    }
    metrics?.aiSeconds.observe({ purpose: 'qa', outcome: 'ok' }, (performance.now() - started) / 1000);
    if (completion.usage) {
      metrics?.aiTokens.inc({ purpose: 'qa', kind: 'prompt' }, completion.usage.prompt_tokens);
      metrics?.aiTokens.inc({ purpose: 'qa', kind: 'completion' }, completion.usage.completion_tokens);
    }
    const content = completion.choices[0]?.message?.content?.trim() ?? '';
    return parseAnswer(content, request);
  }
}

export function buildMessages(request: ModelRequest): OpenAI.Chat.ChatCompletionMessageParam[] {
  const documents = request.passages.map((p) => `[${p.id}] ${p.kind} "${p.title}"\n${p.texts.map((t) => `- ${t}`).join('\n')}`).join('\n\n');
  return [
    { role: 'system', content: request.system },
    ...request.history.flatMap((turn) => [
      { role: 'user' as const, content: turn.q },
      { role: 'assistant' as const, content: turn.a },
    ]),
    { role: 'user', content: `ĐOẠN TÀI LIỆU:\n${documents}\n\nCÂU HỎI: ${request.question}` },
  ];
}

export function parseAnswer(content: string, request: ModelRequest): ModelAnswer {
  if (!content || content.includes(NOT_IN_PASSAGES) || leaksInstructions(content, request.system)) return { kind: 'not-in-passages' };
  const known = new Set(request.passages.map((p) => p.id));
  const sourcesLine = SOURCES_LINE.exec(content);
  const sources = (sourcesLine?.[1] ?? '')
    .split(/[,\s]+/)
    .map((id) => id.replace(/[[\]"'.]/g, ''))
    .filter((id) => known.has(id));
  const written = content
    .replace(SOURCES_LINE, '')
    .replace(/[*_#`]+/g, '')
    .trim();
  // Only links and phone numbers our passages hold reach the resident.
  const { text, removed } = keepSourcedContacts(
    written,
    request.passages.flatMap((passage) => passage.texts),
  );
  if (!text) return { kind: 'not-in-passages' };
  return { kind: 'answer', text, sources: [...new Set(sources)], ...(removed.length > 0 ? { removed: removed.length } : {}) };
}

/** True when the answer repeats a line of the instructions (the system prompt is never shown). */
export function leaksInstructions(answer: string, system: string): boolean {
  const folded = foldText(answer);
  return system
    .split('\n')
    .map((line) => foldText(line.replace(/^\s*\d+\.\s*/, '')))
    .filter((line) => line.length >= 40)
    .some((line) => folded.includes(line.slice(0, 60)));
}

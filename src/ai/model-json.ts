// Asks the model for one short JSON answer and checks it with a zod schema:
// the shape the text classifier and the scam checker's second opinion share.
// Only masked text leaves the process; one attempt, bounded by AI_TIMEOUT_MS;
// a failure, a slow model or an answer that does not fit the schema gives
// undefined, so the caller keeps its own decision.
import type { z } from 'zod';
import { redact } from '../privacy/redact.js';
import type { Metrics } from '../server/metrics.js';
import type { AiConfig } from './config.js';
import { lazyOpenAiClient } from './openai-client.js';

export interface JsonQuestion<T> {
  /** For the hvs_ai_* metrics: "classify", "scam-check". */
  purpose: string;
  system: string;
  /** The resident's text; masked here, cut to `maxChars`. */
  text: string;
  maxChars: number;
  maxTokens: number;
  schema: z.ZodType<T>;
}

export type AskModelForJson = <T>(question: JsonQuestion<T>) => Promise<T | undefined>;

export type ModelMetrics = Pick<Metrics, 'aiSeconds' | 'aiTokens'>;

/** Undefined without OPENAI_API_KEY. */
export function createJsonAsker(config: AiConfig, metrics?: ModelMetrics): AskModelForJson | undefined {
  if (!config.OPENAI_API_KEY) return undefined;
  const client = lazyOpenAiClient({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.AI_TIMEOUT_MS });
  return async <T>(question: JsonQuestion<T>): Promise<T | undefined> => {
    const started = performance.now();
    const observe = (outcome: string) => metrics?.aiSeconds.observe({ purpose: question.purpose, outcome }, (performance.now() - started) / 1000);
    try {
      const openai = await client();
      const completion = await openai.chat.completions.create(
        {
          model: config.OPENAI_MODEL,
          messages: [
            { role: 'system', content: question.system },
            { role: 'user', content: redact(question.text).slice(0, question.maxChars) },
          ],
          max_tokens: question.maxTokens,
          temperature: 0,
        },
        { signal: AbortSignal.timeout(config.AI_TIMEOUT_MS), maxRetries: 0 },
      );
      if (completion.usage) {
        metrics?.aiTokens.inc({ purpose: question.purpose, kind: 'prompt' }, completion.usage.prompt_tokens);
        metrics?.aiTokens.inc({ purpose: question.purpose, kind: 'completion' }, completion.usage.completion_tokens);
      }
      const answer = parseJsonAnswer(completion.choices[0]?.message?.content ?? '', question.schema);
      observe(answer === undefined ? 'unusable' : 'ok');
      return answer;
    } catch (error) {
      observe(isTimeout(error) ? 'timeout' : 'error');
      return undefined;
    }
  };
}

/** The first JSON object in the model's answer, if it fits the schema. */
export function parseJsonAnswer<T>(content: string, schema: z.ZodType<T>): T | undefined {
  const json = /\{[\s\S]*\}/.exec(content)?.[0];
  if (!json) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || /timed? ?out/i.test(error.message));
}

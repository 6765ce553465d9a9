// Environment variables of the AI Q&A. Without OPENAI_API_KEY the tutor answers
// from retrieval alone; everything else has a sensible default.
import { z } from 'zod';

export const aiEnvSchema = z.object({
  OPENAI_API_KEY: z.string().min(8).optional().describe('an OpenAI (or compatible server) API key; leave empty to answer from the lessons alone'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini').describe('a chat model name, e.g. gpt-4o-mini'),
  OPENAI_BASE_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//)
    .optional()
    .describe('the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (empty: api.openai.com)'),
  AI_TIMEOUT_MS: z.coerce.number().int().min(200).max(60_000).default(8000).describe('milliseconds to wait for the model before answering from the lessons (200–60000)'),
  AI_DAILY_LIMIT: z.coerce.number().int().min(0).max(10_000).default(20).describe('model questions per resident per day (0: never ask the model)'),
  AI_MAX_TOKENS: z.coerce.number().int().min(50).max(4000).default(350).describe('the most tokens the model may write in one answer (50–4000)'),
  AI_CACHE_HOURS: z.coerce.number().min(0).max(2160).default(72).describe('hours a model answer to the same question is reused (0: no cache)'),
  AI_HISTORY_TURNS: z.coerce.number().int().min(0).max(10).default(3).describe('earlier questions and answers given to the model as context (0–10)'),
});

export type AiConfig = z.output<typeof aiEnvSchema>;

export function readAiConfig(rawEnv: Record<string, string>): AiConfig {
  return aiEnvSchema.parse(rawEnv);
}

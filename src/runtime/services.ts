// The services a flow can hand text to (see `handoff` and the Q&A fallback),
// and the environment variables they read. One line each.
import type { z } from 'zod';
import type { ServiceName } from '../engine/flow-schema.js';
import type { ServiceContext, ServiceHandler } from './service-types.js';
import { aiEnvSchema, buildQaService } from '../ai/index.js';
import { readAiConfig } from '../ai/config.js';
import { createScamModelHook } from '../ai/scam-opinion.js';
import { buildScamCheckService } from '../scam-check/index.js';

export type { ServiceContext } from './service-types.js';

export const serviceEnvSchemas: z.ZodObject[] = [aiEnvSchema];

export async function buildServices(context: ServiceContext): Promise<Partial<Record<ServiceName, ServiceHandler>>> {
  return {
    qa: await buildQaService(context),
    'scam-check': await buildScamCheckService(context.content.paths.root, scamModelOptions(context.rawEnv)),
  };
}

/** With OPENAI_API_KEY the checker also asks the model (bounded by AI_TIMEOUT_MS). */
function scamModelOptions(rawEnv: Record<string, string>) {
  const config = readAiConfig(rawEnv);
  const model = createScamModelHook(config);
  return model ? { model, modelTimeoutMs: config.AI_TIMEOUT_MS } : {};
}

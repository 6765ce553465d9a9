// The services a flow can hand text to (see `handoff` and the Q&A fallback),
// and the environment variables they read. One line each.
import type { z } from 'zod';
import type { ServiceName } from '../engine/flow-schema.js';
import type { ServiceContext, ServiceHandler } from './service-types.js';
import { aiEnvSchema, buildQaService } from '../ai/index.js';
import { readAiConfig } from '../ai/config.js';
import { createTextClassifier, type TextClassifier } from '../ai/classify.js';
import { createScamModelHook } from '../ai/scam-opinion.js';
import { buildScamCheckService } from '../scam-check/index.js';

export type { ServiceContext } from './service-types.js';

export const serviceEnvSchemas: z.ZodObject[] = [aiEnvSchema];

export async function buildServices(context: ServiceContext): Promise<Partial<Record<ServiceName, ServiceHandler>>> {
  const qa = await buildQaService(context);
  const scamCheck = await buildScamCheckService(context.content.paths.root, scamModelOptions(context.rawEnv));
  const classify = createTextClassifier(readAiConfig(context.rawEnv));
  return { qa: classify ? sortUnsureTexts(qa, scamCheck, classify) : qa, 'scam-check': scamCheck };
}

/**
 * With a model, a text the front door was unsure of is labelled first: a
 * pasted message goes to the scam checker instead of the Q&A. Only the label is
 * used; no label (slow or failing model) leaves it with the Q&A.
 */
function sortUnsureTexts(qa: ServiceHandler, scamCheck: ServiceHandler, classify: TextClassifier): ServiceHandler {
  return async (request) => {
    if (!request.unsure) return qa(request);
    const kind = await classify(request.text);
    return kind === 'pasted-message' ? scamCheck({ ...request, name: 'scam-check' }) : qa(request);
  };
}

/** With OPENAI_API_KEY the checker also asks the model (bounded by AI_TIMEOUT_MS). */
function scamModelOptions(rawEnv: Record<string, string>) {
  const config = readAiConfig(rawEnv);
  const model = createScamModelHook(config);
  return model ? { model, modelTimeoutMs: config.AI_TIMEOUT_MS } : {};
}

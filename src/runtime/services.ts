// The services a flow can hand text to (see `handoff` and the Q&A fallback),
// and the environment variables they read. One line each.
import type { z } from 'zod';
import type { ServiceName } from '../engine/flow-schema.js';
import type { ServiceContext, ServiceHandler } from './service-types.js';
import { aiEnvSchema, buildQaService } from '../ai/index.js';
import { readAiConfig } from '../ai/config.js';
import { createScamModelHook } from '../ai/scam-opinion.js';
import { createTextClassifier, type TextClassifier } from '../ai/classify.js';
import { buildScamCheckService } from '../scam-check/index.js';
import { buildCertificateService } from '../certificates/service.js';

export type { ServiceContext } from './service-types.js';

export const serviceEnvSchemas: z.ZodObject[] = [aiEnvSchema];

export async function buildServices(context: ServiceContext): Promise<Partial<Record<ServiceName, ServiceHandler>>> {
  const qa = await buildQaService(context);
  const scamCheck = await buildScamCheckService(context.content.paths.root, scamModelOptions(context));
  return { qa, 'scam-check': scamCheck, certificate: buildCertificateService(context) };
}

/** With OPENAI_API_KEY the checker also asks the model (bounded by AI_TIMEOUT_MS). */
function scamModelOptions({ rawEnv, metrics }: ServiceContext) {
  const config = readAiConfig(rawEnv);
  const model = createScamModelHook(config, metrics);
  return model ? { model, modelTimeoutMs: config.AI_TIMEOUT_MS } : {};
}

/**
 * With OPENAI_API_KEY, the model labels the texts the front door is unsure of
 * (the Conversation's `classifyUnsure`; see src/runtime/unsure-texts.ts).
 */
export function buildUnsureClassifier({ rawEnv, metrics }: Pick<ServiceContext, 'rawEnv' | 'metrics'>): TextClassifier | undefined {
  return createTextClassifier(readAiConfig(rawEnv), metrics);
}

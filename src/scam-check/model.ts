// The optional model hook: a later AI module may give a second opinion. The
// rules stay in charge of the floor: a model can raise the level, add a flag
// with its reason, but never lower the level or declare a message safe.
import { flag } from './flags.js';
import { levelRank, type CheckResult, type ScamLevel } from './result.js';

export interface ModelOpinion {
  level: ScamLevel;
  /** One plain Vietnamese sentence on why, shown as a red flag when the level is raised. */
  reason?: string;
}

export type ScamModelHook = (text: string) => Promise<ModelOpinion | undefined>;

/** Merges a model opinion into a rules result; the result never gets milder. */
export function mergeModelOpinion(result: CheckResult, opinion: ModelOpinion | undefined): CheckResult {
  if (!opinion || levelRank(opinion.level) <= levelRank(result.level)) return result;
  return { ...result, level: opinion.level, flags: [...result.flags, flag('model', opinion.reason)], usedModel: true };
}

/** Asks the model with a time limit; a slow or failing model is ignored, the rules' answer stands. */
export async function askModel(hook: ScamModelHook, text: string, timeoutMs: number): Promise<ModelOpinion | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([hook(text).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

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
  return { ...result, level: opinion.level, flags: [...result.flags, flag('model', shownReason(opinion.reason))], usedModel: true };
}

// A link or something dialable: never shown as the model's reason (it could be the scammer's, copied from the message).
const CONTACT = /https?:|www\.|[\p{L}\p{N}-]+\.(?:[a-z]{2,24})(?:[/:]|\b)|\+?\d[\d\s.()-]{5,}\d|@/iu;
const MAX_REASON = 160;

/** A short sentence with no link, phone number or address in it; anything else is left out. */
function shownReason(reason: string | undefined): string | undefined {
  const trimmed = reason?.replace(/\s+/g, ' ').trim();
  if (!trimmed || trimmed.length > MAX_REASON || CONTACT.test(trimmed)) return undefined;
  return trimmed;
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

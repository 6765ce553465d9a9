// Measures the checker on a labelled set (content/eval/scam-messages.yaml):
// a message counts as flagged when its level is "đáng ngờ" or "nguy hiểm".
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../content/loader.js';
import type { ContentProblem } from '../engine/flow-registry.js';
import { zodProblems } from '../engine/flow-registry.js';
import { checkMessage, type ScamLevel } from './check.js';
import type { ScamLibrary } from './library-schema.js';
import type { OfficialDomain } from './urls.js';

export const EvalSetSchema = z.strictObject({
  messages: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        label: z.enum(['scam', 'legit']),
        pattern: z.string().optional().describe('For scams: the library pattern it belongs to.'),
        kind: z.string().optional().describe('For legitimate messages: what it is (otp-sms, ward-notice…).'),
        text: z.string().min(1),
      }),
    )
    .min(1),
});
export type EvalMessage = z.output<typeof EvalSetSchema>['messages'][number];

export interface EvalOutcome {
  message: EvalMessage;
  level: ScamLevel;
  flagged: boolean;
}

export interface EvalReport {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  misclassified: EvalOutcome[];
  byLevel: Record<ScamLevel, { scam: number; legit: number }>;
}

export function evaluate(messages: EvalMessage[], library: ScamLibrary, domains: readonly OfficialDomain[]): EvalReport {
  const outcomes = messages.map((message) => {
    const level = checkMessage(message.text, library, domains).level;
    return { message, level, flagged: level !== 'chua-thay-dau-hieu' };
  });
  const count = (label: 'scam' | 'legit', flagged: boolean) => outcomes.filter((o) => o.message.label === label && o.flagged === flagged).length;
  const tp = count('scam', true);
  const fp = count('legit', true);
  const byLevel = { 'nguy-hiem': { scam: 0, legit: 0 }, 'dang-ngo': { scam: 0, legit: 0 }, 'chua-thay-dau-hieu': { scam: 0, legit: 0 } };
  for (const o of outcomes) byLevel[o.level][o.message.label] += 1;
  return {
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: count('legit', false),
    falseNegatives: count('scam', false),
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp / Math.max(1, count('scam', true) + count('scam', false)),
    misclassified: outcomes.filter((o) => o.flagged !== (o.message.label === 'scam')),
    byLevel,
  };
}

export async function loadEvalSet(root: string, file = path.join(root, 'content', 'eval', 'scam-messages.yaml')): Promise<{ messages: EvalMessage[]; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const relative = path.relative(root, file);
  const data = await readYamlFile(file, relative, problems);
  if (data === undefined) return { messages: [], problems };
  const parsed = EvalSetSchema.safeParse(data);
  if (!parsed.success) return { messages: [], problems: zodProblems(relative, parsed.error) };
  return { messages: parsed.data.messages, problems };
}

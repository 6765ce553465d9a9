// Measures retrieval on a labelled question set (content/eval/qa-questions.yaml
// for tuning, content/eval/qa-frozen.yaml held out): top-1 and top-3 accuracy
// (the expected lesson, guide or knowledge-base entry is what the tutor would
// answer with), how often a knowledge-base entry answers directly, and how
// precise "out of scope" is. A knowledge-base answer also counts for the flows
// it offers as buttons (its `related`): the resident lands on them in one tap.
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../content/loader.js';
import { formatProblem, zodProblems, type ContentProblem } from '../engine/flow-registry.js';
import type { Knowledge } from './knowledge.js';
import { FAQ_PREFIX } from './faq-corpus.js';
import { planAnswer } from './plan.js';

export const EvalSetSchema = z.strictObject({
  questions: z
    .array(
      z.strictObject({
        q: z.string().min(3).describe('The question as a resident would type it.'),
        expect: z.union([z.array(z.string()).min(1), z.literal('none')]).describe('Flow ids or knowledge-base entries ("faq:<id>") that answer it (any counts), or "none" when it is out of scope.'),
      }),
    )
    .min(1),
});
export type EvalQuestion = z.output<typeof EvalSetSchema>['questions'][number];

export interface EvalOutcome {
  question: EvalQuestion;
  /** Ids the tutor would offer, best first (empty when it declines or finds nothing). */
  answered: string[];
  /** Per answered id, the ids it stands for: itself, and a knowledge-base entry's related flows. */
  covers: string[][];
  refusal?: string;
}

export interface EvalReport {
  inScope: number;
  outOfScope: number;
  /** Questions whose expected ids are not in the loaded content (not counted). */
  skipped: EvalQuestion[];
  top1: number;
  top3: number;
  outOfScopePrecision: number;
  outOfScopeRecall: number;
  /** Questions that list a knowledge-base entry, and the share whose top answer is one of those entries. */
  faqQuestions: number;
  direct: number;
  misses: EvalOutcome[];
}

export async function loadEvalSet(file: string): Promise<EvalQuestion[]> {
  const problems: ContentProblem[] = [];
  const data = await readYamlFile(file, path.basename(file), problems);
  const parsed = data === undefined ? undefined : EvalSetSchema.safeParse(data);
  if (parsed?.success) return parsed.data.questions;
  if (parsed) problems.push(...zodProblems(path.basename(file), parsed.error));
  throw new Error(problems.map(formatProblem).join('\n'));
}

export function evaluate(knowledge: Knowledge, questions: EvalQuestion[]): EvalReport {
  const known = (id: string) => knowledge.index.get(id) !== undefined;
  const skipped = questions.filter((q) => q.expect !== 'none' && !q.expect.some(known));
  const counted = questions.filter((q) => !skipped.includes(q));
  const outcomes: EvalOutcome[] = counted.map((question) => {
    const plan = planAnswer(knowledge, question.q);
    if (plan.kind === 'refuse') return { question, answered: [], covers: [], refusal: plan.rule.id };
    const docs = plan.kind === 'answer' ? plan.hits.map((hit) => hit.doc) : [];
    return { question, answered: docs.map((doc) => doc.id), covers: docs.map((doc) => [doc.id, ...(doc.faq?.related.map((flow) => flow.id) ?? [])]) };
  });
  const inScope = outcomes.filter((o) => o.question.expect !== 'none');
  const hitAt = (o: EvalOutcome, k: number) => o.question.expect !== 'none' && o.covers.slice(0, k).some((ids) => ids.some((id) => o.question.expect.includes(id)));
  const asksFaq = inScope.filter((o) => o.question.expect !== 'none' && o.question.expect.some((id) => id.startsWith(FAQ_PREFIX)));
  const directHit = (o: EvalOutcome) => o.question.expect !== 'none' && o.answered[0] !== undefined && o.question.expect.includes(o.answered[0]) && o.answered[0].startsWith(FAQ_PREFIX);
  const predictedOut = outcomes.filter((o) => o.answered.length === 0);
  const trulyOut = outcomes.filter((o) => o.question.expect === 'none');
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    inScope: inScope.length,
    outOfScope: trulyOut.length,
    skipped,
    top1: share(inScope.filter((o) => hitAt(o, 1)).length, inScope.length),
    top3: share(inScope.filter((o) => hitAt(o, 3)).length, inScope.length),
    outOfScopePrecision: share(predictedOut.filter((o) => o.question.expect === 'none').length, predictedOut.length),
    outOfScopeRecall: share(trulyOut.filter((o) => o.answered.length === 0).length, trulyOut.length),
    faqQuestions: asksFaq.length,
    direct: share(asksFaq.filter(directHit).length, asksFaq.length),
    misses: outcomes.filter((o) => (o.question.expect === 'none' ? o.answered.length > 0 : !hitAt(o, 1))),
  };
}

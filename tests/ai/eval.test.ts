import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadEvalSet } from '../../src/ai/eval.js';
import { buildKnowledge } from '../../src/ai/knowledge.js';
import { ROOT } from '../helpers/engine.js';
import { loadTestContent } from './qa-harness.js';

describe('eval:qa thresholds', () => {
  it('meets the aims on the labelled resident questions', async () => {
    const knowledge = await buildKnowledge(await loadTestContent());
    const questions = await loadEvalSet(path.join(ROOT, 'content/eval/qa-questions.yaml'));
    expect(questions.length).toBeGreaterThanOrEqual(120);
    const report = evaluate(knowledge, questions);
    expect(report.inScope).toBeGreaterThanOrEqual(100);
    expect(report.outOfScope).toBeGreaterThanOrEqual(15);
    expect(report.top1).toBeGreaterThanOrEqual(0.75);
    expect(report.top3).toBeGreaterThanOrEqual(0.9);
    expect(report.outOfScopePrecision).toBeGreaterThanOrEqual(0.8);
  });
});

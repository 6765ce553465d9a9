import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadEvalSet } from '../../src/scam-check/eval.js';
import { loadRealLibrary, ROOT } from './helpers.js';

describe('eval:scam thresholds (rules only, no model)', () => {
  it('reaches recall ≥ 0.95 and precision ≥ 0.85 on the labelled set', async () => {
    const { library, domains } = await loadRealLibrary();
    const { messages, problems } = await loadEvalSet(ROOT);
    expect(problems).toEqual([]);
    expect(messages.filter((m) => m.label === 'scam').length).toBeGreaterThanOrEqual(50);
    expect(messages.filter((m) => m.label === 'legit').length).toBeGreaterThanOrEqual(30);
    const report = evaluate(messages, library, domains);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.precision).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps the same bar on the second set', async () => {
    const { library, domains } = await loadRealLibrary();
    const { messages } = await loadEvalSet(ROOT, path.join(ROOT, 'content/eval/scam-holdout.yaml'));
    const report = evaluate(messages, library, domains);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.precision).toBeGreaterThanOrEqual(0.85);
  });

  it('covers every scam pattern named in the labelled set with a library id', async () => {
    const { library } = await loadRealLibrary();
    const { messages } = await loadEvalSet(ROOT);
    const ids = new Set(library.patterns.map((p) => p.id));
    for (const m of messages.filter((m) => m.pattern)) expect(ids.has(m.pattern!), m.id).toBe(true);
  });
});

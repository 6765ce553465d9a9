// The front-door evaluation on the tuning set, through the real engine, scam
// checker and Q&A service: a regression in any recognizer fails here. (The
// frozen set is only run by `npm run eval:front`, never asserted on, so nobody
// tunes against it.)
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrontEval, formatReport, loadFrontSet, type FrontEval, type SetReport } from '../../src/cli/eval-front.js';
import { ROOT } from '../helpers/engine.js';

const MINIMUM: Record<keyof SetReport['figures'], number> = {
  answered: 0.8, // depends on the Q&A knowledge base as much as on routing
  declined: 0.9,
  pastedChecked: 0.95,
  // The verdicts themselves are the scam checker's (npm run eval:scam measures it alone).
  scamRecall: 0.85,
  scamPrecision: 0.9,
  genuineNotFlagged: 0.8,
  urgentFirst: 0.9,
  intents: 0.9,
};

let evaluation: FrontEval;
let report: SetReport;
beforeAll(async () => {
  evaluation = await createFrontEval(ROOT);
  report = await evaluation.run(await loadFrontSet(path.join(ROOT, 'content/eval/front-tuning.yaml')));
}, 120_000);
afterAll(async () => {
  await evaluation?.close();
});

describe('eval:front on the tuning set', () => {
  it.each(Object.keys(MINIMUM) as (keyof SetReport['figures'])[])('%s stays at or above its minimum', (figure) => {
    const { hits, total } = report.figures[figure];
    expect(total, figure).toBeGreaterThan(0);
    expect(hits / total, formatReport('tuning set', report, true)).toBeGreaterThanOrEqual(MINIMUM[figure]);
  });
});

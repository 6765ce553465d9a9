// npm run eval:qa — measures the Q&A retrieval on content/eval/qa-questions.yaml
// and prints top-1, top-3 and out-of-scope precision (exit 1 below the aims).
import path from 'node:path';
import { buildKnowledge } from '../ai/knowledge.js';
import { evaluate, loadEvalSet } from '../ai/eval.js';
import { defaultContentPaths } from '../content/loader.js';
import { flowSources } from '../content/registry.js';
import { ContentHolder } from '../runtime/content-holder.js';
import { formatProblem } from '../engine/flow-registry.js';

const AIMS = { top1: 0.75, top3: 0.9 };
const root = path.resolve(process.env.CONTENT_ROOT ?? '.');
const verbose = process.argv.includes('--verbose');

const content = await ContentHolder.load(defaultContentPaths(root), flowSources);
if (Array.isArray(content)) {
  console.error(`Content has problems:\n${content.map(formatProblem).join('\n')}`);
  process.exit(2);
}
const knowledge = await buildKnowledge(content);
const questions = await loadEvalSet(path.join(root, 'content', 'eval', 'qa-questions.yaml'));
const report = evaluate(knowledge, questions);
const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

console.log(`Q&A retrieval on ${report.inScope} in-scope and ${report.outOfScope} out-of-scope questions (${knowledge.index.docs.length} documents)`);
console.log(`  top-1 accuracy          ${pct(report.top1)}   (aim ≥ ${pct(AIMS.top1)})`);
console.log(`  top-3 accuracy          ${pct(report.top3)}   (aim ≥ ${pct(AIMS.top3)})`);
console.log(`  out-of-scope precision  ${pct(report.outOfScopePrecision)}   recall ${pct(report.outOfScopeRecall)}`);
if (report.skipped.length > 0) console.log(`  skipped ${report.skipped.length} question(s) whose lesson or guide is not loaded yet`);
if (verbose || report.misses.length <= 30) {
  for (const miss of report.misses) {
    const got = miss.refusal ? `refused (${miss.refusal})` : miss.answered.slice(0, 3).join(', ') || 'nothing';
    console.log(`  ✗ "${miss.question.q}" expected ${[miss.question.expect].flat().join('|')}, got ${got}`);
  }
}
process.exit(report.top1 >= AIMS.top1 && report.top3 >= AIMS.top3 ? 0 : 1);

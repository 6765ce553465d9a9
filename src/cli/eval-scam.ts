// `npm run eval:scam`: precision and recall of the "Kiểm tra lừa đảo" checker
// (rules only, no model) on the labelled set content/eval/scam-messages.yaml,
// and separately on scam-holdout.yaml (written after tuning, checked once),
// with confusion counts and every misclassified message. `--verbose` lists flags.
import path from 'node:path';
import { formatProblem } from '../engine/flow-registry.js';
import { checkMessage } from '../scam-check/check.js';
import { evaluate, loadEvalSet, type EvalMessage, type EvalReport } from '../scam-check/eval.js';
import { loadOfficialDomains, loadScamLibrary } from '../scam-check/library.js';

const root = process.cwd();
const verbose = process.argv.includes('--verbose');
const evalDir = path.join(root, 'content', 'eval');
const [loaded, domains, main, holdout] = await Promise.all([
  loadScamLibrary(root),
  loadOfficialDomains(root),
  loadEvalSet(root, path.join(evalDir, 'scam-messages.yaml')),
  loadEvalSet(root, path.join(evalDir, 'scam-holdout.yaml')),
]);
const problems = [...loaded.problems, ...domains.problems, ...main.problems, ...holdout.problems];
if (problems.length > 0 || !loaded.library) {
  for (const problem of problems) console.error(formatProblem(problem));
  process.exit(1);
}
const library = loaded.library;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printReport(title: string, messages: EvalMessage[], report: EvalReport): void {
  const scams = report.truePositives + report.falseNegatives;
  const legit = report.trueNegatives + report.falsePositives;
  console.log(`${title}: ${messages.length} messages (${scams} scams, ${legit} legitimate)`);
  console.log(`  precision ${pct(report.precision)}   recall ${pct(report.recall)}`);
  console.log(`  true positives ${report.truePositives}   false negatives ${report.falseNegatives}`);
  console.log(`  true negatives ${report.trueNegatives}   false positives ${report.falsePositives}`);
  console.log('  level               scam  legit');
  for (const [level, counts] of Object.entries(report.byLevel)) console.log(`  ${level.padEnd(20)}${String(counts.scam).padStart(4)}${String(counts.legit).padStart(7)}`);
  if (report.misclassified.length > 0) console.log('  misclassified:');
  for (const outcome of report.misclassified) {
    const { message } = outcome;
    console.log(`    ${message.id} [${message.label} ${message.pattern ?? message.kind ?? ''}] → ${outcome.level}: ${message.text.slice(0, 110)}…`);
  }
  if (verbose) {
    for (const message of messages) {
      const result = checkMessage(message.text, library, domains.domains);
      const flags = result.flags.map((f) => `${f.code}:${f.weight}${f.detail ? `(${f.detail})` : ''}`).join(' ');
      console.log(`    ${message.id} ${message.label} → ${result.level} [${result.score}] ${flags}`);
    }
  }
  console.log('');
}

console.log(`Scam checker evaluation — rules only, no model; ${library.patterns.length} library patterns.\n`);
printReport('Labelled set (content/eval/scam-messages.yaml, used while tuning)', main.messages, evaluate(main.messages, library, domains.domains));
printReport('Second set (content/eval/scam-holdout.yaml, written after tuning; see docs/scams.md)', holdout.messages, evaluate(holdout.messages, library, domains.domains));

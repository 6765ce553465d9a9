// `npm run content:check`: validates every flow and content file and prints
// each problem as "file: path: message". Errors fail it (exit 1); warnings
// (unsourced facts, stale reviews, outdated wording) are printed and fail it
// only with `--strict` (or CONTENT_CHECK_STRICT=true).
import { defaultContentPaths, loadContent } from '../content/loader.js';
import { contentChecks, flowSources } from '../content/registry.js';
import { isWarning } from '../content/checks/severity.js';
import { formatProblem, type ContentProblem } from '../engine/flow-registry.js';

const strict = process.argv.includes('--strict') || process.env.CONTENT_CHECK_STRICT === 'true';
const paths = defaultContentPaths();
const content = await loadContent(paths, flowSources);
const problems: ContentProblem[] = [...content.problems];
try {
  for (const check of contentChecks) problems.push(...(await check(paths, content)));
} catch (error) {
  // A bad setting such as CONTENT_REVIEW_MAX_DAYS=abc: say so plainly.
  console.error(`✗ ${(error as Error).message}`);
  process.exit(1);
}

const warnings = problems.filter(isWarning);
const errors = problems.filter((problem) => !isWarning(problem));
for (const problem of errors) console.error(formatProblem(problem));
for (const problem of warnings) console.error(`${strict ? '' : '⚠ '}${formatProblem(problem)}`);

const failing = strict ? problems.length : errors.length;
if (failing > 0) {
  const detail = strict ? `${errors.length} error(s), ${warnings.length} warning(s) counted as errors by --strict` : `${errors.length} error(s), ${warnings.length} warning(s)`;
  console.error(`\n✗ ${detail}.`);
  process.exit(1);
}
const flows = content.registry.all();
const count = (kind: string) => flows.filter((flow) => flow.kind === kind).length;
const suffix = warnings.length > 0 ? ` ${warnings.length} warning(s) above (errors under --strict).` : '';
console.log(`✓ Content OK: ${flows.length} flows (${count('lesson')} lessons, ${count('guide')} guides, ${count('system')} system).${suffix}`);

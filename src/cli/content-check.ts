// `npm run content:check`: validates every flow and content file and prints
// each problem as "file: path: message". Exits 1 when there is any problem.
import { defaultContentPaths, loadContent } from '../content/loader.js';
import { contentChecks, flowSources } from '../content/registry.js';
import { formatProblem } from '../engine/flow-registry.js';

const paths = defaultContentPaths();
const content = await loadContent(paths, flowSources);
const problems = [...content.problems];
for (const check of contentChecks) problems.push(...(await check(paths, content)));

if (problems.length > 0) {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`\n✗ ${problems.length} problem(s) found.`);
  process.exit(1);
}
const flows = content.registry.all();
const count = (kind: string) => flows.filter((flow) => flow.kind === kind).length;
console.log(`✓ Content OK: ${flows.length} flows (${count('lesson')} lessons, ${count('guide')} guides, ${count('system')} system).`);

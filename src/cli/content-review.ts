// `npm run content:review`: a table for content authors — every fact of every
// guide, its source, the age of its check, and what to check next. Options:
// `--guide <id>` (one guide), `--todo` (only facts that are not freshly checked).
import { loadCourse } from '../content/course-source.js';
import { allFactItems } from '../content/fact-providers.js';
import { reviewMaxDays } from '../content/facts.js';
import { defaultContentPaths } from '../content/loader.js';
import { formatReviewTable, reviewRows, summarize } from '../content/review-table.js';

const args = process.argv.slice(2);
const guide = args.includes('--guide') ? args[args.indexOf('--guide') + 1] : undefined;
const todo = args.includes('--todo');

let maxDays: number;
try {
  maxDays = reviewMaxDays();
} catch (error) {
  console.error(`✗ ${(error as Error).message}`);
  process.exit(1);
}
const paths = defaultContentPaths();
const course = await loadCourse(paths);
if (course.problems.length > 0) console.error(`⚠ ${course.problems.length} content problem(s): run npm run content:check; files with errors are left out.`);
const rows = reviewRows(await allFactItems(paths), Date.now(), maxDays).filter((row) => (!guide || row.guide === guide) && (!todo || row.status !== 'checked'));
if (guide && rows.length === 0 && !todo) {
  console.error(`✗ no guide "${guide}" (use an id such as guide-id-card)`);
  process.exit(1);
}
console.log(formatReviewTable(rows));
const summary = summarize(rows);
console.log(
  `\n${summary.facts} facts: ${summary.checked} checked, ${summary.stale} stale (older than ${maxDays} days), ${summary.unverified} sourced but not checked yet (shown as "tham khảo"), ${summary.unsourced} without a source.`,
);

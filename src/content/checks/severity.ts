// Problems are errors unless marked as warnings. Warnings (an unsourced fact,
// a review that is getting old, wording the 2025 reorganisation made wrong) are
// printed by `npm run content:check` without failing it; `--strict` fails on them.
import type { ContentProblem } from '../../engine/flow-registry.js';

export type Finding = ContentProblem & { severity?: 'warning' };

export function warning(problem: ContentProblem): Finding {
  return { ...problem, severity: 'warning' };
}

export function isWarning(problem: ContentProblem): boolean {
  return (problem as Finding).severity === 'warning';
}

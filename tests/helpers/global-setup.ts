// Vitest global setup: marks this run in the environment that every test process,
// and every process they start, inherits. At the end it fails the run if any
// marked process is still alive (and kills it), so no test leaves a tutor, a
// worker or an esbuild helper running behind.
import { randomUUID } from 'node:crypto';
import { killMarked, markedProcesses, RUN_MARK, type MarkedProcess } from './process.js';

export default function setup(): () => Promise<void> {
  const runId = randomUUID();
  process.env[RUN_MARK] = runId;
  return async () => {
    const left = await leftBehind(runId);
    if (left.length === 0) return;
    killMarked(left);
    throw new Error(`the tests left ${left.length} process(es) running (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
  };
}

/** Marked processes other than Vitest's own workers (this process's children), after a moment for those already exiting. */
async function leftBehind(runId: string): Promise<MarkedProcess[]> {
  const find = () => markedProcesses(runId, process.pid).filter((p) => p.ppid !== process.pid);
  let left = find();
  for (let i = 0; i < 20 && left.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = find();
  }
  return left;
}

// After-turn hooks run on every turn and usually have nothing to wait for (no
// report pressed, no lesson finished). Written as async functions they cost a
// promise and a tick each even then; as steps that return a promise only when
// they write, a quiet turn makes none.

/** What a step returns: nothing, or a promise when it has I/O to wait for. */
export type Step = () => Promise<unknown> | unknown;

/** Runs the steps in order, waiting only for those that return a promise; undefined when none did. */
export function runSteps(steps: readonly Step[], from = 0): Promise<void> | undefined {
  for (let i = from; i < steps.length; i++) {
    const result = steps[i]!();
    if (result instanceof Promise) return result.then(() => runSteps(steps, i + 1));
  }
  return undefined;
}

// Per-chat ordering shared by the sender and the channels.

const SETTLED: Promise<unknown> = Promise.resolve();

/**
 * Runs tasks one after another per key (a chat), different keys in parallel, in
 * the order they were queued; a failing task does not block the next. The
 * sender's own queue, also used by channels to turn a chat's updates in order.
 */
export class PerKeySerial {
  /** Per key, a promise that settles (never rejects) when its last queued task is done. */
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    // Every turn and every send goes through here: two promises per task, not four.
    const result = (this.tails.get(key) ?? SETTLED).then(task);
    const done = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail = result.then(done, done);
    this.tails.set(key, tail);
    return result;
  }

  /** Resolves when every task queued so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Like idle(), but gives up after `withinMs` (used on stop). */
  async drain(withinMs: number): Promise<void> {
    await Promise.race([this.idle(), new Promise((resolve) => setTimeout(resolve, withinMs).unref())]);
  }
}

// A trace id per turn, carried through every log line written while the turn
// runs (channel → turn → service → delivery), by AsyncLocalStorage: code in
// between need not pass it along. The logger adds it to each line (mixin).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const storage = new AsyncLocalStorage<{ trace: string }>();

export function newTraceId(): string {
  return randomBytes(8).toString('hex');
}

export function withTrace<T>(trace: string, work: () => T): T {
  return storage.run({ trace }, work);
}

export function currentTrace(): string | undefined {
  return storage.getStore()?.trace;
}

/** pino mixin: the current trace id on every line written inside a turn. */
export function traceMixin(): Record<string, string> {
  const trace = storage.getStore()?.trace;
  return trace ? { trace } : {};
}

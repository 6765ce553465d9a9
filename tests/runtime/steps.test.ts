import { describe, expect, it } from 'vitest';
import { runSteps } from '../../src/runtime/steps.js';

describe('runSteps', () => {
  it('runs quiet steps at once and makes no promise', () => {
    const log: number[] = [];
    const result = runSteps([() => void log.push(1), () => void log.push(2)]);
    expect(result).toBeUndefined();
    expect(log).toEqual([1, 2]);
  });

  it('waits for a step that returns a promise before starting the next one', async () => {
    const log: string[] = [];
    const result = runSteps([() => void log.push('a'), () => new Promise<void>((resolve) => setTimeout(() => (log.push('b done'), resolve()), 5)), () => void log.push('c')]);
    expect(result).toBeInstanceOf(Promise);
    expect(log).toEqual(['a']);
    await result;
    expect(log).toEqual(['a', 'b done', 'c']);
  });

  it('stops at a step that fails and rejects with its error', async () => {
    const log: string[] = [];
    await expect(runSteps([() => Promise.reject(new Error('store down')), () => void log.push('after')])).rejects.toThrow('store down');
    expect(log).toEqual([]);
  });
});

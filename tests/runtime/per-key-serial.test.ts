import { describe, expect, it } from 'vitest';
import { PerKeySerial } from '../../src/runtime/per-key-serial.js';

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('PerKeySerial', () => {
  it('runs one key in queue order, other keys alongside, and a failure does not block the next task', async () => {
    const serial = new PerKeySerial();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await later(ms);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a1 = serial.run('a', task('a1', 20, true));
    const a2 = serial.run('a', task('a2', 1));
    const b1 = serial.run('b', task('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    await expect(a2).resolves.toBe('a2');
    await expect(b1).resolves.toBe('b1');
    // b1 ran while a1 was waiting; a2 only after a1 ended.
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
  });

  it('starts a task only after the one before it on its key has settled, also when queued from inside it', async () => {
    const serial = new PerKeySerial();
    const log: string[] = [];
    await serial.run('k', async () => {
      void serial.run('k', async () => void log.push('inner'));
      await later(5);
      log.push('outer done');
    });
    await serial.idle();
    expect(log).toEqual(['outer done', 'inner']);
  });

  it('is idle once every queued task has finished, and forgets the keys', async () => {
    const serial = new PerKeySerial();
    let finished = 0;
    for (let i = 0; i < 50; i++) void serial.run(`k${i % 5}`, async () => void (await later(1), finished++));
    await serial.idle();
    expect(finished).toBe(50);
    // Nothing is left queued: a later idle() resolves at once.
    const before = performance.now();
    await serial.idle();
    expect(performance.now() - before).toBeLessThan(5);
  });
});

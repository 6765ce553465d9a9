// PacedSender on a fake clock: gaps per chat, the global rate, 429, 403,
// backoff, ordering. Shared by every platform channel.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacedSender, PerKeySerial, type AttemptResult, type PacingPolicy } from '../../src/channels/shared/paced-sender.js';
import type { Logger } from '../../src/log/logger.js';
import { Metrics } from '../../src/server/metrics.js';

const policy: PacingPolicy = { perChatIntervalMs: 1000, globalPerSecond: 30, maxAttempts: 4, baseBackoffMs: 500, maxBackoffMs: 4000 };
const OK: AttemptResult = { ok: true };

let warnings: Record<string, unknown>[];
let metrics: Metrics;

function sender(overrides: Partial<PacingPolicy> = {}): PacedSender {
  const logger = { warn: (fields: Record<string, unknown>) => warnings.push(fields) } as unknown as Logger;
  return new PacedSender('test', { ...policy, ...overrides }, logger, metrics, undefined, () => Date.now());
}

/** A call that records when it ran and answers from a script (then OK). */
function recorder(times: number[], script: AttemptResult[] = []) {
  return async () => {
    times.push(Date.now());
    return script.shift() ?? OK;
  };
}

async function settle<T>(promise: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return promise;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(1_000_000);
  warnings = [];
  metrics = new Metrics();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PacedSender pacing', () => {
  it('keeps the per-chat gap between calls to one chat', async () => {
    const times: number[] = [];
    const outcome = await settle(sender().send('a', [recorder(times), recorder(times), recorder(times)]));
    expect(outcome).toEqual({ ok: true });
    expect(times.map((t) => t - 1_000_000)).toEqual([0, 1000, 2000]);
  });

  it('does not hold other chats while one chat waits for its gap', async () => {
    const s = sender();
    const a: number[] = [];
    const b: number[] = [];
    const done = Promise.all([s.send('a', [recorder(a), recorder(a), recorder(a)]), s.send('b', [recorder(b)])]);
    await settle(done);
    expect(b[0]! - 1_000_000).toBeLessThan(100);
    expect(a[2]! - 1_000_000).toBe(2000);
  });

  it('keeps the global rate over all chats', async () => {
    const s = sender({ globalPerSecond: 5 });
    const times: number[] = [];
    await settle(Promise.all(Array.from({ length: 6 }, (_, i) => s.send(`chat-${i}`, [recorder(times)]))));
    expect(times.map((t) => t - 1_000_000)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('lets a burst of a tenth of a second go at once, then keeps the global rate', async () => {
    const s = sender({ globalPerSecond: 100, perChatIntervalMs: 0 });
    const times: number[] = [];
    await settle(Promise.all(Array.from({ length: 14 }, (_, i) => s.send(`chat-${i}`, [recorder(times)]))));
    expect(times.map((t) => t - 1_000_000)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 30, 40]);
    // After a quiet second the bucket is full again, and no fuller than a tenth of a second.
    vi.setSystemTime(Date.now() + 1000);
    const later: number[] = [];
    const start = Date.now();
    await settle(Promise.all(Array.from({ length: 12 }, (_, i) => s.send(`chat-${i}`, [recorder(later)]))));
    expect(later.map((t) => t - start)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20]);
  });

  it('lets waiting calls go in groups at a high rate, with a timer every 10 ms instead of one per call', async () => {
    const logger = { warn: () => undefined } as unknown as Logger;
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return new Promise<void>((resolve) => setTimeout(resolve, ms));
    };
    const s = new PacedSender('test', { ...policy, globalPerSecond: 1000, perChatIntervalMs: 0 }, logger, metrics, sleep, () => Date.now());
    const times: number[] = [];
    await settle(Promise.all(Array.from({ length: 400 }, (_, i) => s.send(`chat-${i}`, [recorder(times)]))));
    const offsets = times.map((t) => t - 1_000_000);
    // A tenth of a second's calls at once, then the rest at the rate: never ahead of it, and not behind it by more than a group.
    expect(offsets.filter((t) => t === 0)).toHaveLength(100);
    offsets.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(i - 100 + 1));
    expect(offsets.at(-1)).toBeLessThanOrEqual(310);
    expect(sleeps.every((ms) => ms >= 10)).toBe(true);
    expect(sleeps.length).toBeLessThanOrEqual(31);
  });

  it("puts a reply's first message ahead of other chats' later bubbles when the global rate is reached", async () => {
    const s = sender({ globalPerSecond: 10, perChatIntervalMs: 0 });
    const at: Record<string, number> = {};
    const mark = (name: string) => async () => {
      at[name] = Date.now() - 1_000_000;
      return OK;
    };
    // Chat a's reply has three bubbles: the first takes the bucket's one call, the others wait for the rate.
    const a = s.sendMessages('a', [[mark('a1')], [mark('a2')], [mark('a3')]]);
    await vi.advanceTimersByTimeAsync(50);
    // Chat b's reply arrives later, yet its first bubble goes before a's second.
    const b = s.sendMessages('b', [[mark('b1')], [mark('b2')]]);
    await settle(Promise.all([a, b]));
    expect(at).toEqual({ a1: 0, b1: 100, a2: 200, b2: 300, a3: 400 });
  });

  it('lets calls that are not messages skip the per-chat gap, in order', async () => {
    const s = sender();
    const order: string[] = [];
    const at = (name: string) => async () => {
      order.push(`${name}@${Date.now() - 1_000_000}`);
      return OK;
    };
    await settle(s.send('a', [at('message1'), { run: at('edit'), perChatGap: false }, at('message2')]));
    expect(order).toEqual(['message1@0', 'edit@0', 'message2@1000']);
  });

  it('runs two sends to one chat one after the other, in the order they were asked', async () => {
    const s = sender({ perChatIntervalMs: 0 });
    const order: string[] = [];
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      order.push('first');
      return OK;
    };
    const fast = async () => {
      order.push('second');
      return OK;
    };
    await settle(Promise.all([s.send('a', [slow]), s.send('a', [fast])]));
    expect(order).toEqual(['first', 'second']);
  });
});

describe('PacedSender failures', () => {
  it('waits retry_after on a 429 and then succeeds', async () => {
    const times: number[] = [];
    const call = recorder(times, [{ ok: false, kind: 'rate-limited', retryAfterMs: 3000, error: '429' }]);
    expect(await settle(sender().send('a', [call]))).toEqual({ ok: true });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(3000);
    expect(warnings).toEqual([]);
  });

  it('gives up at once on a 429 asking for more than maxRetryAfterMs, as retryable', async () => {
    const times: number[] = [];
    const call = recorder(times, [{ ok: false, kind: 'rate-limited', retryAfterMs: 3_600_000, error: 'flood' }]);
    expect(await settle(sender({ maxRetryAfterMs: 60_000 }).send('a', [call]))).toMatchObject({ ok: false, retryable: true });
    expect(times).toHaveLength(1);
  });

  it('does not retry an unreachable user, skips the rest and logs why', async () => {
    const times: number[] = [];
    const blocked = recorder(times, [{ ok: false, kind: 'unreachable', error: '403 blocked' }]);
    const never = vi.fn(async () => OK);
    const outcome = await settle(sender().send('a', [blocked, never]));
    expect(outcome).toEqual({ ok: false, unreachable: true, retryable: false, error: '403 blocked', accepted: 0 });
    expect(times).toHaveLength(1);
    expect(never).not.toHaveBeenCalled();
    expect(warnings[0]).toMatchObject({ channel: 'test', reason: 'unreachable', error: '403 blocked' });
  });

  it('backs off exponentially on transient errors, then reports a retryable failure', async () => {
    const times: number[] = [];
    const failing = async () => {
      times.push(Date.now());
      return { ok: false, kind: 'transient', error: 'ECONNRESET' } as AttemptResult;
    };
    const outcome = await settle(sender({ perChatIntervalMs: 0 }).send('a', [{ run: failing, label: 'sendMessage' }]));
    expect(outcome).toMatchObject({ ok: false, retryable: true, unreachable: false });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toHaveLength(3);
    [500, 1000, 2000].forEach((base, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(base * 0.75 - 1);
      expect(gaps[i]).toBeLessThanOrEqual(base * 1.25 + 34);
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ method: 'sendMessage', reason: 'transient' });
  });

  it('treats a thrown error as transient and a permanent one as final', async () => {
    const throwsOnce = vi.fn().mockRejectedValueOnce(new Error('socket hang up')).mockResolvedValue(OK);
    expect(await settle(sender().send('a', [throwsOnce]))).toEqual({ ok: true });
    expect(throwsOnce).toHaveBeenCalledTimes(2);
    const permanent = vi.fn(async (): Promise<AttemptResult> => ({ ok: false, kind: 'permanent', error: '400 bad request' }));
    expect(await settle(sender().send('b', [permanent]))).toMatchObject({ ok: false, retryable: false });
    expect(permanent).toHaveBeenCalledTimes(1);
  });

  it('counts every attempt in the metrics and resolves idle() when all is sent', async () => {
    const s = sender({ perChatIntervalMs: 0 });
    const times: number[] = [];
    void s.send('a', [recorder(times, [{ ok: false, kind: 'transient', error: 'x' }])]);
    await settle(s.idle());
    expect(times).toHaveLength(2);
    const counted = (await metrics.channelSends.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(counted).toEqual(
      expect.arrayContaining([
        ['ok', 1],
        ['transient', 1],
      ]),
    );
  });
});

describe('PerKeySerial', () => {
  it('runs one key in order, other keys in parallel, and goes on after a failure', async () => {
    const serial = new PerKeySerial();
    const log: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(name);
        if (fail) throw new Error(name);
        return name;
      };
    const a1 = serial.run('a', step('a1', 300, true));
    const a2 = serial.run('a', step('a2', 10));
    const b1 = serial.run('b', step('b1', 100));
    await settle(serial.idle());
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    expect(await b1).toBe('b1');
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });
});

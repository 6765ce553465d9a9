import { describe, expect, it } from 'vitest';
import { msUntilAllowed, parseQuietHours } from '../../src/broadcast/quiet-hours.js';
import { isoWeek, nextPattern } from '../../src/broadcast/weekly.js';

const quiet = parseQuietHours('21:00-07:00', 'Asia/Ho_Chi_Minh')!;
// Vietnam is UTC+7 all year.
const at = (localHour: number, minute = 0) => Date.UTC(2026, 10, 23, localHour - 7, minute);

describe('quiet hours (Asia/Ho_Chi_Minh)', () => {
  it('allows sending during the day', () => {
    expect(msUntilAllowed(at(9), quiet)).toBe(0);
    expect(msUntilAllowed(at(20, 59), quiet)).toBe(0);
    expect(msUntilAllowed(at(7), quiet)).toBe(0);
  });

  it('waits until 07:00 from the evening and from after midnight', () => {
    expect(msUntilAllowed(at(21), quiet)).toBe(10 * 3600_000);
    expect(msUntilAllowed(at(23, 30), quiet)).toBe(7.5 * 3600_000);
    expect(msUntilAllowed(at(2), quiet)).toBe(5 * 3600_000);
  });

  it('rejects malformed settings', () => {
    expect(parseQuietHours('9pm-7am', 'Asia/Ho_Chi_Minh')).toBeUndefined();
    expect(parseQuietHours('25:00-07:00', 'Asia/Ho_Chi_Minh')).toBeUndefined();
  });
});

describe('weekly rotation', () => {
  const patterns = ['a', 'b', 'c'].map((id) => ({ id }) as never);
  it('sends the next pattern not yet received, and starts over after all', () => {
    expect((nextPattern(patterns, []) as { id: string }).id).toBe('a');
    expect((nextPattern(patterns, ['a']) as { id: string }).id).toBe('b');
    expect((nextPattern(patterns, ['a', 'c']) as { id: string }).id).toBe('b');
    expect((nextPattern(patterns, ['a', 'b', 'c']) as { id: string }).id).toBe('a');
  });

  it('names ISO weeks in local time', () => {
    expect(isoWeek(Date.UTC(2026, 10, 23, 3), 'Asia/Ho_Chi_Minh')).toBe('2026-W48');
    expect(isoWeek(Date.UTC(2026, 0, 1, 3), 'Asia/Ho_Chi_Minh')).toBe('2026-W01');
  });
});

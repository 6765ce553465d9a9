// No routine sending at night: what falls inside quiet hours waits for the morning.

export interface QuietHours {
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  timeZone: string;
}

/** Parses "21:00-07:00". */
export function parseQuietHours(value: string, timeZone: string): QuietHours | undefined {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [startH, startM, endH, endM] = match.slice(1).map(Number) as [number, number, number, number];
  if (startH > 23 || endH > 23 || startM > 59 || endM > 59) return undefined;
  return { startMinute: startH * 60 + startM, endMinute: endH * 60 + endM, timeZone };
}

function localMinuteOfDay(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute') + get('second') / 60;
}

/** Milliseconds to wait before sending is allowed (0 outside quiet hours). */
export function msUntilAllowed(at: number, quiet: QuietHours | undefined): number {
  if (!quiet || quiet.startMinute === quiet.endMinute) return 0;
  const now = localMinuteOfDay(at, quiet.timeZone);
  const { startMinute: start, endMinute: end } = quiet;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return 0;
  const minutesLeft = (end - now + 24 * 60) % (24 * 60);
  return Math.ceil(minutesLeft * 60_000);
}

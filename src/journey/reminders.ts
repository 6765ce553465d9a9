// The daily reminder run: once a day at a friendly hour (REMINDER_CRON, in
// TIMEZONE) one process creates a routine broadcast whose recipients are the
// residents the engine says a reminder is due for (src/engine/nudges.ts). It
// goes through the broadcast queue like the weekly alert: quiet hours, channel
// rates, retries, one sent mark per resident, Zalo OA's reply window (skipped
// outside it). The reminder and what it records are composed from the
// resident's record at sending time, so a resident who wrote meanwhile or
// turned reminders off gets nothing.
import { Cron } from 'croner';
import type { Composer } from '../broadcast/deliver.js';
import type { BroadcastRecord } from '../broadcast/types.js';
import { nudgeFor, nudgeMessages, recordNudge, type NudgeRules } from '../engine/nudges.js';
import type { UserState } from '../engine/state.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { Store } from '../store/types.js';

export const DAY_MS = 86_400_000;

export function reminderRules(nudgeAfterDays: number): NudgeRules {
  return { resumeAfterMs: nudgeAfterDays * DAY_MS };
}

/** The record of one day's run (what `Broadcaster.create` takes). */
export function reminderBroadcast(rules: NudgeRules): Omit<BroadcastRecord, 'id' | 'createdAt'> {
  return {
    createdBy: 'schedule',
    respectQuietHours: true,
    audience: 'reminders',
    target: {},
    content: { kind: 'reminders', resumeAfterMs: rules.resumeAfterMs },
    title: 'Nhắc ôn tập và học tiếp',
  };
}

/** Fan-out: a resident is a recipient when a reminder is due at the run's time (the registry is checked again when sending). */
export function wantsReminder(record: BroadcastRecord, state: UserState): boolean {
  return record.content.kind === 'reminders' && nudgeFor(state, record.createdAt, { resumeAfterMs: record.content.resumeAfterMs }) !== undefined;
}

/** Composes reminders; any other broadcast goes to `next`. */
export function reminderComposer(content: ContentHolder, store: Store, next: Composer, now: () => number = Date.now): Composer {
  return async (record, userKey, user) => {
    if (record.content.kind !== 'reminders') return next(record, userKey, user);
    const at = now();
    const nudge = nudgeFor(user.state, at, { resumeAfterMs: record.content.resumeAfterMs }, content.registry);
    if (!nudge) return undefined;
    const messages = nudgeMessages(user.state, nudge, content.catalog);
    return {
      messages,
      remember: ({ state }) => recordNudge(state, nudge, messages, at),
      onSent: () => store.operators.addCounts({ [`nudge:sent:${nudge.kind}`]: 1 }),
    };
  };
}

export interface ReminderScheduleOptions {
  cron: string;
  timeZone: string;
  store: Store;
  logger: Logger;
  start: () => Promise<string>;
}

/** One run a day across all processes (a claim per local date). */
export async function runDailyReminders(options: ReminderScheduleOptions, at = Date.now()): Promise<string | undefined> {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone }).format(at);
  const claim = `reminders:${day}`;
  if (!(await options.store.shared.claim(claim, 2 * DAY_MS))) return undefined;
  try {
    const id = await options.start();
    options.logger.info({ broadcast: id, day }, 'daily reminders started');
    return id;
  } catch (error) {
    await options.store.shared.delete(claim).catch(() => undefined);
    options.logger.error({ err: error, day }, 'daily reminders could not start');
    return undefined;
  }
}

export function scheduleDailyReminders(options: ReminderScheduleOptions): Cron {
  return new Cron(options.cron, { timezone: options.timeZone, protect: true }, async () => void (await runDailyReminders(options)));
}

// Environment variables of broadcasts and the weekly scam alert.
import { z } from 'zod';
import { bool, positiveInt } from '../config/index.js';

export const broadcastEnvSchema = z.object({
  SCAM_ALERT_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/)
    .default('0 9 * * 6')
    .describe('a 5-field cron expression in Asia/Ho_Chi_Minh time, e.g. "0 9 * * 6" (Saturday 09:00)'),
  SCAM_ALERT_ENABLED: bool(true).describe('true or false: send the weekly scam alert'),
  REMINDER_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/)
    .default('30 9 * * *')
    .describe('a 5-field cron expression in TIMEZONE for the daily review and "học tiếp" reminders, e.g. "30 9 * * *" (09:30 every day)'),
  REMINDERS_ENABLED: bool(true).describe('true or false: send review and "học tiếp" reminders'),
  QUIET_HOURS: z
    .string()
    .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/)
    .refine(validQuietHours, 'hours 0–23 and minutes 0–59 (24:00 or 7:60 would silently turn quiet hours off)')
    .default('21:00-07:00')
    .describe('local hours with no routine sending, as "HH:MM-HH:MM" (default 21:00-07:00)'),
  TIMEZONE: z
    .string()
    .refine(knownTimeZone, 'not a time zone this Node.js knows (IANA name such as Asia/Ho_Chi_Minh)')
    .default('Asia/Ho_Chi_Minh')
    .describe('an IANA time zone such as Asia/Ho_Chi_Minh'),
  BROADCAST_WORKERS: bool(true).describe('true or false: run broadcast workers inside the main process (npm run worker starts more)'),
  BROADCAST_CONCURRENCY: positiveInt(20).describe('how many deliveries one worker runs at once (a whole number)'),
  BROADCAST_RATE_TELEGRAM: positiveInt(25).describe('broadcast messages per second to Telegram (about 30 at most)'),
  BROADCAST_RATE_ZALO: positiveInt(2).describe('broadcast messages per second to Zalo (keep it low for personal accounts)'),
  BROADCAST_RATE_DEFAULT: positiveInt(20).describe('broadcast messages per second to other channels'),
});

/** "21:00-07:00" with real clock times on both sides. */
export function validQuietHours(value: string): boolean {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return false;
  const [startH, startM, endH, endM] = match.slice(1).map(Number) as [number, number, number, number];
  return startH <= 23 && endH <= 23 && startM <= 59 && endM <= 59;
}

export function knownTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

export type BroadcastConfig = z.output<typeof broadcastEnvSchema>;

export function rateFor(config: BroadcastConfig, channel: string): number {
  if (channel === 'telegram') return config.BROADCAST_RATE_TELEGRAM;
  if (channel.startsWith('zalo')) return config.BROADCAST_RATE_ZALO;
  return config.BROADCAST_RATE_DEFAULT;
}

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
  QUIET_HOURS: z
    .string()
    .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/)
    .default('21:00-07:00')
    .describe('local hours with no routine sending, as "HH:MM-HH:MM" (default 21:00-07:00)'),
  TIMEZONE: z.string().default('Asia/Ho_Chi_Minh').describe('an IANA time zone such as Asia/Ho_Chi_Minh'),
  BROADCAST_WORKERS: bool(true).describe('true or false: run broadcast workers inside the main process (npm run worker starts more)'),
  BROADCAST_CONCURRENCY: positiveInt(20).describe('how many deliveries one worker runs at once (a whole number)'),
  BROADCAST_RATE_TELEGRAM: positiveInt(25).describe('broadcast messages per second to Telegram (about 30 at most)'),
  BROADCAST_RATE_ZALO: positiveInt(2).describe('broadcast messages per second to Zalo (keep it low for personal accounts)'),
  BROADCAST_RATE_DEFAULT: positiveInt(20).describe('broadcast messages per second to other channels'),
});

export type BroadcastConfig = z.output<typeof broadcastEnvSchema>;

export function rateFor(config: BroadcastConfig, channel: string): number {
  if (channel === 'telegram') return config.BROADCAST_RATE_TELEGRAM;
  if (channel.startsWith('zalo')) return config.BROADCAST_RATE_ZALO;
  return config.BROADCAST_RATE_DEFAULT;
}

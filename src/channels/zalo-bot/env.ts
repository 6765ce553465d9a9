// The environment variables of this channel (checked with all others at start-up).
import { z } from 'zod';
import { bool } from '../../config/index.js';
import { zaloGroupsVariable } from '../zalo-shared/env.js';

export const zaloBotEnvSchema = z.object({
  ZALO_BOT_TOKEN: z
    .string()
    .regex(/^\S{10,}$/)
    .optional()
    .describe('the bot token from Zalo Bot Creator, e.g. 1234567890:AbCdEf… (leave empty to turn the Zalo Bot off)'),
  ZALO_BOT_MODE: z.enum(['polling', 'webhook']).default('polling').describe('polling (getUpdates, no public address needed) or webhook (POST /webhooks/zalo, needs PUBLIC_URL over https)'),
  ZALO_BOT_WEBHOOK_SECRET: z.string().min(8).max(256).optional().describe('a secret of 8 to 256 characters that Zalo sends in the X-Bot-Api-Secret-Token header (required in webhook mode)'),
  ZALO_BOT_SET_WEBHOOK: bool(true).describe('true to register PUBLIC_URL/webhooks/zalo with setWebhook at start (webhook mode)'),
  ZALO_BOT_API_ROOT: z.string().url().default('https://bot-api.zaloplatforms.com').describe('the Zalo Bot API address, e.g. https://bot-api.zaloplatforms.com'),
  ZALO_BOT_RATE: z.coerce.number().positive().max(100).default(20).describe('messages per second over all Zalo Bot chats, e.g. 20'),
  ZALO_BOT_SEND_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(800).describe('milliseconds between two messages to the same Zalo Bot chat, 0 to 60000'),
  ZALO_BOT_POLL_TIMEOUT_S: z.coerce.number().int().min(1).max(60).default(30).describe('seconds one getUpdates long poll may wait, 1 to 60'),
  ZALO_GROUPS: zaloGroupsVariable,
});

export type ZaloBotEnv = z.output<typeof zaloBotEnvSchema>;

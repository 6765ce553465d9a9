// The environment variables of this channel (checked with all others at start-up).
import { z } from 'zod';
import { zaloGroupsVariable } from '../zalo-shared/env.js';

export const zaloPersonalEnvSchema = z.object({
  ZALO_MODE: z.enum(['off', 'personal']).default('off').describe('off, or personal to answer residents from a Zalo account through zca-js (unofficial)'),
  ZALO_CREDENTIALS_FILE: z.string().min(1).optional().describe('a JSON file with cookie, imei and userAgent of a logged-in Zalo account (default: DATA_DIR/zalo/credentials.json)'),
  ZALO_GROUPS: zaloGroupsVariable,
  ZALO_SEND_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1500)
    .describe('milliseconds between two messages to the same Zalo chat, 0 to 60000 (default 1500 keeps the account from being flagged)'),
  ZALO_SEND_PER_SECOND: z.coerce.number().positive().max(50).default(2).describe('messages per second over all Zalo chats, e.g. 2'),
  ZALO_RECONNECT_MS: z.coerce.number().int().min(1).max(300_000).default(2000).describe('first delay in milliseconds before reconnecting a closed Zalo listener; doubles up to 5 minutes'),
});

export type ZaloPersonalEnv = z.output<typeof zaloPersonalEnvSchema>;

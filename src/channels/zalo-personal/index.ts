// Zalo personal/community account driven by zca-js (unofficial): ZALO_MODE=personal.
import path from 'node:path';
import { z } from 'zod';
import type { ChannelModule } from '../types.js';
import { zaloGroupsVariable } from '../zalo-shared/env.js';
import { ZaloPersonalChannel } from './channel.js';
import { createZcaClient } from './zca-client.js';

export const zaloPersonalEnvSchema = z.object({
  ZALO_MODE: z.enum(['off', 'personal']).default('off').describe('off, or personal to answer residents from a Zalo account through zca-js (unofficial)'),
  ZALO_CREDENTIALS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('a JSON file with cookie, imei and userAgent of a logged-in Zalo account (default: DATA_DIR/zalo/credentials.json)'),
  ZALO_GROUPS: zaloGroupsVariable,
  ZALO_SEND_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1500)
    .describe('milliseconds between two messages to the same Zalo chat, 0 to 60000 (default 1500 keeps the account from being flagged)'),
  ZALO_SEND_PER_SECOND: z.coerce.number().positive().max(50).default(2).describe('messages per second over all Zalo chats, e.g. 2'),
  ZALO_RECONNECT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300_000)
    .default(2000)
    .describe('first delay in milliseconds before reconnecting a closed Zalo listener; doubles up to 5 minutes'),
});

export type ZaloPersonalEnv = z.output<typeof zaloPersonalEnvSchema>;

export const zaloPersonalChannelModule: ChannelModule = {
  name: 'zalo',
  envSchema: zaloPersonalEnvSchema,
  isEnabled: (rawEnv) => rawEnv.ZALO_MODE === 'personal',
  create: (context) => {
    const env = zaloPersonalEnvSchema.parse(context.rawEnv);
    const dir = path.join(context.core.DATA_DIR, 'zalo');
    return new ZaloPersonalChannel(context, {
      env,
      client: createZcaClient(),
      credentialsFile: env.ZALO_CREDENTIALS_FILE ?? path.join(dir, 'credentials.json'),
      qrPath: path.join(dir, 'login-qr.png'),
      print: (text) => process.stderr.write(`${text}\n`),
    });
  },
};

// The official Zalo Bot API (bot token from Zalo Bot Creator): webhook at
// POST /webhooks/zalo or getUpdates polling. Enabled by ZALO_BOT_TOKEN.
import { ConfigError } from '../../config/index.js';
import type { ChannelModule } from '../types.js';
import { ZaloBotChannel } from './channel.js';

export { zaloBotEnvSchema, type ZaloBotEnv } from './env.js';
import { zaloBotEnvSchema } from './env.js';

export const zaloBotChannelModule: ChannelModule = {
  name: 'zalo-bot',
  envSchema: zaloBotEnvSchema,
  isEnabled: (rawEnv) => Boolean(rawEnv.ZALO_BOT_TOKEN),
  create: (context) => {
    const env = zaloBotEnvSchema.parse(context.rawEnv);
    if (env.ZALO_BOT_MODE === 'webhook' && !env.ZALO_BOT_WEBHOOK_SECRET) {
      throw new ConfigError([{ variable: 'ZALO_BOT_WEBHOOK_SECRET', expected: `${zaloBotEnvSchema.shape.ZALO_BOT_WEBHOOK_SECRET.description} when ZALO_BOT_MODE=webhook` }]);
    }
    return new ZaloBotChannel(context, env);
  },
};

// Zalo Official Account (OA API v3): the channel wards already use with their
// residents. Webhook at POST /webhooks/zalo-oa, consultation messages with
// buttons, tokens refreshed and shared through the store. Enabled by ZALO_OA_APP_ID.
import type { ChannelModule } from '../types.js';
import { ZaloOaChannel } from './channel.js';
import { readZaloOaConfig, zaloOaEnvSchema } from './config.js';

export const zaloOaChannelModule: ChannelModule = {
  name: 'zalo-oa',
  envSchema: zaloOaEnvSchema,
  isEnabled: (rawEnv) => Boolean(rawEnv.ZALO_OA_APP_ID),
  create: (context) => new ZaloOaChannel(context, readZaloOaConfig(context.rawEnv)),
};

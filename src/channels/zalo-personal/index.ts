// Zalo personal/community account driven by zca-js (unofficial): ZALO_MODE=personal.
import path from 'node:path';
import type { ChannelModule } from '../types.js';
import { ZaloPersonalChannel } from './channel.js';
import { createZcaClient } from './zca-client.js';

export { zaloPersonalEnvSchema, type ZaloPersonalEnv } from './env.js';
import { zaloPersonalEnvSchema } from './env.js';

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

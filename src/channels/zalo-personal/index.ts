// Zalo personal/community account driven by zca-js (unofficial): ZALO_MODE=personal.
// zca-js is loaded only when the channel is enabled: importing it costs about
// half a second of CPU at every start-up otherwise.
import path from 'node:path';
import type { ChannelModule } from '../types.js';

export { zaloPersonalEnvSchema, type ZaloPersonalEnv } from './env.js';
import { zaloPersonalEnvSchema } from './env.js';

export const zaloPersonalChannelModule: ChannelModule = {
  name: 'zalo',
  envSchema: zaloPersonalEnvSchema,
  isEnabled: (rawEnv) => rawEnv.ZALO_MODE === 'personal',
  async create(context) {
    const env = zaloPersonalEnvSchema.parse(context.rawEnv);
    const [{ ZaloPersonalChannel }, { createZcaClient }] = await Promise.all([import('./channel.js'), import('./zca-client.js')]);
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

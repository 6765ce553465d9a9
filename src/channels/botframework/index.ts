// The Bot Framework channel module: Azure Bot Service (Web Chat, Teams) and the
// Bot Framework Emulator on POST /api/messages. botbuilder is loaded only when
// the channel is enabled, so the archived SDK costs nothing otherwise.
import type { ChannelModule } from '../types.js';
import { botFrameworkEnvSchema, isBotFrameworkEnabled, resolveSettings } from './config.js';

export const botFrameworkChannelModule: ChannelModule = {
  name: 'botframework',
  envSchema: botFrameworkEnvSchema,
  isEnabled: isBotFrameworkEnabled,
  async create(context) {
    const settings = resolveSettings(context.rawEnv);
    const { BotFrameworkChannel } = await import('./channel.js');
    if (!settings.authenticated) context.logger.warn('Bot Framework channel in Emulator mode: unauthenticated requests accepted from this machine only');
    return new BotFrameworkChannel(context, settings);
  },
};

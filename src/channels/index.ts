// Every platform the tutor runs on. Adding one: a folder under src/channels/
// exporting a ChannelModule, and one line here.
import { botFrameworkChannelModule } from './botframework/index.js';
import type { ChannelModule } from './types.js';
import { telegramChannelModule } from './telegram/index.js';
import { webChannelModule } from './web/index.js';
import { zaloBotChannelModule } from './zalo-bot/index.js';
import { zaloOaChannelModule } from './zalo-oa/index.js';
import { zaloPersonalChannelModule } from './zalo-personal/index.js';

export const channelModules: ChannelModule[] = [webChannelModule, telegramChannelModule, zaloPersonalChannelModule, zaloBotChannelModule, zaloOaChannelModule, botFrameworkChannelModule];

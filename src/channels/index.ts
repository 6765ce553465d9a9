// Every platform the tutor runs on. Adding one: a folder under src/channels/
// exporting a ChannelModule, and one line here.
import type { ChannelModule } from './types.js';
import { webChannelModule } from './web/index.js';

export const channelModules: ChannelModule[] = [
  webChannelModule,
];

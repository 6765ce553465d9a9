// What the console is built from (wired once in src/tutor.ts).
import type { Broadcaster } from '../broadcast/index.js';
import type { Channel } from '../channels/types.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { Store } from '../store/types.js';
import type { StatsKeeper } from './stats/aggregate.js';
import type { WardDirectory } from '../engine/wards/directory.js';

export interface ConsoleDeps {
  store: Store;
  content: ContentHolder;
  channels: Map<string, Channel>;
  broadcaster: Broadcaster;
  adminToken?: string;
  logger: Logger;
  timeZone: string;
  quietHours: string;
  wards: () => WardDirectory;
  stats: StatsKeeper;
}

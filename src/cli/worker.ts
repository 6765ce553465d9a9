// `npm run worker`: more broadcast workers on another machine sharing the Redis.
// Sends through the configured channels but does not receive messages or serve HTTP.
import { config as loadDotenv } from 'dotenv';
import Fastify from 'fastify';
import path from 'node:path';
import { Broadcaster } from '../broadcast/index.js';
import { channelModules } from '../channels/index.js';
import type { Channel } from '../channels/types.js';
import { ContentSync } from '../cluster/content-sync.js';
import { describeStoreTarget, waitForStore } from '../cluster/wait-for-store.js';
import { ConfigError } from '../config/index.js';
import { defaultContentPaths } from '../content/loader.js';
import { flowSources } from '../content/registry.js';
import { createLogger } from '../log/logger.js';
import { ContentHolder } from '../runtime/content-holder.js';
import { Metrics } from '../server/metrics.js';
import { createStore } from '../store/index.js';
import { readConfig } from '../tutor.js';

loadDotenv({ quiet: true });

let config;
try {
  config = readConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const { core, rawEnv } = config;
if (!core.REDIS_URL) {
  console.error('npm run worker cần REDIS_URL (các worker dùng chung Redis). / npm run worker needs REDIS_URL (workers share one Redis).');
  process.exit(1);
}
const logger = createLogger(core.LOG_LEVEL);
const content = await ContentHolder.load(defaultContentPaths(path.resolve(core.CONTENT_ROOT)), flowSources);
if (Array.isArray(content)) {
  console.error('Nội dung có lỗi: chạy npm run content:check. / Content has problems: run npm run content:check.');
  process.exit(1);
}
const store = createStore({ redisUrl: core.REDIS_URL, redisPrefix: core.REDIS_PREFIX, dataDir: core.DATA_DIR });
try {
  await waitForStore(store, { logger, maxWaitMs: core.STORE_WAIT_MS, where: describeStoreTarget(core.REDIS_URL, core.DATA_DIR) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
// Alerts are composed from the content: a reload on any tutor process reaches this one too.
const contentSync = new ContentSync({ content, logger: logger.child({ component: 'content' }), redisUrl: core.REDIS_URL, prefix: core.REDIS_PREFIX });
await contentSync.start();
const metrics = new Metrics();
// Channels are created for sending only: their routes go to a server that never listens.
const unusedHttp = Fastify();
const notReceiving = { handle: async () => ({ messages: [], duplicate: false, forgotten: false }) };
const channels: Channel[] = [];
for (const module of channelModules) {
  if (!module.isEnabled(rawEnv)) continue;
  channels.push(await module.create({ core, rawEnv, conversation: notReceiving, http: unusedHttp, store, content, logger: logger.child({ channel: module.name }), metrics }));
}
const broadcaster = new Broadcaster({ rawEnv, redisUrl: core.REDIS_URL, redisPrefix: core.REDIS_PREFIX, store, content, channels, logger, runWorkers: true, schedule: false });
await broadcaster.start();
logger.info({ channels: channels.map((c) => c.name) }, 'broadcast worker running');

const stop = async () => {
  await broadcaster.close();
  await contentSync.close();
  for (const channel of channels) await channel.stop().catch(() => undefined);
  await store.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

// A broadcast worker process (benchmark and crash test): BullMQ workers whose
// channel counts deliveries in Redis. Args: redisPrefix countsKey rate [concurrency].
import pino from 'pino';
import { Broadcaster } from '../../src/broadcast/index.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { RedisCountingChannel } from './fake-channel.js';

const [prefix, countsKey, rate, concurrency = '50'] = process.argv.slice(2) as [string, string, string, string?];
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const content = (await ContentHolder.load(defaultContentPaths(), flowSources)) as ContentHolder;
const store = new RedisStore(redisUrl, { prefix });
const channel = new RedisCountingChannel('fake', redisUrl, countsKey);
const broadcaster = new Broadcaster({
  rawEnv: { QUIET_HOURS: '00:00-00:00', BROADCAST_RATE_DEFAULT: rate, BROADCAST_CONCURRENCY: concurrency },
  redisUrl,
  redisPrefix: prefix,
  store,
  content,
  channels: [channel],
  logger: pino({ level: 'warn' }),
  runWorkers: true,
  schedule: false,
  stalledIntervalMs: 2000,
});
await broadcaster.start();
console.log('ready');

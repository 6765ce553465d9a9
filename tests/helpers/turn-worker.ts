// A separate process running turns against a shared Redis, for the
// cross-process concurrency test. Args: redisPrefix flowsDir userId messageIds...
// Prints one JSON line: { answered: [...ids that got a reply], duplicates: [...] }.
import path from 'node:path';
import pino from 'pino';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { Conversation } from '../../src/runtime/conversation.js';
import { Metrics } from '../../src/server/metrics.js';
import { RedisStore } from '../../src/store/redis/index.js';

const [prefix, flowsDir, userId, ...ids] = process.argv.slice(2) as [string, string, string, ...string[]];
const root = path.resolve(import.meta.dirname, '../..');
const content = await ContentHolder.load({ root, flowsDir, contentDir: path.join(root, 'content') }, []);
if (Array.isArray(content)) throw new Error(JSON.stringify(content));
const store = new RedisStore(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix });
const conversation = new Conversation({ store, content, services: {}, logger: pino({ level: 'silent' }), metrics: new Metrics() });

const answered: string[] = [];
const duplicates: string[] = [];
await Promise.all(
  ids.map(async (messageId) => {
    const reply = await conversation.handle({ channel: 'web', userId, messageId, at: Date.now(), text: 'tiep' });
    (reply.duplicate ? duplicates : answered).push(messageId);
  }),
);
console.log(JSON.stringify({ answered, duplicates }));
await store.close();

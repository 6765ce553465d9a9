// `npm run bench:broadcast`: an operator alert to BENCH_BROADCAST_USERS
// subscribers (default 100,000) through BullMQ to a local fake channel limited
// to BENCH_BROADCAST_RATE messages/s (default 1,000). Prints the achieved rate
// against the limit, duplicates and lost messages; then the same with the
// worker killed (SIGKILL) halfway and another worker finishing the broadcast.
import { newDoc } from '../src/runtime/records.js';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Broadcaster } from '../src/broadcast/index.js';
import { defaultContentPaths } from '../src/content/loader.js';
import { flowSources } from '../src/content/registry.js';
import { newUserState } from '../src/engine/state.js';
import { ContentHolder } from '../src/runtime/content-holder.js';
import { RedisStore } from '../src/store/redis/index.js';
import { killChildrenOnExit, killGroup, spawnTs } from '../tests/helpers/process.js';

const USERS = Number(process.env.BENCH_BROADCAST_USERS ?? 100_000);
const RATE = Number(process.env.BENCH_BROADCAST_RATE ?? 1000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = path.resolve(import.meta.dirname, '..');
const redis = new Redis(REDIS_URL);
/** The running measurement's key prefix, deleted on Ctrl-C as at the end of a run. */
let currentPrefix: string | undefined;
killChildrenOnExit(async () => {
  if (currentPrefix) await deletePrefix(currentPrefix);
});

async function seedSubscribers(store: RedisStore): Promise<void> {
  const state = newUserState(Date.now());
  state.profile = { consent: true, onboarded: true, subscribed: true };
  for (let start = 0; start < USERS; start += 2000) {
    await Promise.all(Array.from({ length: Math.min(2000, USERS - start) }, (_, i) => store.users.commit(`fake:${start + i}`, 0, newDoc(state))));
  }
}

function startWorker(prefix: string, countsKey: string): Promise<ChildProcess> {
  // `node --import tsx` in its own process group: the process that delivers is the one that gets killed.
  const child = spawnTs('tests/helpers/broadcast-worker.ts', [prefix, countsKey, String(RATE)], { env: { ...process.env, REDIS_URL }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function delivered(countsKey: string): Promise<number> {
  return redis.hlen(countsKey);
}

async function results(countsKey: string) {
  const counts = (await redis.hvals(countsKey)).map(Number);
  const times = (await redis.lrange(`${countsKey}:times`, 0, -1)).map(Number).sort((a, b) => a - b);
  const seconds = (times[times.length - 1]! - times[0]!) / 1000;
  return {
    delivered: counts.length,
    duplicates: counts.filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0),
    lost: USERS - counts.length,
    seconds: Number(seconds.toFixed(1)),
    'achieved msg/s': Math.round((times.length - 1) / seconds),
    'limit msg/s': RATE,
    'of limit': `${(((times.length - 1) / seconds / RATE) * 100).toFixed(1)} %`,
  };
}

/** What the kill did: nothing may be delivered between the kill and the replacement being ready (the killed worker really stopped). */
async function takeover(countsKey: string, kill: { delivered: number; at: number; replacementReadyAt: number }) {
  const times = (await redis.lrange(`${countsKey}:times`, 0, -1)).map(Number).sort((a, b) => a - b);
  // A write already on its way to Redis when the process died may land a few ms after the kill.
  const whileNoWorker = times.filter((t) => t > kill.at + 100 && t < kill.replacementReadyAt).length;
  if (whileNoWorker > 0) throw new Error(`${whileNoWorker} deliveries happened while no worker was running: the kill missed its target`);
  const firstAfter = times.find((t) => t > kill.at + 100);
  return {
    'killed after': kill.delivered,
    'delivered while no worker ran': whileNoWorker,
    'replacement ready after kill s': Number(((kill.replacementReadyAt - kill.at) / 1000).toFixed(1)),
    'first delivery after kill s': firstAfter ? Number(((firstAfter - kill.at) / 1000).toFixed(1)) : null,
    'kill to last delivery s': Number(((times[times.length - 1]! - kill.at) / 1000).toFixed(1)),
  };
}

async function run(name: string, killHalfway: boolean): Promise<void> {
  const prefix = `hvs-bench-bc:${Date.now()}:`;
  currentPrefix = prefix;
  const countsKey = `${prefix}deliveries`;
  const store = new RedisStore(REDIS_URL, { prefix });
  await seedSubscribers(store);
  const content = (await ContentHolder.load(defaultContentPaths(root), flowSources)) as ContentHolder;
  // The operator side only creates the broadcast; separate worker processes deliver it.
  const operator = new Broadcaster({
    rawEnv: {},
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    store,
    content,
    channels: [{ name: 'fake' } as never],
    logger: pino({ level: 'warn' }),
    runWorkers: false,
    schedule: false,
  });
  let worker = await startWorker(prefix, countsKey);
  const started = Date.now();
  const record = await operator.create({
    createdBy: 'operator',
    respectQuietHours: false,
    audience: 'subscribers',
    target: {},
    content: { kind: 'message', text: 'Cảnh báo thử nghiệm' },
    title: name,
  });
  let kill: { delivered: number; at: number; replacementReadyAt: number } | undefined;
  for (;;) {
    const count = await delivered(countsKey);
    if (killHalfway && kill === undefined && count >= USERS / 2) {
      const at = Date.now();
      await killGroup(worker); // SIGKILL to the worker's process group; throws unless every member is gone
      const deliveredAtKill = await delivered(countsKey);
      worker = await startWorker(prefix, countsKey);
      kill = { delivered: deliveredAtKill, at, replacementReadyAt: Date.now() };
    }
    const summary = await operator.summary(record.id);
    if (summary?.status === 'done' && count >= USERS - summary.counts.failed) break;
    if (Date.now() - started > (USERS / RATE) * 3000 + 120_000) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const summary = await operator.summary(record.id);
  console.log(JSON.stringify({ run: name, users: USERS, ...(await results(countsKey)), ...(kill ? await takeover(countsKey, kill) : {}), counts: summary?.counts }));
  await killGroup(worker, 'SIGTERM');
  await operator.close();
  await store.close();
  await deletePrefix(prefix);
  currentPrefix = undefined;
}

async function deletePrefix(prefix: string): Promise<void> {
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

console.log(`Học Vụ Số broadcast benchmark: ${USERS} subscribers, limit ${RATE} msg/s, Node ${process.version}`);
await run('one worker', false);
await run('worker killed halfway, another takes over', true);
redis.disconnect();

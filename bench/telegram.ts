// `npm run bench:telegram`: the tutor as a real child process in Telegram
// webhook mode on Redis, driven by simulated residents through a fake Bot API
// on 127.0.0.1. Each resident sends /start, then answers the last inline
// keyboard with its first button (or "1" when there is none), one turn at a
// time. Prints turns/s, bot CPU per turn (/proc, the tutor's whole process
// group), Redis round trips per turn, Redis commands per turn (counted by the
// proxy, and from INFO commandstats), Bot API calls per turn, p50/p99
// first-reply latency.
//
// Round trips are client→server write bursts counted by a TCP proxy between the
// tutor and Redis. They are exact turn by turn for one resident alone (after the
// loaded run); under load ioredis's auto-pipelining puts several residents'
// commands into one write, so the loaded figure (writes per turn) is lower.
//
// Options (flags or env): --users (BENCH_TG_USERS, 200), --turns (BENCH_TG_TURNS, 30),
// --settle ms (BENCH_TG_SETTLE_MS, 25: quiet time after a reply before answering),
// --redis (REDIS_URL, redis://127.0.0.1:6379; db 0 unless the URL names one).
// Everything else is the tutor's defaults (broadcast workers included: their
// idle Redis traffic is printed as "bursts/s while idle"), except pacing, which
// is off as in the peers: TELEGRAM_RATE_PER_CHAT_MS=0 and TELEGRAM_RATE_GLOBAL=0
// (or 1000, the highest rate, where the tutor does not accept 0).
// Redis is never flushed: the tutor gets its own REDIS_PREFIX, and only keys under
// it are deleted at the end.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { FakeTelegram } from '../tests/helpers/fake-telegram.js';
import { groupCpuMs, killChildrenOnExit } from '../tests/helpers/process.js';
import { RedisProxy, type ProxyCounts } from '../tests/helpers/redis-proxy.js';
import { freePort, startTutorProcess, telegramWebhookEnv } from '../tests/helpers/tutor-process.js';
import { playResidents, type ResidentRun } from './telegram-residents.js';

const flags = parseFlags(process.argv.slice(2));
const USERS = Number(flags.users ?? process.env.BENCH_TG_USERS ?? 200);
const TURNS = Number(flags.turns ?? process.env.BENCH_TG_TURNS ?? 30);
const SETTLE_MS = Number(flags.settle ?? process.env.BENCH_TG_SETTLE_MS ?? 25);
const REDIS_URL = String(flags.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const SOLO_TURNS = Math.min(TURNS, 30);

const redisTarget = new URL(REDIS_URL);
const db = Number(redisTarget.pathname.slice(1) || 0);
const prefix = `hvs-bench-tg:${randomBytes(4).toString('hex')}:`;
const redis = new Redis(REDIS_URL);
// Ctrl-C: the tutor's group is killed, this run's keys and data folder deleted.
killChildrenOnExit(async () => {
  await deletePrefix();
  await rm(dataDir, { recursive: true, force: true });
});
const telegram = await FakeTelegram.start();
const proxy = await RedisProxy.start({ host: redisTarget.hostname, port: Number(redisTarget.port || 6379) });
const dataDir = await mkdtemp(path.join(tmpdir(), 'hvs-bench-tg-'));
const port = await freePort();

console.log(`Học Vụ Số Telegram benchmark: ${USERS} residents × ${TURNS} turns, webhook mode, Redis through a counting proxy, Node ${process.version}`);
// No pacing: "0" where the tutor accepts it (a pacing setting of 0 means none), else its highest global rate.
const { tutor, globalRate } = await startTutor('0').catch(async (error: Error) => {
  if (!/TELEGRAM_RATE_GLOBAL/.test(error.message)) throw error;
  return startTutor('1000');
});
console.log(`pacing: TELEGRAM_RATE_PER_CHAT_MS=0, TELEGRAM_RATE_GLOBAL=${globalRate}`);

async function startTutor(globalRate: string) {
  const env = {
    ...telegramWebhookEnv(telegram, port),
    REDIS_URL: proxy.url(db),
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir,
    TELEGRAM_RATE_PER_CHAT_MS: '0',
    TELEGRAM_RATE_GLOBAL: globalRate,
  };
  return { tutor: await startTutorProcess(env, { telegram, port }), globalRate };
}

try {
  // Warm-up (JIT, connections, content caches) on residents that are not measured.
  await playResidents(telegram, { users: Math.min(20, USERS), turns: 5, settleMs: SETTLE_MS, firstChatId: 900_000 });
  const idle = await measure(async () => new Promise((resolve) => setTimeout(resolve, 2000)));
  const load = await measure(async () => {
    const started = performance.now();
    const run = await playResidents(telegram, { users: USERS, turns: TURNS, settleMs: SETTLE_MS, firstChatId: 500_000 });
    // Bubbles still queued in the tutor when the last resident is done belong to the run: wait for them (and count them).
    const done = performance.now();
    const before = telegram.accepted.length;
    await quietFor(1000);
    const end = Math.max(done, telegram.calls.at(-1)?.at ?? done);
    return { ...run, late: telegram.accepted.length - before, drainSeconds: (end - done) / 1000, activeSeconds: (end - started) / 1000 };
  });
  const solo = await soloRoundTrips();
  report(load, idle, solo);
} finally {
  await tutor.stop();
  await telegram.close();
  await proxy.close();
  await deletePrefix();
  redis.disconnect();
  await rm(dataDir, { recursive: true, force: true });
}

interface Measured<T> {
  result: T;
  seconds: number;
  cpuMs: number;
  proxy: ProxyCounts;
  apiCalls: number;
  infoCommands: Record<string, number>;
}

async function measure<T>(run: () => Promise<T>): Promise<Measured<T>> {
  const before = { proxy: proxy.snapshot(), cpu: groupCpuMs(tutor.pid), api: telegram.calls.length, info: await infoCommands(), at: performance.now() };
  const result = await run();
  const seconds = (performance.now() - before.at) / 1000;
  const after = { proxy: proxy.snapshot(), cpu: groupCpuMs(tutor.pid), api: telegram.calls.length, info: await infoCommands() };
  return {
    result,
    seconds,
    cpuMs: after.cpu - before.cpu,
    proxy: {
      bursts: after.proxy.bursts - before.proxy.bursts,
      commands: after.proxy.commands - before.proxy.commands,
      byName: delta(before.proxy.byName, after.proxy.byName),
      connections: after.proxy.connections - before.proxy.connections,
    },
    apiCalls: after.api - before.api,
    // This benchmark's own INFO calls are not counted; other clients of the same Redis would be.
    infoCommands: delta(before.info, after.info),
  };
}

/** Round trips of each turn of one resident alone: exact, since no other turn shares the connection. */
async function soloRoundTrips(): Promise<number[]> {
  const perTurn: number[] = [];
  await playResidents(telegram, {
    users: 1,
    turns: SOLO_TURNS,
    settleMs: SETTLE_MS,
    firstChatId: 800_000,
    around: async (turn) => {
      const before = proxy.snapshot().bursts;
      await turn();
      perTurn.push(proxy.snapshot().bursts - before);
    },
  });
  return perTurn;
}

/** Resolves once the fake Bot API got no call for `ms`. */
async function quietFor(ms: number): Promise<void> {
  let count = -1;
  while (count !== telegram.calls.length) {
    count = telegram.calls.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

function report(load: Measured<ResidentRun & { late: number; drainSeconds: number; activeSeconds: number }>, idle: Measured<unknown>, solo: number[]): void {
  const run = load.result;
  const turns = Math.max(run.answered, 1);
  const idleBurstsPerSecond = idle.proxy.bursts / idle.seconds;
  const sortedSolo = [...solo].sort((a, b) => a - b);
  const figures = {
    residents: USERS,
    'turns per resident': TURNS,
    'turns answered': `${run.answered}/${USERS * TURNS}`,
    timeouts: run.timeouts,
    'webhook errors': run.webhookErrors,
    // From the first update to the last Bot API call (the quiet second after it is not counted).
    seconds: round(run.activeSeconds, 2),
    'turns/s': round(run.answered / run.activeSeconds, 1),
    'bubbles after the last turn (backlog)': run.late,
    'backlog drained in s': round(run.drainSeconds, 2),
    'bot CPU ms/turn': round(load.cpuMs / turns, 3),
    'Redis round trips/turn (one resident alone, median)': sortedSolo[Math.floor(sortedSolo.length / 2)] ?? null,
    'Redis round trips/turn (one resident alone, mean)': round(solo.reduce((a, b) => a + b, 0) / Math.max(solo.length, 1), 2),
    'Redis writes/turn under load (turns share writes)': round(load.proxy.bursts / turns, 2),
    'Redis commands/turn (proxy)': round(load.proxy.commands / turns, 2),
    'Redis commands by name/turn (proxy)': perTurn(load.proxy.byName, turns),
    'Redis commands/turn (INFO commandstats)': round(sum(load.infoCommands) / turns, 2),
    'Redis commands by name/turn (INFO commandstats)': perTurn(load.infoCommands, turns),
    'Redis bursts/s while idle (background)': round(idleBurstsPerSecond, 1),
    'Bot API calls/turn': round(load.apiCalls / turns, 2),
    'Bot API calls by method/turn': byMethod(run, turns),
    'messages/turn': round((run.messages + run.late) / turns, 2),
    'p50 first reply ms': round(percentile(run.latencies, 0.5), 1),
    'p99 first reply ms': round(percentile(run.latencies, 0.99), 1),
  };
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(54)} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : value}`);
  console.log(JSON.stringify(figures));
  if (run.late > 0) {
    console.log(`⚠ ${run.late} bubbles were still queued in the tutor when the residents were done: some residents answered before their reply was complete,`);
    console.log('  so some first-reply times may belong to the previous turn. A longer --settle lets residents wait for whole replies.');
  }
}

function byMethod(run: ResidentRun, turns: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of telegram.calls.slice(run.firstCall, run.endCall)) counts[call.method] = (counts[call.method] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([method, n]) => [method, round(n / turns, 2)]));
}

/** Calls per command since the server started (INFO commandstats; commands run inside Lua scripts count too). */
async function infoCommands(): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (match[1] !== 'info') calls[match[1]!.toUpperCase()] = Number(match[2]);
  return calls;
}

function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(after)) if (n - (before[name] ?? 0) > 0) out[name] = n - (before[name] ?? 0);
  return out;
}

function perTurn(counts: Record<string, number>, turns: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => [name, round(n / turns, 2)]),
  );
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function deletePrefix(): Promise<void> {
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function parseFlags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) continue;
    const next = args[i + 1];
    out[arg.slice(2)] = next && !next.startsWith('--') ? (i++, next) : 'true';
  }
  return out;
}

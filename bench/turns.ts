// `npm run bench`: drives simulated residents through onboarding and the sample
// lesson (lesson-qr with its quiz), in-process and over HTTP, with each store.
// Prints turns/s, p50/p99 turn latency, Redis round trips per turn and bytes per user.
// Settings: BENCH_USERS (default 1000), BENCH_CONCURRENCY (default 64), REDIS_URL.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { InboundMessage } from '../src/engine/messages.js';
import { RedisStore } from '../src/store/redis/index.js';
import type { Store } from '../src/store/types.js';
import { startTutor, type Tutor } from '../src/tutor.js';

const USERS = Number(process.env.BENCH_USERS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
// The measured run starts once the JIT has compiled the turn path under the full concurrency (a server runs warm).
const WARM_USERS = Number(process.env.BENCH_WARM_USERS ?? CONCURRENCY * 4);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One resident's path: onboarding, then the whole sample lesson and its quiz. */
const SCRIPT = ['xin chào', 'đồng ý', '1', 'bỏ qua', 'không cần', 'thanh toan qr', 'tiep', 'tiep', 'tiep', 'lam bai kiem tra', '1', '2', '2'];

type Send = (userId: string, text: string, messageId: string) => Promise<void>;

interface RunResult {
  turns: number;
  seconds: number;
  latenciesMs: number[];
}

async function drive(send: Send, users: number, label: string): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let user = next++; user < users; user = next++) {
      const userId = `${label}-${user}`;
      for (const [i, text] of SCRIPT.entries()) {
        const t0 = performance.now();
        await send(userId, text, `${userId}-${i}`);
        latencies.push(performance.now() - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { turns: latencies.length, seconds: (performance.now() - started) / 1000, latenciesMs: latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, result: RunResult, extra: Record<string, string | number> = {}): void {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const row = {
    run: name,
    turns: result.turns,
    'turns/s': Math.round(result.turns / result.seconds),
    'p50 ms': percentile(sorted, 50).toFixed(2),
    'p99 ms': percentile(sorted, 99).toFixed(2),
    ...extra,
  };
  console.log(JSON.stringify(row));
}

/** The runtime as the tutor runs it (secret guard, Q&A and scam-check services), without HTTP. */
async function inProcess(tutor: Tutor, name: string): Promise<void> {
  const send: Send = async (userId, text, messageId) => {
    const inbound: InboundMessage = { channel: 'bench', userId, messageId, at: Date.now(), text };
    await tutor.conversation.handle(inbound);
  };
  await drive(send, Math.min(USERS, WARM_USERS), `warm-${name}`);
  const counter = tutor.store instanceof RedisStore ? countCommands(tutor.store) : undefined;
  const result = await drive(send, USERS, name);
  const extra: Record<string, string | number> = {};
  if (counter) extra['redis round trips/turn'] = (counter.count() / result.turns).toFixed(2);
  extra['bytes/user'] = await averageBytes(tutor.store, `bench:${name}`);
  report(`in-process, ${name}`, result, extra);
}

/** Counts the commands our client sends; a turn awaits each one in turn, so commands per turn = round trips per turn. */
function countCommands(store: RedisStore): { count: () => number } {
  const client = store.client;
  const original = client.sendCommand.bind(client);
  let sent = 0;
  client.sendCommand = ((...args: Parameters<typeof original>) => {
    sent++;
    return original(...args);
  }) as typeof client.sendCommand;
  return { count: () => sent };
}

async function averageBytes(store: Store, prefix: string): Promise<number> {
  let total = 0;
  const sample = Math.min(USERS, 100);
  for (let i = 0; i < sample; i++) total += await store.users.bytesFor(`${prefix}-${i}`);
  return Math.round(total / sample);
}

/** POST /api/chat with a keep-alive HTTP client (the client shares this process and its cores). */
async function overHttp(tutor: Tutor, name: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const { hostname, port } = new URL(tutor.url);
  const send: Send = (userId, text, messageId) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ userId, text, messageId });
      const request = http.request(
        { host: hostname, port, path: '/api/chat', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
          response.resume();
          response.on('end', () => resolve());
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const result = await drive(send, Math.max(1, Math.round(USERS / 2)), `http-${name}`);
  report(`HTTP, ${name}`, result);
  agent.destroy();
}

async function withTutor(env: Record<string, string>, run: (tutor: Tutor) => Promise<void>): Promise<void> {
  const tutor = await startTutor({ env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BROADCAST_WORKERS: 'false', SCAM_ALERT_ENABLED: 'false', WEB_CHAT_RATE_PER_MINUTE: '1000000', ...env } });
  try {
    await run(tutor);
  } finally {
    await tutor.close();
  }
}

console.log(`Học Vụ Số benchmark: ${USERS} users × ${SCRIPT.length} turns, concurrency ${CONCURRENCY}, Node ${process.version}`);
const dir = await mkdtemp(path.join(tmpdir(), 'hvs-bench-'));
await withTutor({ DATA_DIR: path.join(dir, 'embedded') }, async (tutor) => {
  await inProcess(tutor, 'embedded');
  await overHttp(tutor, 'embedded');
});
const prefix = `hvs-bench:${Date.now()}:`;
const probe = new RedisStore(REDIS_URL, { prefix });
if (await probe.ping()) {
  await withTutor({ DATA_DIR: path.join(dir, 'redis'), REDIS_URL, REDIS_PREFIX: prefix }, async (tutor) => {
    await inProcess(tutor, 'redis');
    await overHttp(tutor, 'redis');
  });
  const cleaner = new Redis(REDIS_URL);
  const keys = await cleaner.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await cleaner.del(...keys.slice(i, i + 1000));
  cleaner.disconnect();
} else {
  console.log(`(no Redis at ${REDIS_URL}: Redis runs skipped)`);
}
await probe.close();
await rm(dir, { recursive: true, force: true });

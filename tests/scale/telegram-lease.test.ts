// Two tutor processes in Telegram polling mode on one Redis: only the holder of
// the poller lease calls getUpdates (Telegram answers 409 to a second poller;
// the fake in front does the same and counts them). SIGKILL the holder: the
// other takes over within the lease time and answers the next messages.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../channels/telegram/fake-bot-api.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { BENCH_BOT_TOKEN, startTutorProcess, type TutorProcess } from '../helpers/tutor-process.js';
import { sleep } from './helpers.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
const tutors: TutorProcess[] = [];
let api: FakeBotApi | undefined;
let gate: Server | undefined;

afterAll(async () => {
  for (const tutor of tutors) await tutor.kill().catch(() => undefined);
  gate?.closeAllConnections();
  await new Promise((resolve) => (gate ? gate.close(resolve) : resolve(undefined)));
  await api?.close();
  await cleanPrefix(prefix);
});

/** In front of the fake: a getUpdates while another is open gets Telegram's 409, and is counted. */
async function conflictGate(target: string): Promise<{ url: string; conflicts: () => number; polls: () => number }> {
  let open = 0;
  let conflicts = 0;
  let polls = 0;
  gate = createServer((req, res) => {
    const isPoll = /\/getUpdates$/.test(req.url ?? '');
    if (isPoll) {
      polls++;
      if (open > 0) {
        conflicts++;
        req.resume();
        res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' }));
        return;
      }
      open++;
      let counted = true;
      const done = () => {
        if (counted) open--;
        counted = false;
      };
      res.once('close', done);
    }
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => gate!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(gate.address() as AddressInfo).port}`, conflicts: () => conflicts, polls: () => polls };
}

function textUpdate(chatId: number, messageId: number, text: string): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Cư dân', language_code: 'vi' };
  return { message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Cư dân' }, from, text } };
}

describe.runIf(runRedis)('one Telegram poller across processes', () => {
  it('only the lease holder polls; when it is killed the other takes over; no 409', async () => {
    api = await FakeBotApi.start();
    const front = await conflictGate(api.url);
    const env = { REDIS_URL, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN, TELEGRAM_API_ROOT: front.url, TELEGRAM_MODE: 'polling', LEASE_TTL_MS: '2000', BROADCAST_WORKERS: 'false' };
    tutors.push(await startTutorProcess(env), await startTutorProcess(env));
    const redis = new Redis(REDIS_URL);
    const leaseKey = `${prefix}kv:lease:telegram:poller:${BENCH_BOT_TOKEN.split(':')[0]}`;
    const holderPid = async () => Number((await redis.get(leaseKey))?.split(':')[1] ?? 0);
    await api.waitFor(() => api!.callsTo('getUpdates').length > 0, 'a first getUpdates');
    const first = await holderPid();
    expect(tutors.map((t) => t.pid)).toContain(first);

    api.queueUpdate(textUpdate(501, 1, '/start'));
    await api.waitFor(() => api!.callsTo('sendMessage', 501).length > 0, 'a reply to the first message');

    // Polls keep going for a while from one process only.
    await sleep(1500);
    const holder = tutors.find((t) => t.pid === first)!;
    const standby = tutors.find((t) => t.pid !== first)!;
    const standbyHealth = (await (await fetch(`${standby.url}/healthz`)).json()) as { channels: Record<string, { ok: boolean; detail: string }> };
    expect(standbyHealth.channels.telegram!.detail).toMatch(/standby/);

    const killedAt = Date.now();
    await holder.kill();
    for (let i = 0; i < 100 && (await holderPid()) !== standby.pid; i++) await sleep(100);
    const takeoverMs = Date.now() - killedAt;
    expect(await holderPid()).toBe(standby.pid);

    const repliesBefore = api.callsTo('sendMessage', 502).length;
    api.queueUpdate(textUpdate(502, 1, '/start'));
    await api.waitFor(() => api!.callsTo('sendMessage', 502).length > repliesBefore, 'a reply from the new holder');

    // A graceful stop (SIGTERM) hands the lease over at once, without waiting for it to expire.
    const third = await startTutorProcess(env);
    tutors.push(third);
    const stoppedAt = Date.now();
    process.kill(standby.pid, 'SIGTERM');
    for (let i = 0; i < 100 && (await holderPid()) !== third.pid; i++) await sleep(50);
    const handoverMs = Date.now() - stoppedAt;
    expect(await holderPid()).toBe(third.pid);
    // Waiting for the expiry would take at least two thirds of the lease (the last renewal) on top.
    expect(handoverMs).toBeLessThan(1300);
    api.queueUpdate(textUpdate(503, 1, '/start'));
    await api.waitFor(() => api!.callsTo('sendMessage', 503).length > 0, 'a reply from the third process');
    expect(front.conflicts()).toBe(0);
    console.log(
      `poller lease: takeover ${takeoverMs} ms after SIGKILL (lease ${env.LEASE_TTL_MS} ms), handover ${handoverMs} ms after SIGTERM, ${front.polls()} getUpdates, ${front.conflicts()} conflicts (409)`,
    );
    redis.disconnect();
  }, 90_000);
});

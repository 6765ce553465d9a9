// The store, the cross-process turn ordering and a broadcast on a real 3-master
// Redis Cluster started by the test on loopback ports (redis-server in cluster
// mode, joined with redis-cli --cluster create). Under CI=true it never skips.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Broadcaster } from '../../src/broadcast/index.js';
import type { Channel, SendOutcome } from '../../src/channels/types.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { newUserState } from '../../src/engine/state.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { FIXTURE_FLOWS, ROOT } from '../helpers/engine.js';
import { tsxArgs } from '../helpers/process.js';
import { testPrefix } from '../helpers/redis.js';
import { seedUser } from '../helpers/store.js';
import { storeContract } from '../store/contract.js';
import { clusterToolsAvailable, startLocalCluster, type LocalCluster } from './redis-cluster.js';

const runCluster = await clusterToolsAvailable();
let cluster: LocalCluster | undefined;

function admin(): Cluster {
  const client = new Cluster(cluster!.ports.map((port) => ({ host: '127.0.0.1', port })));
  client.on('error', () => {});
  return client;
}

/** Every key under the prefix, from every master. */
async function keysUnder(prefix: string): Promise<{ client: Cluster; keys: string[] }> {
  const client = admin();
  await new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
  const keys = (await Promise.all(client.nodes('master').map((node) => node.keys(`*${prefix}*`)))).flat();
  return { client, keys };
}

describe.runIf(runCluster)('on a 3-master Redis Cluster', () => {
  beforeAll(async () => {
    cluster = await startLocalCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  let prefix = '';
  storeContract('Redis Cluster', {
    async create() {
      prefix = testPrefix();
      return new RedisStore(cluster!.descriptor, { prefix });
    },
    async reopen() {
      return new RedisStore(cluster!.descriptor, { prefix });
    },
    async cleanup() {
      const { client, keys } = await keysUnder(prefix);
      await Promise.all(keys.map((key) => client.del(key)));
      client.disconnect();
    },
    async residue(text, userKey) {
      const { client, keys } = await keysUnder(prefix);
      const found: string[] = [];
      for (const key of keys) {
        const type = await client.type(key);
        const dump =
          type === 'hash' ? JSON.stringify(await client.hgetall(key)) : type === 'zset' ? JSON.stringify(await client.zrange(key, 0, -1)) : type === 'string' ? ((await client.get(key)) ?? '') : type;
        if (key !== `${prefix}{u:${userKey}}` && `${key} ${dump}`.includes(text)) found.push(key);
      }
      client.disconnect();
      return found;
    },
  });

  it('spreads users over every master and scans them all', async () => {
    const p = testPrefix();
    const store = new RedisStore(cluster!.descriptor, { prefix: p });
    await Promise.all(Array.from({ length: 60 }, (_, i) => seedUser(store, `web:spread-${i}`, newUserState(1))));
    const { client, keys } = await keysUnder(p);
    const perNode = await Promise.all(client.nodes('master').map(async (node) => (await node.keys(`${p}*`)).length));
    expect(perNode.every((n) => n > 0)).toBe(true);
    const seen: string[] = [];
    for await (const { userKey } of store.users.scan()) seen.push(userKey);
    expect(seen.sort()).toEqual(Array.from({ length: 60 }, (_, i) => `web:spread-${i}`).sort());
    await Promise.all(keys.map((key) => client.del(key)));
    client.disconnect();
    await store.close();
  });

  it('two processes, one user: every distinct message applied once, re-deliveries answered once', async () => {
    const STEPS = 60;
    const flowsDir = await mkdtemp(path.join(tmpdir(), 'hvs-cluster-chain-'));
    const p = testPrefix();
    try {
      await cp(FIXTURE_FLOWS, flowsDir, { recursive: true });
      const nodes: Record<string, unknown> = {};
      for (let i = 0; i < STEPS; i++) nodes[`s${i}`] = { type: 'send', text: `Bước ${i}`, buttons: [{ label: 'Tiếp', next: `s${i + 1}` }] };
      nodes[`s${STEPS}`] = { type: 'end', text: 'Hết' };
      await writeFile(path.join(flowsDir, 'chain.yaml'), stringify({ id: 'chain', version: 1, title: 'Chuỗi', kind: 'lesson', triggers: ['bat dau chuoi'], start: 's0', nodes }));
      const store = new RedisStore(cluster!.descriptor, { prefix: p });
      const content = (await ContentHolder.load({ root: flowsDir, flowsDir, contentDir: path.resolve('content') }, [])) as ContentHolder;
      const seed = newUserState(Date.now());
      seed.profile = { consent: true, onboarded: true };
      seed.stack = [{ flow: 'chain', node: 's0', revision: content.registry.get('chain')!.revision, history: [], retries: 0, vars: {}, quiz: {} }];
      seed.choices = [{ label: 'Tiếp', payload: 'n:chain:s0:0' }];
      await seedUser(store, 'web:double-tap', seed);
      const worker = (ids: string[]) =>
        promisify(execFile)(process.execPath, tsxArgs('tests/helpers/turn-worker.ts', p, flowsDir, 'double-tap', ...ids), { env: { ...process.env, REDIS_URL: cluster!.descriptor } }).then(
          ({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()!) as { answered: string[]; duplicates: string[] },
        );
      const shared = Array.from({ length: 15 }, (_, i) => `shared-${i}`);
      const onlyA = Array.from({ length: 15 }, (_, i) => `a-${i}`);
      const onlyB = Array.from({ length: 15 }, (_, i) => `b-${i}`);
      const [a, b] = await Promise.all([worker([...onlyA, ...shared]), worker([...shared, ...onlyB])]);
      const answered = [...a.answered, ...b.answered];
      expect(new Set(answered).size).toBe(answered.length);
      expect(answered.sort()).toEqual([...onlyA, ...onlyB, ...shared].sort());
      expect(a.duplicates.length + b.duplicates.length).toBe(shared.length);
      expect((await store.users.load('web:double-tap'))!.state.stack[0]!.node).toBe(`s${onlyA.length + onlyB.length + shared.length}`);
      await store.close();
    } finally {
      await rm(flowsDir, { recursive: true, force: true });
      const { client, keys } = await keysUnder(p);
      await Promise.all(keys.map((key) => client.del(key)));
      client.disconnect();
    }
  }, 60_000);

  it('a broadcast through BullMQ (hash-tagged prefix) reaches every subscriber once', async () => {
    const USERS = 120;
    const p = testPrefix();
    const store = new RedisStore(cluster!.descriptor, { prefix: p });
    const state = newUserState(Date.now());
    state.profile = { consent: true, onboarded: true, subscribed: true };
    await Promise.all(Array.from({ length: USERS }, (_, i) => seedUser(store, `fake:${i}`, state)));
    const received = new Map<string, number>();
    const channel: Channel = {
      name: 'fake',
      capabilities: { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000 },
      start: async () => {},
      stop: async () => {},
      send: async (userId): Promise<SendOutcome> => {
        received.set(userId, (received.get(userId) ?? 0) + 1);
        return { ok: true };
      },
    };
    const content = (await ContentHolder.load(defaultContentPaths(ROOT), flowSources)) as ContentHolder;
    const broadcaster = new Broadcaster({
      rawEnv: { QUIET_HOURS: '00:00-00:00', BROADCAST_RATE_DEFAULT: '500' },
      redisUrl: cluster!.descriptor,
      redisPrefix: p,
      store,
      content,
      channels: [channel],
      logger: pino({ level: 'silent' }),
      runWorkers: true,
      schedule: false,
    });
    await broadcaster.start();
    try {
      const record = await broadcaster.create({
        createdBy: 'operator',
        respectQuietHours: false,
        audience: 'subscribers',
        target: {},
        content: { kind: 'message', text: 'Cảnh báo' },
        title: 'cluster test',
      });
      let summary = await broadcaster.summary(record.id);
      for (let i = 0; i < 300 && summary?.status !== 'done'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        summary = await broadcaster.summary(record.id);
      }
      expect(summary).toMatchObject({ status: 'done', counts: { queued: USERS, sent: USERS } });
      expect(received.size).toBe(USERS);
      expect([...received.values()].every((n) => n === 1)).toBe(true);
      // BullMQ's keys carry the hash tag.
      const { client, keys } = await keysUnder(p);
      expect(keys.filter((key) => key.startsWith(`${p}bull`))).toEqual([]);
      expect(keys.some((key) => key.startsWith(`{${p}bull}`))).toBe(true);
      await Promise.all(keys.map((key) => client.del(key)));
      client.disconnect();
    } finally {
      await broadcaster.close();
      await store.close();
    }
  }, 60_000);
});

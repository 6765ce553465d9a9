// The store through Redis Sentinel: a throw-away Redis and one Sentinel on
// loopback ports; the tutor's configuration (REDIS_SENTINELS + REDIS_SENTINEL_NAME)
// finds the master through the Sentinel and the store works on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { newUserState } from '../../src/engine/state.js';
import { newDoc } from '../../src/runtime/records.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { killGroup } from '../helpers/process.js';
import { freePort } from '../helpers/tutor-process.js';
import { clusterToolsAvailable } from './redis-cluster.js';
import { sleep } from './helpers.js';

const runSentinel = await clusterToolsAvailable();
const children: ChildProcess[] = [];
let dir = '';
afterAll(async () => {
  for (const child of children) await killGroup(child).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function start(args: string[]): ChildProcess {
  const child = spawn('redis-server', args, { cwd: dir, detached: true, stdio: 'ignore', env: process.env });
  children.push(child);
  return child;
}

describe.runIf(runSentinel)('through Redis Sentinel', () => {
  it('finds the master by name and commits and loads a user there', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hvs-sentinel-'));
    const [masterPort, sentinelPort] = [await freePort(), await freePort()];
    start(['--port', String(masterPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
    await writeFile(path.join(dir, 'sentinel.conf'), [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor hvsmaster 127.0.0.1 ${masterPort} 1`, ''].join('\n'));
    start([path.join(dir, 'sentinel.conf'), '--sentinel']);
    await sleep(500);
    const { core } = loadConfig({ REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'hvsmaster', REDIS_PREFIX: 'hvs-sentinel:' });
    const store = new RedisStore(core.REDIS_URL!, { prefix: core.REDIS_PREFIX });
    try {
      for (let i = 0; i < 50 && !(await store.ping()); i++) await sleep(100);
      expect(await store.ping()).toBe(true);
      expect((await store.users.commit('web:sentinel', 0, newDoc(newUserState(1)))).ok).toBe(true);
      expect((await store.users.load('web:sentinel'))?.version).toBe(1);
      // It really is the master behind the Sentinel.
      expect(Number(((await store.client.config('GET', 'port')) as string[])[1])).toBe(masterPort);
    } finally {
      await store.close();
    }
  }, 30_000);
});

// A throw-away 3-master Redis Cluster on loopback ports, for the Cluster tests:
// three `redis-server --cluster-enabled yes` in a temp dir, joined with
// `redis-cli --cluster create`, each in its own process group so stop() (and the
// run's leak guard) can kill them whole.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { killGroup } from '../helpers/process.js';
import { freePort } from '../helpers/tutor-process.js';

const run = promisify(execFile);

export interface LocalCluster {
  ports: number[];
  /** The descriptor the tutor's configuration builds from REDIS_CLUSTER_NODES. */
  descriptor: string;
  nodes: string;
  stop(): Promise<void>;
}

/** Whether redis-server and redis-cli are installed (under CI=true they must be: the test fails instead of skipping). */
export async function clusterToolsAvailable(): Promise<boolean> {
  try {
    await run('redis-server', ['--version']);
    await run('redis-cli', ['--version']);
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI=true but redis-server/redis-cli are not installed: the Redis Cluster test cannot run');
    return false;
  }
}

export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hvs-cluster-'));
  const ports: number[] = [];
  // Cluster bus ports are port + 10000: pick ports whose bus port is below 65536.
  while (ports.length < 3) {
    const port = await freePort();
    if (port < 55_000 && !ports.includes(port)) ports.push(port);
  }
  const servers: ChildProcess[] = [];
  const stop = async () => {
    for (const server of servers) await killGroup(server).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '2000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
        ],
        { cwd: dir, detached: true, stdio: 'ignore', env: process.env },
      );
      servers.push(server);
    }
    for (const port of ports) await waitForPing(port);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    await waitForClusterOk(ports);
  } catch (error) {
    await stop();
    throw error;
  }
  const nodes = ports.map((port) => `127.0.0.1:${port}`).join(',');
  return { ports, nodes, descriptor: `redis-cluster://${nodes}`, stop };
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const answer = await run('redis-cli', ['-p', String(port), 'ping']).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    if (answer === 'PONG') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server on ${port} did not start`);
}

async function waitForClusterOk(ports: number[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const states = await Promise.all(
      ports.map((port) =>
        run('redis-cli', ['-p', String(port), 'cluster', 'info']).then(
          (r) => /cluster_state:ok/.test(r.stdout),
          () => false,
        ),
      ),
    );
    if (states.every(Boolean)) {
      // And a client sees every slot served.
      const probe = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
      probe.on('error', () => {});
      try {
        await probe.set('{probe}', '1');
        return;
      } catch {
        // not yet
      } finally {
        probe.disconnect();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the Redis Cluster did not reach cluster_state:ok');
}

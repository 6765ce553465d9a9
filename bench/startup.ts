// `npm run bench:startup`: how long `npm start` takes until /healthz answers
// (embedded store in a fresh folder, no keys, no channels), wall time and the
// CPU time of the whole process group (npm, sh, tsx, node: user + system, from
// /proc at the moment it is ready), median of BENCH_STARTUP_RUNS runs (5).
// BENCH_STARTUP_COMMAND runs something else the same way, e.g.
// "node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx src/main.ts".
// The CPU time is the figure to compare on a shared machine: wall time grows
// with whatever else runs.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const COMMAND = process.env.BENCH_STARTUP_COMMAND ?? 'npm start';
const READY_TIMEOUT_MS = 120_000;
const CLOCK_TICKS = clockTicks();

interface Run {
  wallMs: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  console.log(`start-up of "${COMMAND}" until /healthz answers 200, ${RUNS} runs (embedded store, no keys)`);
  const runs: Run[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const run = await startOnce();
    runs.push(run);
    console.log(`  run ${i}: wall ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s`);
  }
  const wall = runs.map((r) => r.wallMs);
  const cpu = runs.map((r) => r.cpuMs);
  console.log(
    `median: wall ${(median(wall) / 1000).toFixed(2)} s (min ${(Math.min(...wall) / 1000).toFixed(2)}), CPU ${(median(cpu) / 1000).toFixed(2)} s (min ${(Math.min(...cpu) / 1000).toFixed(2)})`,
  );
  console.log(`load average when done: ${(await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')}`);
}

async function startOnce(): Promise<Run> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hvs-bench-startup-'));
  const port = await freePort();
  // Only what start-up needs: no keys, no Redis, no channel tokens from the caller's environment.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const started = performance.now();
  const child = spawn('sh', ['-c', COMMAND], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  try {
    await untilHealthy(port, child);
    const wallMs = performance.now() - started;
    const cpuMs = await groupCpuMs(child.pid!);
    return { wallMs, cpuMs };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  } finally {
    await stopGroup(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function untilHealthy(port: number, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS} ms`);
}

/** User + system time of every process in the group, with what their reaped children used. */
async function groupCpuMs(pgid: number): Promise<number> {
  let ticks = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime cutime cstime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

await main();

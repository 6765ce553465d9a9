// Running the project's TypeScript entry points as real child processes that a
// test can really kill. A child runs as `node --import <tsx loader> file`: one
// Node process doing the work (the tsx CLI would add a wrapper process, and
// SIGKILL on the wrapper leaves the real one running). It gets its own process
// group (detached), so tsx's esbuild helpers die with it, and a kill is
// followed by a check that nothing of the group is left.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** tsx's loader (its package entry), as a URL so it resolves from any working directory. */
export const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** Set by the global setup to a fresh id; every process a test run starts inherits it (see leftoverProcesses). */
export const RUN_MARK = 'HVS_TEST_RUN';

/** Arguments for process.execPath to run a TypeScript file in one process. */
export function tsxArgs(file: string, ...args: string[]): string[] {
  return ['--import', TSX_LOADER, path.isAbsolute(file) ? file : path.join(ROOT, file), ...args];
}

const live = new Set<ChildProcess>();

/** Starts a TypeScript file as a child in its own process group; remembered until it exits. */
export function spawnTs(file: string, args: string[] = [], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(process.execPath, tsxArgs(file, ...args), { cwd: ROOT, ...options, env: options.env ?? process.env, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Runs a TypeScript file to its end (like execFile), in its own group, killed with its group after timeoutMs. */
export async function runTs(file: string, args: string[] = [], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTs(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => void killGroup(child).catch(() => {}), options.timeoutMs ?? 60_000);
  const code = await exitOf(child);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Resolves with the exit code once the child has exited (and been reaped). */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Sends a signal to the child's whole process group (SIGKILL by default), waits for it to exit and checks nothing is left. */
export async function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 10_000): Promise<void> {
  const pid = child.pid!;
  signalGroup(pid, signal);
  const exited = await Promise.race([exitOf(child).then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!exited) {
    if (signal === 'SIGKILL') throw new Error(`process ${pid} did not exit after SIGKILL`);
    signalGroup(pid, 'SIGKILL');
    await exitOf(child);
  }
  await assertGone(pid);
}

/** Throws unless neither the process nor any member of its group exists any more (kill(pid, 0) fails with ESRCH). */
export async function assertGone(pid: number, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  // Group members other than the leader are reaped by init, which can take a moment.
  while (exists(pid) || exists(-pid)) {
    if (Date.now() > until) throw new Error(`process ${pid} (or a member of its group) is still running`);
    await sleep(20);
  }
}

/** Whether a process (or, with a negative number, a process group) exists, asked with signal 0. */
export function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Kills (group and all) every child this test file started that is still running; returns their pids. */
export async function killLiveChildren(): Promise<number[]> {
  const left = [...live];
  await Promise.all(left.map((child) => killGroup(child)));
  return left.map((child) => child.pid!);
}

/** CPU time (user + system, ms) used so far by every live process of a process group, read from /proc. */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: Linux reports /proc times in 1/100 s on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * For scripts (benchmarks): children live in their own process groups, so a
 * Ctrl-C in the terminal does not reach them. On SIGINT/SIGTERM and on exit,
 * kill every live child's group before leaving; on a signal, run `cleanup`
 * (bounded to 5 s) too, e.g. to delete the run's Redis keys.
 */
export function killChildrenOnExit(cleanup?: () => Promise<void>): void {
  const killAll = () => {
    for (const child of live) signalGroup(child.pid!, 'SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      void Promise.race([cleanup?.().catch(() => undefined), sleep(5000)]).finally(() => process.exit(130));
    });
  }
}

export interface MarkedProcess {
  pid: number;
  ppid: number;
  pgid: number;
  command: string;
}

/** Live processes on this machine carrying this run's mark in their environment, except the given pid. */
export function markedProcesses(runId: string, except: number): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  const needle = `${RUN_MARK}=${runId}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === except) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(needle)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // a zombie waiting to be reaped does no work
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** SIGKILLs marked processes and their groups. */
export function killMarked(processes: MarkedProcess[]): void {
  for (const { pid, pgid } of processes) {
    // Only a group the process leads (a detached child) is killed whole: any other group may be the test runner's own.
    for (const target of pgid === pid ? [-pgid, pid] : [pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

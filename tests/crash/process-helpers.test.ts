// The process helpers kill the process that does the work, not a wrapper:
// a TypeScript child is one Node process in its own group, and after killGroup
// neither it nor any member of its group (tsx's esbuild helpers) exists.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/engine.js';
import { assertGone, exists, exitOf, killGroup, spawnTs } from '../helpers/process.js';

const SLEEPER = 'tests/crash/fixtures/sleeper.ts';

function printedPid(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /pid (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing its pid`)));
  });
}

function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

describe('process helpers', () => {
  it('runs a TypeScript file as one process in its own group and kills the whole group', async () => {
    const child = spawnTs(SLEEPER, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    expect(await printedPid(child)).toBe(child.pid); // no wrapper: the pid we hold is the one doing the work
    const members = groupMembers(child.pid!);
    expect(members).toContain(child.pid);
    await killGroup(child);
    expect(child.signalCode).toBe('SIGKILL');
    for (const pid of members) expect(exists(pid)).toBe(false);
    expect(exists(-child.pid!)).toBe(false);
  });

  it('shows the trap it avoids: SIGKILL to the tsx CLI leaves the real process running', async () => {
    const wrapper = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, SLEEPER)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const real = await printedPid(wrapper);
    expect(real).not.toBe(wrapper.pid);
    wrapper.kill('SIGKILL');
    await exitOf(wrapper);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(exists(real)).toBe(true);
    process.kill(-wrapper.pid!, 'SIGKILL'); // the group still holds the orphan
    await assertGone(real);
  });

  it('assertGone fails for a live process', async () => {
    const child = spawnTs(SLEEPER, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    await printedPid(child);
    await expect(assertGone(child.pid!, 200)).rejects.toThrow(/still running/);
    await killGroup(child);
  });
});

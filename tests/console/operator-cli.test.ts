// `npm run operator`: creates accounts in the tutor's store (here the embedded
// one under DATA_DIR), refuses bad input in plain words, changes passwords.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/console/auth/password.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { ROOT } from '../helpers/engine.js';

const run = promisify(execFile);
let dir = '';

async function operator(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/operator.ts'), ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, REDIS_URL: '' } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hvs-operator-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run operator', () => {
  it('adds an admin and a ward staff account (ward matched to the directory), and lists them', async () => {
    expect(await operator('add', '--username', 'quantri', '--password', 'mat-khau-rat-dai', '--role', 'admin')).toMatchObject({ code: 0 });
    const staff = await operator('add', '--username', 'lan', '--password', 'mat-khau-cua-lan', '--role', 'staff', '--ward', 'phuong hoa binh');
    expect(staff.code).toBe(0);
    expect(staff.out).toContain('Phường Hòa Bình');
    const store = new LmdbStore(path.join(dir, 'store'));
    try {
      const account = await store.operators.account('lan');
      expect(account).toMatchObject({ role: 'staff', wards: ['Phường Hòa Bình'] });
      expect(await verifyPassword('mat-khau-cua-lan', account!.passwordHash)).toBe(true);
    } finally {
      await store.close();
    }
    expect((await operator('list')).out).toMatch(/quantri\tadmin/);
  }, 60_000);

  it('refuses bad input in plain words and changes nothing', async () => {
    expect(await operator('add', '--username', 'bad1', '--password', 'ngan', '--role', 'admin')).toMatchObject({ code: 1, out: expect.stringContaining('ít nhất 10 ký tự') });
    expect(await operator('add', '--username', 'bad2', '--password', 'mat-khau-rat-dai', '--role', 'boss')).toMatchObject({ code: 1, out: expect.stringContaining('--role') });
    expect(await operator('add', '--username', 'bad3', '--password', 'mat-khau-rat-dai', '--role', 'staff')).toMatchObject({ code: 1, out: expect.stringContaining('--ward') });
    expect(await operator('add', '--username', 'bad4', '--password', 'mat-khau-rat-dai', '--role', 'staff', '--ward', 'Phường Không Có')).toMatchObject({
      code: 1,
      out: expect.stringContaining('content/wards.yaml'),
    });
    expect(await operator('add', '--username', 'quantri', '--password', 'mat-khau-rat-dai', '--role', 'admin')).toMatchObject({ code: 1, out: expect.stringContaining('Đã có tài khoản') });
    expect((await operator('list')).out).not.toMatch(/bad[1-4]/);
  }, 60_000);

  it('changes a password', async () => {
    expect((await operator('passwd', '--username', 'quantri', '--password', 'mat-khau-moi-2026')).code).toBe(0);
    const store = new LmdbStore(path.join(dir, 'store'));
    try {
      expect(await verifyPassword('mat-khau-moi-2026', (await store.operators.account('quantri'))!.passwordHash)).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { Lease } from '../../src/runtime/lease.js';
import { LmdbStore } from '../../src/store/embedded/index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('Lease', () => {
  it('on a graceful stop, the holder finishes its work before another process can take the lease', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hvs-lease-'));
    dirs.push(dir);
    const store = new LmdbStore(dir);
    const logger = createLogger('silent');
    const seenWhileStopping: (string | null)[] = [];
    const holder: Lease = new Lease({
      store,
      name: 'test:poller',
      ttlMs: 5_000,
      logger,
      onAcquired: () => undefined,
      // The poll is still open here: the lease must still name this process.
      onLost: async () => void seenWhileStopping.push(await holder.holder()),
    });
    holder.start();
    await until(() => holder.held);
    expect(holder.held).toBe(true);
    await holder.stop();
    expect(seenWhileStopping).toEqual([holder.owner]);
    expect(await holder.holder()).toBeNull();
    await store.close();
  });
});

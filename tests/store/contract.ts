// One contract for every Store implementation (Redis and embedded).
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { newUserState, type UserState } from '../../src/engine/state.js';
import type { Store } from '../../src/store/types.js';

export interface StoreFactory {
  /** A fresh, empty store. */
  create(): Promise<Store>;
  /** A second handle on the same data (another process or a restart). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

function stateWith(counter: number): UserState {
  const state = newUserState(1);
  state.profile.counter = counter;
  return state;
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('returns null for an unknown user', async () => {
      expect(await store.loadUser('web:nobody')).toBeNull();
    });

    it('creates, then saves only against the version it read', async () => {
      expect(await store.saveUser('web:a', stateWith(1), 0)).toBe(true);
      expect(await store.saveUser('web:a', stateWith(99), 0)).toBe(false);
      const first = await store.loadUser('web:a');
      expect(first).toMatchObject({ version: 1, state: { profile: { counter: 1 } } });
      expect(await store.saveUser('web:a', stateWith(2), 1)).toBe(true);
      expect(await store.saveUser('web:a', stateWith(3), 1)).toBe(false);
      expect(await store.loadUser('web:a')).toMatchObject({ version: 2, state: { profile: { counter: 2 } } });
    });

    it('loses no update when many turns race on one user', async () => {
      await store.saveUser('web:race', stateWith(0), 0);
      const increment = async () => {
        for (;;) {
          const record = (await store.loadUser('web:race'))!;
          const next = structuredClone(record.state);
          next.profile.counter = Number(next.profile.counter) + 1;
          if (await store.saveUser('web:race', next, record.version)) return;
        }
      };
      await Promise.all(Array.from({ length: 25 }, increment));
      expect((await store.loadUser('web:race'))!.state.profile.counter).toBe(25);
    });

    it('deletes a user with every per-user field, and nobody else', async () => {
      await store.saveUser('web:gone', stateWith(1), 0);
      await store.saveUser('web:stays', stateWith(1), 0);
      await store.userFieldSet('web:gone', 'quota', '3');
      await store.userFieldSet('web:stays', 'quota', '4');
      await store.deleteUser('web:gone');
      expect(await store.loadUser('web:gone')).toBeNull();
      expect(await store.userFieldGet('web:gone', 'quota')).toBeNull();
      expect(await store.loadUser('web:stays')).not.toBeNull();
      expect(await store.userFieldGet('web:stays', 'quota')).toBe('4');
    });

    it('keeps per-user fields and counters', async () => {
      expect(await store.userFieldIncr('web:f', 'asked')).toBe(1);
      expect(await store.userFieldIncr('web:f', 'asked', 2)).toBe(3);
      await store.userFieldSet('web:f', 'note', 'x');
      expect(await store.userFieldGet('web:f', 'note')).toBe('x');
      expect(await store.userFieldGet('web:f', 'missing')).toBeNull();
      await store.userFieldDelete('web:f', 'note');
      expect(await store.userFieldGet('web:f', 'note')).toBeNull();
    });

    it('claims a key once until it expires', async () => {
      expect(await store.claimOnce('dedupe:1', 200)).toBe(true);
      expect(await store.claimOnce('dedupe:1', 200)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 260));
      expect(await store.claimOnce('dedupe:1', 200)).toBe(true);
    });

    it('gets, sets with expiry, counts and lists', async () => {
      await store.set('k', 'v');
      expect(await store.get('k')).toBe('v');
      await store.set('short', 'v', 100);
      await new Promise((resolve) => setTimeout(resolve, 160));
      expect(await store.get('short')).toBeNull();
      expect(await store.incr('n')).toBe(1);
      expect(await store.incr('n', 4)).toBe(5);
      await store.listPush('l', 'a');
      expect(await store.listPush('l', 'b')).toBe(2);
      expect(await store.listRange('l', 0, -1)).toEqual(['a', 'b']);
      await store.delete('k');
      expect(await store.get('k')).toBeNull();
    });

    it('lists every user', async () => {
      await store.saveUser('web:s1', stateWith(1), 0);
      await store.saveUser('telegram:s2', stateWith(2), 0);
      const seen: string[] = [];
      for await (const { userKey } of store.scanUsers()) seen.push(userKey);
      expect(seen.sort()).toEqual(['telegram:s2', 'web:s1']);
    });

    it('keeps saved users for another handle (restart or second process)', async () => {
      await store.saveUser('web:durable', stateWith(7), 0);
      const other = await factory.reopen();
      try {
        expect(await other.loadUser('web:durable')).toMatchObject({ version: 1, state: { profile: { counter: 7 } } });
        expect(await other.saveUser('web:durable', stateWith(8), 1)).toBe(true);
        expect((await store.loadUser('web:durable'))!.state.profile.counter).toBe(8);
      } finally {
        await other.close();
      }
    });

    it('answers ping and measures a user', async () => {
      expect(await store.ping()).toBe(true);
      await store.saveUser('web:size', stateWith(1), 0);
      expect(await store.bytesForUser('web:size')).toBeGreaterThan(50);
    });
  });
}

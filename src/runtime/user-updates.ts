// Changes to a resident's record made outside a turn (unreachable after a
// block, a broadcast's sent mark, the web inbox). They go through the same
// compare-and-set commit as a turn, so they can never overwrite one.
import { cloneJson } from '../engine/clone.js';
import type { UserState } from '../engine/state.js';
import type { CommitEffects, Store, UserData, UserRecord } from '../store/types.js';

const MAX_ATTEMPTS = 20;

export interface Editable {
  state: UserState;
  data: UserData;
}

/**
 * Applies `mutate` to a copy of the saved record and commits it. Returns the
 * mutate's result, or undefined when the user does not exist (or was forgotten);
 * `mutate` returning false means "no change" and nothing is written. `effects`
 * go into the same commit.
 */
export async function updateUser<T>(store: Store, userKey: string, mutate: (record: Editable) => T | false, effects?: CommitEffects): Promise<T | undefined> {
  let record: UserRecord | null = await store.users.load(userKey);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!record || record.forgottenAt !== undefined) return undefined;
    const editable = { state: cloneJson(record.state), data: cloneJson(record.data) };
    const result = mutate(editable);
    if (result === false) return result as T;
    const { version, sent: _sent, ...doc } = record;
    const committed = await store.users.commit(userKey, version, { ...doc, ...editable }, effects);
    if (committed.ok) return result;
    record = committed.current;
  }
  throw new Error('could not update the user: too many concurrent changes');
}

/** Marks a resident unreachable (they blocked the bot) or reachable again, so broadcasts skip them. */
export async function setReachable(store: Store, userKey: string, reachable: boolean): Promise<void> {
  await updateUser(store, userKey, ({ state }) => {
    if ((state.profile.unreachable === true) === !reachable) return false;
    if (reachable) delete state.profile.unreachable;
    else state.profile.unreachable = true;
    return true;
  });
}

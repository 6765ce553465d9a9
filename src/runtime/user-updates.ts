// Changes to a resident's state made outside a turn (unreachable after a block,
// the last alert sent). They go through compare-and-set like a turn.
import type { UserState } from '../engine/state.js';
import type { Store } from '../store/types.js';

/** Applies `mutate` to the saved state; returns false when the user does not exist. `mutate` returning false means "no change". */
export async function updateUserState(store: Store, userKey: string, mutate: (state: UserState) => boolean | void): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const record = await store.loadUser(userKey);
    if (!record) return false;
    const state = structuredClone(record.state);
    if (mutate(state) === false) return true;
    if (await store.saveUser(userKey, state, record.version)) return true;
  }
  throw new Error('could not update the user state: too many concurrent changes');
}

/** Marks a resident unreachable (they blocked the bot) or reachable again, so broadcasts skip them. */
export async function setReachable(store: Store, userKey: string, reachable: boolean): Promise<void> {
  await updateUserState(store, userKey, (state) => {
    if ((state.profile.unreachable === true) === !reachable) return false;
    if (reachable) delete state.profile.unreachable;
    else state.profile.unreachable = true;
  });
}

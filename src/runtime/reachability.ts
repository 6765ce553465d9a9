// Marks a resident unreachable (they blocked the bot) or reachable again, so
// broadcasts skip them. Goes through compare-and-set like a turn.
import type { Store } from '../store/types.js';

export async function setReachable(store: Store, userKey: string, reachable: boolean): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const record = await store.loadUser(userKey);
    if (!record) return;
    const isUnreachable = record.state.profile.unreachable === true;
    if (isUnreachable === !reachable) return;
    const state = structuredClone(record.state);
    if (reachable) delete state.profile.unreachable;
    else state.profile.unreachable = true;
    if (await store.saveUser(userKey, state, record.version)) return;
  }
}

// Writing a resident's record directly, for tests that need one in place.
import type { UserState } from '../../src/engine/state.js';
import { newDoc } from '../../src/runtime/records.js';
import type { Store } from '../../src/store/types.js';

/** Creates the user with this state (fails if they exist). */
export async function seedUser(store: Store, userKey: string, state: UserState): Promise<void> {
  const result = await store.users.commit(userKey, 0, newDoc(state));
  if (!result.ok) throw new Error(`seedUser: ${userKey} already exists`);
}

// Residents who typed their ward before the directory existed
// ("phuong ben nghe", "ben nge", "Bỏ qua"): `npm run operator -- rebuild-stats`
// saves the directory's name where the text matches one ward, and removes a
// skip word saved as a ward, so broadcasts, scopes and statistics all see one
// ward. Texts that match no ward, or several, are left as typed.
import type { WardDirectory } from '../../engine/wards/directory.js';
import { matchWard } from '../../engine/wards/match.js';
import { updateUser } from '../../runtime/user-updates.js';
import type { Store } from '../../store/types.js';

/** The ward to save instead: a name, null to remove the field, undefined to leave it. */
export function canonicalWard(value: unknown, directory: WardDirectory): string | null | undefined {
  if (typeof value !== 'string') return undefined;
  const match = matchWard(value, directory);
  if (match.kind === 'skip') return null;
  if (match.kind === 'ward' && match.ward.name !== value) return match.ward.name;
  return undefined;
}

export async function mapTypedWards(store: Store, directory: WardDirectory): Promise<{ mapped: number; cleared: number }> {
  const counts = { mapped: 0, cleared: 0 };
  if (directory.wards.length === 0) return counts;
  // Found first, changed after: the scan is not disturbed by the writes.
  const typed: string[] = [];
  for await (const { userKey, state } of store.users.scan()) if (canonicalWard(state.profile.ward, directory) !== undefined) typed.push(userKey);
  for (const userKey of typed) {
    const done = await updateUser(store, userKey, ({ state }): keyof typeof counts | false => {
      const ward = canonicalWard(state.profile.ward, directory);
      if (ward === undefined) return false;
      if (ward === null) delete state.profile.ward;
      else state.profile.ward = ward;
      return ward === null ? 'cleared' : 'mapped';
    });
    if (done) counts[done]++;
  }
  return counts;
}

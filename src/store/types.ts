// The Store keeps everything the tutor remembers. Two implementations (Redis and
// an embedded LMDB database) pass one contract test suite (tests/store/contract.ts).
import type { UserState } from '../engine/state.js';

export interface UserRecord {
  state: UserState;
  /** Increases by one on every save; used for compare-and-set. */
  version: number;
}

export interface Store {
  readonly kind: 'redis' | 'embedded';

  /** One round trip. */
  loadUser(userKey: string): Promise<UserRecord | null>;
  /**
   * Saves only if the stored version is still `expectedVersion` (0: the user must
   * not exist yet). One round trip. False means another turn won: reload and retry.
   */
  saveUser(userKey: string, state: UserState, expectedVersion: number): Promise<boolean>;
  /** Removes everything stored about the user: state and per-user data. */
  deleteUser(userKey: string): Promise<void>;
  /** Every user, in no particular order (admin reports, broadcasts). */
  scanUsers(): AsyncIterable<{ userKey: string; state: UserState }>;

  /** Per-user extra fields (quotas, sent alerts) removed with the user. */
  userFieldGet(userKey: string, field: string): Promise<string | null>;
  userFieldSet(userKey: string, field: string, value: string): Promise<void>;
  userFieldIncr(userKey: string, field: string, by?: number): Promise<number>;
  userFieldDelete(userKey: string, field: string): Promise<void>;

  /** True for the first caller only, until `ttlMs` passes (deduplication). */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  incr(key: string, by?: number): Promise<number>;
  listPush(key: string, value: string): Promise<number>;
  listRange(key: string, start: number, stop: number): Promise<string[]>;

  /** Answers quickly when the store works. */
  ping(): Promise<boolean>;
  /** Approximate bytes held for one user (benchmarks). */
  bytesForUser(userKey: string): Promise<number>;
  close(): Promise<void>;
}

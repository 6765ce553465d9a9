// The last committed record of recently active users, so a turn usually starts
// without reading the store. It is only a guess: the commit's version check
// catches a stale entry (another process wrote) and returns the fresh record.
import type { UserRecord } from '../store/types.js';

export class RecordCache {
  private readonly records = new Map<string, UserRecord>();

  constructor(private readonly capacity: number) {}

  get(userKey: string): UserRecord | undefined {
    const record = this.records.get(userKey);
    if (record) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.records.delete(userKey);
      this.records.set(userKey, record);
    }
    return record;
  }

  set(userKey: string, record: UserRecord | null): void {
    this.records.delete(userKey);
    if (!record || this.capacity <= 0) return;
    this.records.set(userKey, record);
    if (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
  }

  delete(userKey: string): void {
    this.records.delete(userKey);
  }
}

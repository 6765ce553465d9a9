// How broadcasts are delivered: BullMQ over Redis, or an in-process loop over the embedded store.
import type { BroadcastRecord } from './types.js';

export interface BroadcastQueue {
  /** Finds the recipients and queues one delivery for each. */
  enqueue(record: BroadcastRecord): Promise<void>;
  /** Starts delivering (and resumes unfinished broadcasts). */
  startWorkers(): Promise<void>;
  /** Drops queued deliveries that name this resident ("xóa dữ liệu"). */
  forgetUser(userKey: string): Promise<void>;
  close(): Promise<void>;
}

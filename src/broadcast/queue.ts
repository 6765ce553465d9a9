// How broadcasts are delivered: BullMQ over Redis, or an in-process loop over the embedded store.
import type { BroadcastRecord } from './types.js';

export interface BroadcastQueue {
  /** Finds the recipients and queues one delivery for each. */
  enqueue(record: BroadcastRecord): Promise<void>;
  /** Starts delivering (and resumes unfinished broadcasts). */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

// The BullMQ queue, imported when it is first used (with Redis only): bullmq
// costs about 0.4 s of CPU to import, which a tutor on the embedded store
// would otherwise pay at every start-up for nothing.
import type { BullmqBroadcastQueue } from './bullmq-queue.js';
import type { BroadcastQueue } from './queue.js';

export type LazyBullmqQueue = BroadcastQueue & Pick<BullmqBroadcastQueue, 'depths'>;

export function lazyBullmqQueue(...args: ConstructorParameters<typeof BullmqBroadcastQueue>): LazyBullmqQueue {
  let queue: Promise<BullmqBroadcastQueue> | undefined;
  const opened = () => (queue ??= import('./bullmq-queue.js').then(({ BullmqBroadcastQueue }) => new BullmqBroadcastQueue(...args)));
  return {
    enqueue: async (record) => (await opened()).enqueue(record),
    startWorkers: async () => (await opened()).startWorkers(),
    forgetUser: async (userKey) => (await opened()).forgetUser(userKey),
    depths: async () => (await opened()).depths(),
    close: async () => {
      if (queue) await (await queue).close();
    },
  };
}

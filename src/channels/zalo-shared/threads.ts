// How a Zalo conversation is named for the engine. A direct chat is the user's
// id; a group conversation is "group:<groupId>:<userId>" so each resident in a
// group keeps their own progress while replies go to the group.
export interface ZaloThread {
  /** Where replies go: the user id or the group id. */
  threadId: string;
  isGroup: boolean;
}

const GROUP_PREFIX = 'group:';

export function groupUserId(groupId: string, userId: string): string {
  return `${GROUP_PREFIX}${groupId}:${userId}`;
}

export function threadOf(userId: string): ZaloThread {
  if (!userId.startsWith(GROUP_PREFIX)) return { threadId: userId, isGroup: false };
  const [groupId = ''] = userId.slice(GROUP_PREFIX.length).split(':');
  return { threadId: groupId, isGroup: true };
}

/**
 * Runs tasks one after another per key (per chat), in arrival order, while
 * different chats proceed in parallel. A failing task does not block the next.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  /** Resolves when every queued task has finished, or after `withinMs` (used on stop). */
  async drain(withinMs: number): Promise<void> {
    const drained = (async () => {
      while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
    })();
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, withinMs).unref())]);
  }
}

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

// What both Zalo channels do with one resident message: claim its platform id
// (so a redelivery or a restart never answers twice), run the turn, hand the
// reply to the channel; and after sending, remember a resident who blocked us.
import type { InboundMessage, OutboundMessage } from '../../engine/messages.js';
import { userKeyOf } from '../../engine/messages.js';
import { userTag } from '../../log/logger.js';
import { setReachable } from '../../runtime/reachability.js';
import type { ChannelContext, SendOutcome } from '../types.js';

const DEDUPE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Claims, runs the turn and delivers the reply. `onSaved` learns, before the
 * (paced, possibly slow) delivery, whether the turn is saved: a webhook answers
 * the platform only then, so nothing it acknowledged can be lost.
 */
export async function answerOnce(
  context: ChannelContext,
  inbound: InboundMessage,
  deliver: (messages: OutboundMessage[]) => Promise<unknown>,
  onSaved: (saved: boolean) => void = () => {},
): Promise<void> {
  const { store, conversation, logger } = context;
  const claim = `${inbound.channel}:msg:${inbound.messageId}`;
  let reply: OutboundMessage[];
  try {
    if (!(await store.claimOnce(claim, DEDUPE_TTL_MS))) return onSaved(true);
    const result = await conversation.handle(inbound);
    onSaved(true);
    if (result.duplicate) return;
    reply = result.messages;
  } catch (error) {
    // Not answered: let a redelivery try again.
    await store.delete(claim).catch(() => undefined);
    logger.error({ err: error, user: userTag(userKeyOf(inbound)) }, 'Zalo message could not be handled');
    return onSaved(false);
  }
  await deliver(reply);
}

export async function rememberUnreachable(context: ChannelContext, userKey: string, outcome: SendOutcome): Promise<void> {
  if (!outcome.unreachable) return;
  context.logger.info({ user: userTag(userKey) }, 'Zalo resident unreachable; broadcasts will skip them');
  await setReachable(context.store, userKey, false);
}

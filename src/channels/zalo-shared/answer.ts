// What both Zalo channels do with one resident message: run the turn and tell
// the caller whether it is committed (a webhook answers Zalo only then; the
// runtime delivers the saved reply through the channel's send()).
import type { InboundMessage } from '../../engine/messages.js';
import { userKeyOf } from '../../engine/messages.js';
import { userTag } from '../../log/logger.js';
import type { ChannelContext } from '../types.js';

/** Resolves true once the turn is committed, false when it failed (so a redelivery can try again). */
export async function commitTurn(context: ChannelContext, inbound: InboundMessage): Promise<boolean> {
  try {
    await context.conversation.handle(inbound);
    return true;
  } catch (error) {
    context.logger.error({ err: error, user: userTag(userKeyOf(inbound)) }, 'Zalo message could not be handled');
    return false;
  }
}

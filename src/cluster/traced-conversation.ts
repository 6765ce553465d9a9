// Channels hand messages to the conversation through this wrapper: each one is
// handled under a trace id (the channel's own, when it started one for the update).
import type { ConversationPort } from '../channels/types.js';
import type { InboundMessage } from '../engine/messages.js';
import { currentTrace, newTraceId, withTrace } from './trace.js';

/** The conversation as channels see it: each message handled under a fresh trace id. */
export function tracedConversation(conversation: ConversationPort): ConversationPort {
  return { handle: (inbound: InboundMessage) => withTrace(currentTrace() ?? newTraceId(), () => conversation.handle(inbound)) };
}

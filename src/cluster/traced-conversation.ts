// Channels hand messages to the conversation through this wrapper: each one is
// handled in a trace (the channel's own, when it started one for the update),
// and with OpenTelemetry on, in a `turn` span under the channel's.
import type { ConversationPort, TurnReply } from '../channels/types.js';
import { userKeyOf, type InboundMessage } from '../engine/messages.js';
import { userTag } from '../log/logger.js';
import { currentTrace, receive, span, spansOn } from './trace.js';

/** The conversation as channels see it: each message handled in a trace of its own. */
export function tracedConversation(conversation: ConversationPort): ConversationPort {
  return {
    handle: (inbound: InboundMessage) => {
      // Without spans, nothing per turn but the trace id (a counter) when the channel did not start one.
      const handle = spansOn() ? () => turnSpan(conversation, inbound) : () => conversation.handle(inbound);
      return currentTrace() ? handle() : receive(inbound.channel, handle);
    },
  };
}

/** The turn's span: which channel and which resident (a pseudonym), then what came of it; never the text. */
function turnSpan(conversation: ConversationPort, inbound: InboundMessage): Promise<TurnReply> {
  return span('turn', { 'hvs.channel': inbound.channel, 'hvs.user': userTag(userKeyOf(inbound)) }, async (turn) => {
    const reply = await conversation.handle(inbound);
    turn.set({ 'hvs.duplicate': reply.duplicate, 'hvs.messages': reply.messages.length, 'hvs.forgotten': reply.forgotten });
    return reply;
  });
}

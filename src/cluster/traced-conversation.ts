// Channels hand messages to the conversation through this wrapper: each one gets
// a trace id (InboundMessage.trace), and with OpenTelemetry on it is handled in
// a `turn` span under the channel's, whose trace id it carries.
import type { ConversationPort, TurnReply } from '../channels/types.js';
import { userKeyOf, type InboundMessage } from '../engine/messages.js';
import { userTag } from '../log/logger.js';
import { currentTrace, nextLogTraceId, receive, span, spansOn } from './trace.js';

/** The conversation as channels see it: each message handled in a trace of its own. */
export function tracedConversation(conversation: ConversationPort): ConversationPort {
  return {
    handle: (inbound: InboundMessage) => {
      // Without spans, nothing per turn but the trace id (a counter).
      if (!spansOn()) return conversation.handle({ ...inbound, trace: inbound.trace ?? nextLogTraceId() });
      const handle = () => turnSpan(conversation, { ...inbound, trace: currentTrace() });
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

// Span hooks put around the parts the turn calls (services, channel sends for
// delivery) at start-up. Without spans they hand back what they were given, so
// the hot path is untouched. Attributes are labels, counts and pseudonyms only.
import type { Channel } from '../channels/types.js';
import { span, spansOn } from '../cluster/trace.js';
import type { ServiceName } from '../engine/flow-schema.js';
import { userTag } from '../log/logger.js';
import type { ServiceHandler } from '../runtime/service-types.js';

type Services = Partial<Record<ServiceName, ServiceHandler>>;

/** Each service call (Q&A with the AI model, scam check) in a `service.<name>` span. */
export function tracedServices(services: Services): Services {
  if (!spansOn()) return services;
  return Object.fromEntries(Object.entries(services).map(([name, handler]) => [name, traceService(name, handler)])) as Services;
}

function traceService(name: string, handler: ServiceHandler): ServiceHandler {
  return (request) =>
    span(`service.${name}`, { 'hvs.service': name, 'hvs.unsure': request.unsure === true }, async (service) => {
      const reply = await handler(request);
      const messages = Array.isArray(reply) ? reply.length : reply.messages.length;
      service.set({ 'hvs.messages': messages, 'hvs.outcome': (!Array.isArray(reply) && reply.outcome) || 'answered' });
      return reply;
    });
}

/** The channels as delivery sees them: each send of a saved reply in a `delivery` span. */
export function tracedSends(channels: Channel[]): Map<string, Channel> {
  return new Map(channels.map((channel) => [channel.name, spansOn() ? traceSends(channel) : channel]));
}

function traceSends(channel: Channel): Channel {
  // The channel itself for everything else (name, capabilities); only send is wrapped.
  const traced = Object.create(channel) as Channel;
  traced.send = (userId, messages, target) =>
    span('delivery', { 'hvs.channel': channel.name, 'hvs.user': userTag(`${channel.name}:${userId}`), 'hvs.messages': messages.length }, async (delivery) => {
      const outcome = await channel.send(userId, messages, target);
      delivery.set({ 'hvs.outcome': outcome.ok ? 'sent' : outcome.retryable ? 'retry-later' : 'given-up', 'hvs.accepted': outcome.ok ? messages.length : (outcome.accepted ?? 0) });
      return outcome;
    });
  return traced;
}

// A `service` node hands over to a service outside the engine (the certificate)
// in the middle of a flow. The request is kept beside the turn being built, and
// the router returns it with everything said after the node as `after`, so the
// service's reply comes in its place.
import type { ServiceName } from './flow-schema.js';
import type { ServiceRequest } from './service-request.js';
import type { TurnBuilder } from './turn-builder.js';

const requested = new WeakMap<TurnBuilder, { name: ServiceName; text: string; from: number }>();

export function requestService(t: TurnBuilder, name: ServiceName, text: string): void {
  requested.set(t, { name, text, from: t.outbox.length });
}

/** The request a service node made in this turn, if any. */
export function takeServiceRequest(t: TurnBuilder): ServiceRequest | undefined {
  const request = requested.get(t);
  if (!request) return undefined;
  requested.delete(t);
  return { name: request.name, text: request.text, after: t.outbox.splice(request.from) };
}

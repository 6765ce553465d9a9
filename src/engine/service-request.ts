// What a turn asks of a service outside the engine (Q&A, scam check).
import type { ServiceName } from './flow-schema.js';
import type { OutboundMessage } from './messages.js';

export interface ServiceRequest {
  name: ServiceName;
  text: string;
  after: OutboundMessage[];
}

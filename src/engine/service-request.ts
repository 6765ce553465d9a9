// What a turn asks of a service outside the engine (Q&A, scam check).
import type { ServiceName } from './flow-schema.js';
import type { OutboundMessage } from './messages.js';

export interface ServiceRequest {
  name: ServiceName;
  text: string;
  after: OutboundMessage[];
  /**
   * No front-door recognizer was sure what the text is (it went to "qa" as the
   * last resort): with a model, the Q&A may classify it first (src/ai/classify.ts).
   */
  unsure?: boolean;
}

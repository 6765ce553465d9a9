// What a service outside the engine (Q&A, scam check) receives and returns.
// A service never writes the store itself: its changes to the resident's data
// come back as a function the runtime applies to the record it commits, so a
// retried commit applies them once, to the fresh record.
import type { ServiceName } from '../engine/flow-schema.js';
import type { InboundMessage, OutboundMessage } from '../engine/messages.js';
import type { UserState } from '../engine/state.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../server/metrics.js';
import type { Store, UserData } from '../store/types.js';
import type { ContentHolder } from './content-holder.js';

export interface ServiceRequestContext {
  name: ServiceName;
  text: string;
  userKey: string;
  state: UserState;
  /** The resident's per-user data as last committed (read-only). */
  data: Readonly<UserData>;
  inbound: InboundMessage;
  now: number;
  /** Neither the front door nor the model (when there is one) was sure what the text is: it reached "qa" as the last resort. */
  unsure?: boolean;
}

export interface ServiceResult {
  messages: OutboundMessage[];
  /** Changes to the resident's data, committed with the turn. */
  update?: (data: UserData) => void;
  /** A question (redacted) passed to a volunteer, committed with the turn. */
  volunteer?: { question: string };
  /** How the service answered (Q&A: "not-found", "retrieval", …), for the operators' dashboard. */
  outcome?: string;
}

/** It must not throw for ordinary failures (no key, timeout): it answers from what it has. */
export type ServiceHandler = (request: ServiceRequestContext) => Promise<ServiceResult | OutboundMessage[]>;

export function asServiceResult(reply: ServiceResult | OutboundMessage[]): ServiceResult {
  return Array.isArray(reply) ? { messages: reply } : reply;
}

/** What a service is built from at start-up. */
export interface ServiceContext {
  rawEnv: Record<string, string>;
  store: Store;
  content: ContentHolder;
  logger: Logger;
  metrics: Metrics;
  /** IANA time zone of the deployment (TIMEZONE): quota days start at its midnight. */
  timeZone: string;
}

// The one small interface every platform implements. A channel turns platform
// updates into InboundMessage, hands them to the conversation, and renders the
// reply for what the platform can show.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { CoreConfig } from '../config/index.js';
import type { InboundMessage, OutboundMessage } from '../engine/messages.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { Metrics } from '../server/metrics.js';
import type { Store } from '../store/types.js';

export interface ChannelCapabilities {
  /** Inline buttons; without them choices become a numbered list. */
  buttons: boolean;
  maxButtons: number;
  images: boolean;
  maxTextLength: number;
}

export interface SendOutcome {
  ok: boolean;
  /** The user blocked the bot or left: broadcasts skip them from now on. */
  unreachable?: boolean;
  /** Worth trying again later (rate limit, network, 5xx). */
  retryable?: boolean;
  error?: string;
}

export interface ChannelHealth {
  ok: boolean;
  detail?: string;
}

export interface Channel {
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** Begins receiving (polling, listeners); webhooks are registered in create(). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends to a user outside a reply: broadcasts and alerts. */
  send(userId: string, messages: OutboundMessage[]): Promise<SendOutcome>;
  health?(): ChannelHealth;
}

export interface ConversationPort {
  /** Runs one turn; resolves with the reply once the new state is saved. */
  handle(inbound: InboundMessage): Promise<{ messages: OutboundMessage[]; duplicate: boolean }>;
}

export interface ChannelContext {
  core: CoreConfig;
  /** Validated environment; parse your module's envSchema from it. */
  rawEnv: Record<string, string>;
  conversation: ConversationPort;
  http: FastifyInstance;
  store: Store;
  content: ContentHolder;
  logger: Logger;
  metrics: Metrics;
}

export interface ChannelModule {
  name: string;
  /** The environment variables this channel reads (checked with all others at start-up). */
  envSchema: z.ZodObject;
  isEnabled(rawEnv: Record<string, string>): boolean;
  create(context: ChannelContext): Channel | Promise<Channel>;
}

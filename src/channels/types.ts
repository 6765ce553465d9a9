// The one small interface every platform implements. A channel turns platform
// updates into InboundMessage and hands them to the conversation; the runtime
// commits the turn and delivers its saved reply through the channel's send(),
// which renders it for what the platform can show.
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
  /**
   * 'push' (default): the runtime sends replies through send() and marks them sent.
   * 'pull': replies travel back in the request that carried the message (web chat).
   */
  delivery?: 'push' | 'pull';
}

export interface SendOutcome {
  ok: boolean;
  /** When not ok: how many of the messages the platform accepted, in order, before the failure. */
  accepted?: number;
  /** Not sent because the platform does not allow it now (outside a reply window); not an error. */
  skipped?: boolean;
  /** The user blocked the bot or left: broadcasts skip them from now on. */
  unreachable?: boolean;
  /** Worth trying again later (rate limit, network, 5xx). */
  retryable?: boolean;
  error?: string;
}

/** What the runtime knows about where and when to reach the resident. */
export interface SendTarget {
  /** The reply address the channel put on InboundMessage.address (saved with the user). */
  address?: string;
  /** When the resident last wrote (epoch ms): platforms with a reply window need it. */
  lastInboundAt?: number;
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
  /** Sends to a user: turn replies (called by the runtime), broadcasts and alerts. */
  send(userId: string, messages: OutboundMessage[], target?: SendTarget): Promise<SendOutcome>;
  health?(): ChannelHealth;
}

export interface TurnReply {
  /** The turn's saved reply (for a re-delivered message id: the one saved the first time). */
  messages: OutboundMessage[];
  duplicate: boolean;
  /** The resident's data was deleted in this turn ("xóa dữ liệu"). */
  forgotten: boolean;
}

export interface ConversationPort {
  /**
   * Runs one turn and resolves once it is committed. On push channels the
   * runtime then delivers the saved reply through the channel's send().
   */
  handle(inbound: InboundMessage): Promise<TurnReply>;
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

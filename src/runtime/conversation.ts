// The runtime around the pure engine: load the user's state, run the turn,
// call a service if the turn asks for one, save with compare-and-set (retrying
// when another turn of the same user saved first), then return the reply.
// Nothing is answered before it is saved.
import type { ServiceName } from '../engine/flow-schema.js';
import { userKeyOf, type InboundMessage, type OutboundMessage } from '../engine/messages.js';
import { turn, type TurnResult } from '../engine/router.js';
import type { UserState } from '../engine/state.js';
import { fillTemplate } from '../engine/template.js';
import { userTag, type Logger } from '../log/logger.js';
import { redact } from '../privacy/redact.js';
import type { Metrics } from '../server/metrics.js';
import type { Store } from '../store/types.js';
import type { ContentHolder } from './content-holder.js';

export interface ServiceRequestContext {
  name: ServiceName;
  text: string;
  userKey: string;
  state: UserState;
  inbound: InboundMessage;
}

/** A service outside the engine (Q&A, scam check). It must not throw for ordinary failures. */
export type ServiceHandler = (request: ServiceRequestContext) => Promise<OutboundMessage[]>;

export interface TurnCommitted {
  userKey: string;
  inbound: InboundMessage;
  result: TurnResult;
}

/**
 * Looks at a resident's text before the turn: returns a kind warning when they
 * sent a secret (OTP, password, ID or card number), or nothing.
 */
export type InboundGuard = (text: string, state: UserState | null) => Promise<OutboundMessage[] | undefined>;

export interface ConversationOptions {
  store: Store;
  content: ContentHolder;
  services: Partial<Record<ServiceName, ServiceHandler>>;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  inboundGuard?: InboundGuard;
  /** Called after a turn is saved (subscription indexes, analytics). Errors are logged, never thrown. */
  onCommitted?: (committed: TurnCommitted) => Promise<void> | void;
}

const MAX_ATTEMPTS = 12;

export class Conversation {
  private readonly now: () => number;

  constructor(private readonly options: ConversationOptions) {
    this.now = options.now ?? Date.now;
  }

  async handle(inbound: InboundMessage): Promise<{ messages: OutboundMessage[]; duplicate: boolean }> {
    const { store, metrics, logger } = this.options;
    const userKey = userKeyOf(inbound);
    const started = performance.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const record = await store.loadUser(userKey);
      const guarded = await this.guard(inbound, record?.state ?? null);
      const result = turn(record?.state ?? null, guarded.inbound, this.engineContext());
      if (result.duplicate) {
        metrics.turns.inc({ channel: inbound.channel, outcome: 'duplicate' });
        return { messages: [], duplicate: true };
      }
      const serviceReply = result.service ? await this.callService(result, userKey, inbound) : [];
      const messages = [...guarded.warning, ...result.outbox, ...serviceReply, ...(result.service?.after ?? [])];
      if (result.service) rememberLastChoices(result.state, messages);
      const saved = result.deleteUser ? await this.deleteIfUnchanged(userKey, record?.version ?? 0) : await store.saveUser(userKey, result.state, record?.version ?? 0);
      if (!saved) {
        metrics.storeConflicts.inc();
        await backoff(attempt);
        continue;
      }
      metrics.turns.inc({ channel: inbound.channel, outcome: 'ok' });
      metrics.turnSeconds.observe({ channel: inbound.channel }, (performance.now() - started) / 1000);
      for (const event of result.events) metrics.engineEvents.inc({ type: event.type });
      logger.info({ user: userTag(userKey), channel: inbound.channel, events: result.events.map((e) => e.type), attempt }, 'turn');
      await this.notifyCommitted({ userKey, inbound, result });
      return { messages, duplicate: false };
    }
    metrics.turns.inc({ channel: inbound.channel, outcome: 'gave_up' });
    throw new Error(`could not save the turn of ${userTag(userKey)} after ${MAX_ATTEMPTS} attempts`);
  }

  /** A secret in the text: warn first, and let only the masked text into the engine (and anything it saves). */
  private async guard(inbound: InboundMessage, state: UserState | null): Promise<{ inbound: InboundMessage; warning: OutboundMessage[] }> {
    const { inboundGuard } = this.options;
    if (!inboundGuard || !inbound.text || this.handsOffToScamCheck(state)) return { inbound, warning: [] };
    const warning = await inboundGuard(inbound.text, state);
    if (!warning?.length) return { inbound, warning: [] };
    return { inbound: { ...inbound, text: redact(inbound.text) }, warning };
  }

  /** The scam checker has its own words for secrets in a pasted message. */
  private handsOffToScamCheck(state: UserState | null): boolean {
    const frame = state?.stack[state.stack.length - 1];
    const node = frame && this.options.content.registry.node(frame.flow, frame.node);
    return node?.type === 'ask' && node.handoff === 'scam-check';
  }

  private engineContext() {
    const { content } = this.options;
    return { registry: content.registry, catalog: content.catalog, now: this.now() };
  }

  /** Deletion also goes through the version check, so a concurrent turn cannot resurrect half a user. */
  private async deleteIfUnchanged(userKey: string, version: number): Promise<boolean> {
    const { store } = this.options;
    const current = await store.loadUser(userKey);
    if ((current?.version ?? 0) !== version) return false;
    await store.deleteUser(userKey);
    return true;
  }

  private async callService(result: TurnResult, userKey: string, inbound: InboundMessage): Promise<OutboundMessage[]> {
    const request = result.service!;
    const handler = this.options.services[request.name];
    const { metrics, logger } = this.options;
    if (!handler) {
      metrics.serviceCalls.inc({ service: request.name, outcome: 'missing' });
      return [];
    }
    try {
      const reply = await handler({ name: request.name, text: request.text, userKey, state: result.state, inbound });
      metrics.serviceCalls.inc({ service: request.name, outcome: 'ok' });
      return reply;
    } catch (error) {
      metrics.serviceCalls.inc({ service: request.name, outcome: 'error' });
      logger.error({ err: error, service: request.name, user: userTag(userKey) }, 'service failed');
      return [this.options.content.catalog.notUnderstood].flat().map((bubble) => ({ text: fillTemplate(bubble, result.state) }));
    }
  }

  private async notifyCommitted(committed: TurnCommitted): Promise<void> {
    try {
      await this.options.onCommitted?.(committed);
    } catch (error) {
      this.options.logger.error({ err: error, user: userTag(committed.userKey) }, 'after-turn hook failed');
    }
  }
}

/** A service may offer its own buttons; "1", "2"… must then refer to those. */
function rememberLastChoices(state: UserState, messages: OutboundMessage[]): void {
  const last = [...messages].reverse().find((message) => message.buttons?.length);
  if (last?.buttons) state.choices = last.buttons;
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 ** attempt) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

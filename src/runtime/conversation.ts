// The turn pipeline around the pure engine. Per resident, one turn at a time in
// this process (in arrival order); across processes the commit's version check
// orders them. A turn: record (cached, or one read) → engine → service, once
// per message id → ONE atomic commit of state, data, effects and the reply →
// delivery of the saved reply on push channels. Nothing is answered before it
// is committed; a re-delivered message id gets the saved reply back.
import { userKeyOf, type InboundMessage, type OutboundMessage } from '../engine/messages.js';
import { decideText } from '../engine/front-door/index.js';
import type { TurnResult } from '../engine/router.js';
import { messageIdDigest, type UserState } from '../engine/state.js';
import { fillTemplate } from '../engine/template.js';
import type { ConversationPort, TurnReply } from '../channels/types.js';
import { userTag, type Logger } from '../log/logger.js';
import { redact } from '../privacy/redact.js';
import type { Metrics } from '../server/metrics.js';
import { assertWellFormedKey, type CommitResult, type Store, type UserRecord } from '../store/types.js';
import type { ContentHolder } from './content-holder.js';
import type { Deliveries } from './delivery.js';
import { targetOf } from './delivery.js';
import { PerKeySerial } from './per-key-serial.js';
import { RecordCache } from './record-cache.js';
import { sharedWrites } from './shared-writes.js';
import { cloneJson } from '../engine/clone.js';
import { itemsOf, newDoc, savedTurn, tombstone, TURNS_KEPT, unsentItems, withTurnReplies } from './records.js';
import { asServiceResult, type ServiceHandler, type ServiceResult } from './service-types.js';
import { UnsureTexts } from './unsure-texts.js';
import type { TextClassifier } from '../ai/classify.js';
import type { ServiceName } from '../engine/flow-schema.js';
import type { InviteLinks } from '../engine/invites.js';
import type { WardRanks } from '../engine/turn-builder.js';

export type { ServiceHandler, ServiceRequestContext, ServiceResult } from './service-types.js';

export interface TurnCommitted {
  userKey: string;
  inbound: InboundMessage;
  result: TurnResult;
  /** The service's own outcome, when one answered (see ServiceResult.outcome). */
  serviceOutcome?: string;
  /** The state this turn was committed over (null: a new or forgotten resident), so hooks can see what changed. */
  previous?: UserState | null;
}

/** Looks at a resident's text before the turn: a kind warning when they sent a secret (OTP, password, ID or card number). */
export type InboundGuard = (text: string, state: UserState | null) => Promise<OutboundMessage[] | undefined>;

/**
 * Reads a picture or voice note before the turn (OCR, QR code, transcription):
 * returns the message with `text` set (and `media` removed) and bubbles to say
 * first ("Mình đọc được: …"). Called once per message id; the media is never stored.
 */
export type MediaReader = (inbound: InboundMessage, state: UserState | null) => Promise<{ inbound: InboundMessage; notes: OutboundMessage[] }>;

export interface ConversationOptions {
  store: Store;
  content: ContentHolder;
  services: Partial<Record<ServiceName, ServiceHandler>>;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  inboundGuard?: InboundGuard;
  readMedia?: MediaReader;
  /** Records kept in memory to skip the read (0: always read). */
  cachedUsers?: number;
  /** With a model: labels a text the front door was unsure of, once per message id (see unsure-texts.ts). */
  classifyUnsure?: TextClassifier;
  /** Called after a turn is committed (analytics, forgetting queued jobs). Errors are logged, never thrown. */
  onCommitted?: (committed: TurnCommitted) => Promise<void> | void;
  /** Where invitation links point (TELEGRAM_BOT_USERNAME, PUBLIC_URL). */
  links?: InviteLinks;
  /** The last ward standings (src/journey/ward-ranks.ts), for "tiến độ". */
  wardRanks?: () => WardRanks | undefined;
}

const MAX_ATTEMPTS = 12;
const MEMO_MAX = 10_000;

export class Conversation implements ConversationPort {
  private readonly now: () => number;
  private readonly serial = new PerKeySerial();
  private readonly cache: RecordCache;
  /** A service's result per message id, so a retried commit reuses it instead of calling it again. */
  private readonly serviceMemo = new Map<string, Promise<ServiceResult>>();
  private readonly mediaMemo = new Map<string, ReturnType<MediaReader>>();
  private readonly unsure: UnsureTexts;
  private deliveries?: Deliveries;

  constructor(private readonly options: ConversationOptions) {
    this.now = options.now ?? Date.now;
    this.cache = new RecordCache(options.cachedUsers ?? 20_000);
    this.unsure = new UnsureTexts(options.classifyUnsure);
  }

  /** Push channels' replies are delivered from here on (set once channels exist). */
  useDeliveries(deliveries: Deliveries): void {
    this.deliveries = deliveries;
  }

  /** Drops the cached record (a change made outside a turn, in tests). */
  forgetCached(userKey: string): void {
    this.cache.delete(userKey);
  }

  handle(inbound: InboundMessage): Promise<TurnReply> {
    const userKey = userKeyOf(inbound);
    assertWellFormedKey(userKey);
    return this.serial.run(userKey, () => this.runTurn(userKey, inbound));
  }

  /** Resolves when every turn queued so far is committed. */
  idle(): Promise<void> {
    return this.serial.idle();
  }

  private async runTurn(userKey: string, inbound: InboundMessage): Promise<TurnReply> {
    const { store, metrics, logger } = this.options;
    const started = performance.now();
    const digest = messageIdDigest(inbound.messageId);
    let record = this.cache.get(userKey) ?? (await store.users.load(userKey));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (record?.state.seen.includes(digest)) return this.replay(userKey, record, digest, inbound.channel);
      const read = await this.readMedia(userKey, digest, inbound, record?.state ?? null);
      const guarded = await this.guard(read.inbound, record?.state ?? null);
      const result = await this.unsure.turn(memoKey(userKey, digest), record?.state ?? null, guarded.inbound, this.engineContext(this.replyStillSending(userKey, record, inbound.channel)));
      if (result.duplicate) return this.replay(userKey, record!, digest, inbound.channel);
      const service = result.service ? await this.serviceResult(userKey, digest, result, inbound, record) : undefined;
      const messages = [...read.notes, ...guarded.warning, ...result.outbox, ...(service?.messages ?? []), ...(result.service?.after ?? [])];
      if (result.service) rememberLastChoices(result.state, messages);
      const committed = await this.commit(userKey, record, result, digest, messages, service, inbound);
      if (!committed.ok) {
        metrics.storeConflicts.inc();
        record = committed.current;
        this.cache.set(userKey, record);
        if (attempt > 2) await backoff(attempt);
        continue;
      }
      this.cache.set(userKey, committed.record);
      this.serviceMemo.delete(memoKey(userKey, digest));
      this.mediaMemo.delete(memoKey(userKey, digest));
      this.unsure.forget(memoKey(userKey, digest));
      metrics.turns.inc({ channel: inbound.channel, outcome: 'ok' });
      metrics.turnSeconds.observe({ channel: inbound.channel }, (performance.now() - started) / 1000);
      for (const event of result.events) metrics.engineEvents.inc({ type: event.type });
      // Built only when written: the user's tag is a hash, and most deployments log at warn under load.
      if (logger.isLevelEnabled('info')) logger.info({ user: userTag(userKey), channel: inbound.channel, events: result.events.map((e) => e.type), attempt, trace: inbound.trace }, 'turn');
      this.deliver(userKey, committed.record, inbound);
      const notified = this.notifyCommitted({ userKey, inbound, result, serviceOutcome: service?.outcome, previous: record && record.forgottenAt === undefined ? record.state : null });
      if (notified) await notified;
      return { messages, duplicate: false, forgotten: result.deleteUser };
    }
    metrics.turns.inc({ channel: inbound.channel, outcome: 'gave_up' });
    throw new Error(`could not commit the turn of ${userTag(userKey)} after ${MAX_ATTEMPTS} attempts`);
  }

  /** The whole turn in one atomic write: state, data changes, volunteer question, survey answers, invitation code, reply, delivery deadline. */
  private commit(
    userKey: string,
    record: UserRecord | null,
    result: TurnResult,
    digest: string,
    messages: OutboundMessage[],
    service: ServiceResult | undefined,
    inbound: InboundMessage,
  ): Promise<CommitResult> {
    const { store } = this.options;
    const version = record?.version ?? 0;
    const push = this.deliveries?.isPush(inbound.channel) === true;
    const deliverBy = push && messages.length > 0 ? this.deliveries!.deadline : undefined;
    if (result.deleteUser) return store.users.forget(userKey, version, tombstone(record, result.state, digest, messages, this.now()), { deliverBy });
    const base = record ?? { ...newDoc(result.state), sent: 0 };
    const data = cloneJson(base.data);
    service?.update?.(data);
    if (inbound.address) data.address = inbound.address;
    const shared = sharedWrites({ userKey, digest, inbound, result, service, now: this.now() }, data);
    // Turns this process already delivered leave the outbox even before their sent mark is stored: each commit writes less.
    const sent = push ? Math.max(base.sent, this.deliveries!.acceptedUpTo(userKey)) : Number.MAX_SAFE_INTEGER;
    const outbox = withTurnReplies(base.outbox, sent, digest, messages, push ? TURNS_KEPT.push : TURNS_KEPT.pull);
    return store.users.commit(userKey, version, { state: result.state, data, outbox }, { deliverBy, revive: record?.forgottenAt !== undefined, ...shared });
  }

  /** A message id seen before: the reply saved the first time, and whatever of it is still unsent goes out. */
  private replay(userKey: string, record: UserRecord, digest: string, channel: string): TurnReply {
    this.options.metrics.turns.inc({ channel, outcome: 'duplicate' });
    const saved = savedTurn(record, digest);
    if (this.deliveries?.isPush(channel) && unsentItems(record).length > 0) void this.deliveries.resume(userKey, record);
    return { messages: saved?.messages ?? [], duplicate: true, forgotten: record.forgottenAt !== undefined };
  }

  /** Only this turn's messages: older unsent ones belong to recovery, which claims them, so two processes never both send them. */
  private deliver(userKey: string, record: UserRecord, inbound: InboundMessage): void {
    const last = record.outbox.turns.at(-1);
    if (!last || !this.deliveries?.isPush(inbound.channel)) return;
    void this.deliveries.deliver(userKey, itemsOf(last), targetOf(record), inbound.trace);
  }

  /** Media becomes text once per message id (a retried commit reuses it); without a reader it is left to the engine. */
  private readMedia(userKey: string, digest: string, inbound: InboundMessage, state: UserState | null): ReturnType<MediaReader> {
    const reader = this.options.readMedia;
    if (!inbound.media || !reader) return Promise.resolve({ inbound, notes: [] });
    const key = memoKey(userKey, digest);
    let pending = this.mediaMemo.get(key);
    if (!pending) {
      pending = reader(inbound, state).catch((error: unknown) => {
        this.options.logger.warn({ err: error, user: userTag(userKey) }, 'media could not be read');
        const { media: _media, ...rest } = inbound;
        return { inbound: { ...rest, unsupported: inbound.media!.kind === 'audio' ? ('voice' as const) : ('image' as const) }, notes: [] };
      });
      this.mediaMemo.set(key, pending);
      if (this.mediaMemo.size > MEMO_MAX) this.mediaMemo.delete(this.mediaMemo.keys().next().value!);
    }
    return pending;
  }

  /** A secret in the text: warn first, and let only the masked text into the engine (and anything it saves). */
  private async guard(inbound: InboundMessage, state: UserState | null): Promise<{ inbound: InboundMessage; warning: OutboundMessage[] }> {
    const { inboundGuard } = this.options;
    if (!inboundGuard || !inbound.text) return { inbound, warning: [] };
    const warning = await inboundGuard(inbound.text, state);
    // Read by the front door only when there is a secret: most texts have none.
    if (!warning?.length || this.handsOffToScamCheck(state, inbound.text)) return { inbound, warning: [] };
    return { inbound: { ...inbound, text: redact(inbound.text) }, warning };
  }

  /** A pasted message goes to the scam checker, which has its own words for secrets in it (and masks them itself). */
  private handsOffToScamCheck(state: UserState | null, text: string): boolean {
    const frame = state?.stack[state.stack.length - 1];
    const node = frame && this.options.content.registry.node(frame.flow, frame.node);
    if (node?.type === 'ask' && node.handoff === 'scam-check') return true;
    const { registry, catalog } = this.options.content;
    return decideText(state, text, { registry, catalog })?.decision.kind === 'pasted';
  }

  private engineContext(replyStillSending: boolean) {
    const { content } = this.options;
    return { registry: content.registry, catalog: content.catalog, now: this.now(), links: this.options.links, wardRanks: this.options.wardRanks?.(), replyStillSending };
  }

  /** On a push channel: the platform has not yet taken every message saved for the resident. */
  private replyStillSending(userKey: string, record: UserRecord | null, channel: string): boolean {
    if (!record || !this.deliveries?.isPush(channel)) return false;
    return record.outbox.seq > Math.max(record.sent, this.deliveries.acceptedUpTo(userKey));
  }

  /** Called once per message id: a commit retried after a conflict reuses the result. */
  private serviceResult(userKey: string, digest: string, result: TurnResult, inbound: InboundMessage, record: UserRecord | null): Promise<ServiceResult> {
    const key = memoKey(userKey, digest);
    let pending = this.serviceMemo.get(key);
    if (!pending) {
      pending = this.callService(result, userKey, inbound, record);
      this.serviceMemo.set(key, pending);
      if (this.serviceMemo.size > MEMO_MAX) this.serviceMemo.delete(this.serviceMemo.keys().next().value!);
    }
    return pending;
  }

  private async callService(result: TurnResult, userKey: string, inbound: InboundMessage, record: UserRecord | null): Promise<ServiceResult> {
    const request = result.service!;
    const handler = this.options.services[request.name];
    const { metrics, logger } = this.options;
    if (!handler) {
      metrics.serviceCalls.inc({ service: request.name, outcome: 'missing' });
      return { messages: [] };
    }
    try {
      const reply = await handler({
        name: request.name,
        text: request.text,
        userKey,
        state: result.state,
        data: record?.data ?? {},
        inbound,
        now: this.now(),
        ...(result.unsureText !== undefined ? { unsure: true } : {}),
      });
      metrics.serviceCalls.inc({ service: request.name, outcome: 'ok' });
      return asServiceResult(reply);
    } catch (error) {
      metrics.serviceCalls.inc({ service: request.name, outcome: 'error' });
      logger.error({ err: error, service: request.name, user: userTag(userKey), trace: inbound.trace }, 'service failed');
      return { messages: [this.options.content.catalog.notUnderstood].flat().map((bubble) => ({ text: fillTemplate(bubble, result.state) })) };
    }
  }

  /** A promise only when the hook returned one (a quiet turn's hooks wait for nothing). */
  private notifyCommitted(committed: TurnCommitted): Promise<void> | undefined {
    const failed = (error: unknown) => this.options.logger.error({ err: error, user: userTag(committed.userKey), trace: committed.inbound.trace }, 'after-turn hook failed');
    try {
      const pending = this.options.onCommitted?.(committed);
      return pending instanceof Promise ? pending.catch(failed) : undefined;
    } catch (error) {
      failed(error);
      return undefined;
    }
  }
}

function memoKey(userKey: string, digest: string): string {
  return `${userKey}\u0000${digest}`;
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

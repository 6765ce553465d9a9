// The Zalo Official Account channel: signed webhook events in, consultation
// messages out. Residents' messages become turns (answered to Zalo once
// committed; the runtime then delivers the reply through send()); follow and
// unfollow change the alert default and reachability; send() keeps to Zalo's
// reply window and quota, paces per OA and retries what is worth retrying.
import { userKeyOf, type OutboundMessage } from '../../engine/messages.js';
import { newUserState } from '../../engine/state.js';
import { userTag } from '../../log/logger.js';
import { newDoc } from '../../runtime/records.js';
import { setReachable, updateUser } from '../../runtime/user-updates.js';
import { PacedSender, type AttemptResult } from '../shared/paced-sender.js';
import type { Channel, ChannelContext, ChannelHealth, SendOutcome, SendTarget } from '../types.js';
import { OaApi, classify } from './api.js';
import type { ZaloOaConfig } from './config.js';
import { CHANNEL, type OaEvent } from './events.js';
import { capabilities, renderForOa, type OaCall } from './render.js';
import { TokenKeeper } from './tokens.js';
import { registerWebhook } from './webhook.js';
import { ReplyWindow } from './window.js';
import { withZaloMedia } from '../zalo-shared/media.js';

const NOT_CONNECTED_RETRY_MS = 5 * 60_000;

export interface ZaloOaDeps {
  fetchImpl?: typeof fetch;
  now?: () => number;
}

export class ZaloOaChannel implements Channel {
  readonly name = CHANNEL;
  readonly capabilities = capabilities;
  readonly tokens: TokenKeeper;
  private readonly api: OaApi;
  private readonly window: ReplyWindow;
  private readonly sender: PacedSender;
  private readonly now: () => number;
  private readonly imagesWarned = new Set<string>();
  /** Media links on the OA API's own origin may be local (a test server); others must be public https. */
  private readonly mediaOrigin: string;

  constructor(
    private readonly context: ChannelContext,
    config: ZaloOaConfig,
    deps: ZaloOaDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.mediaOrigin = config.apiBase;
    const logger = context.logger;
    this.tokens = new TokenKeeper({ ...config, kv: context.store.shared, seed: config.seed, logger, fetchImpl: deps.fetchImpl, now: this.now });
    this.api = new OaApi(config.apiBase, deps.fetchImpl);
    this.window = new ReplyWindow(context.store.shared, config.appId, { windowMs: config.replyWindowMs, freeReplies: config.freeReplies }, this.now);
    this.sender = new PacedSender(
      CHANNEL,
      { perChatIntervalMs: config.sendIntervalMs, globalPerSecond: config.rate, maxAttempts: 5, baseBackoffMs: 500, maxBackoffMs: 10_000 },
      logger,
      context.metrics,
    );
    registerWebhook(context.http, {
      keys: { appId: config.appId, oaSecretKey: config.oaSecretKey, maxAgeMs: config.maxEventAgeMs },
      logger,
      now: this.now,
      handle: (event) => this.handle(event),
    });
  }

  async start(): Promise<void> {
    await this.tokens.start();
  }

  async stop(): Promise<void> {
    await this.tokens.stop();
    await Promise.race([this.sender.idle(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  health(): ChannelHealth {
    return this.tokens.health();
  }

  async send(userId: string, messages: OutboundMessage[], target?: SendTarget): Promise<SendOutcome> {
    const userKey = userKeyOf({ channel: CHANNEL, userId });
    const calls = renderForOa(messages, { catalog: this.context.content.catalog, publicUrl: this.context.core.PUBLIC_URL, onImageWithoutUrl: (image) => this.warnImage(image) });
    if (calls.length === 0) return { ok: true, accepted: messages.length };
    const allowance = await this.window.allowance(userKey, target?.lastInboundAt);
    const fitting = fittingCalls(calls, allowance);
    if (fitting.length === 0) return { ok: false, skipped: true, accepted: 0, error: "outside Zalo's reply window or quota" };
    // Not connected: say "later" at once rather than retrying every message (the operator sees why in /healthz).
    if (!(await this.tokens.accessToken())) return { ok: false, retryable: true, accepted: 0, error: 'Zalo OA not connected (see /healthz)' };
    const run = await this.deliver(userId, fitting);
    await this.window.noteSent(userKey, target?.lastInboundAt, run.sent);
    const accepted = acceptedCount(messages.length, calls, run.sent);
    if (run.outsideWindow) return { ok: false, skipped: true, accepted, error: run.outcome.error };
    if (!run.outcome.ok) return { ...run.outcome, accepted };
    if (fitting.length < calls.length) return { ok: false, skipped: true, accepted, error: "Zalo's reply quota ran out before the end of the reply" };
    return { ok: true, accepted };
  }

  private async deliver(userId: string, calls: OaCall[]): Promise<{ outcome: SendOutcome; sent: number; outsideWindow: boolean }> {
    let sent = 0;
    let outsideWindow = false;
    const attempt = (call: OaCall) => async (): Promise<AttemptResult> => {
      const token = await this.tokens.accessToken();
      // The pair was refused meanwhile: a wait longer than the sender holds a chat, so it gives up now and the caller tries later.
      if (!token) return { ok: false, kind: 'rate-limited', retryAfterMs: NOT_CONNECTED_RETRY_MS, error: 'Zalo OA not connected (see /healthz)' };
      const answer = await this.api.sendConsultation(token, userId, call.message);
      const kind = classify(answer);
      const error = `${answer.error || answer.status} ${answer.message}`;
      switch (kind) {
        case 'ok':
          sent++;
          return { ok: true };
        case 'token':
          // Another process may hold a newer token; otherwise this refreshes (once), and the retry uses the new one.
          await this.tokens.renew(token);
          return { ok: false, kind: 'transient', error };
        case 'rate-limited':
          return { ok: false, kind: 'rate-limited', retryAfterMs: 1000, error };
        case 'unreachable':
        case 'transient':
          return { ok: false, kind, error };
        case 'outside-window':
          outsideWindow = true;
          return { ok: false, kind: 'permanent', error };
        case 'permanent':
          return { ok: false, kind: 'permanent', error };
      }
    };
    const outcome = await this.sender.send(
      userId,
      calls.map((call) => ({ run: attempt(call), label: 'message/cs' })),
    );
    return { outcome, sent, outsideWindow };
  }

  private async handle(event: Exclude<OaEvent, { kind: 'malformed' }>): Promise<void> {
    if (event.kind === 'ignore') return;
    if (event.kind === 'message') {
      const inbound = event.media ? await withZaloMedia(event.inbound, event.media, this.context.logger, this.mediaOrigin) : event.inbound;
      await this.context.conversation.handle(inbound);
      return;
    }
    const userKey = userKeyOf({ channel: CHANNEL, userId: event.userId });
    if (event.kind === 'follow') await this.followed(userKey, event.at);
    else await setReachable(this.context.store, userKey, false);
    this.context.logger.info({ user: userTag(userKey) }, event.kind === 'follow' ? 'Zalo OA follower' : 'Zalo OA unfollowed; broadcasts skip them');
  }

  /** Following the OA means wanting its news: alerts on unless the resident said no, and reachable again. */
  private async followed(userKey: string, at: number): Promise<void> {
    const { users } = this.context.store;
    for (let attempt = 0; attempt < 5; attempt++) {
      const known = await updateUser(this.context.store, userKey, ({ state }) => {
        const wasUnreachable = state.profile.unreachable === true;
        delete state.profile.unreachable;
        if (state.profile.subscribed === undefined) state.profile.subscribed = true;
        else if (!wasUnreachable) return false;
        return true;
      });
      if (known !== undefined) return;
      // Not known yet: a record holding only the alert default; onboarding still starts at their first message.
      // Someone who just asked to forget their data is left alone.
      const current = await users.load(userKey);
      if (current?.forgottenAt !== undefined) return;
      if (current) continue;
      const state = newUserState(at);
      state.profile.subscribed = true;
      const created = await users.commit(userKey, 0, newDoc(state));
      if (created.ok) return;
    }
    throw new Error('could not record the follow: too many concurrent changes');
  }

  private warnImage(image: string): void {
    if (this.imagesWarned.has(image)) return;
    this.imagesWarned.add(image);
    this.context.logger.warn({ image }, 'Zalo OA sends photos by URL: set PUBLIC_URL so lesson images can be sent');
  }
}

/** The calls of the leading messages that fit entirely in the allowance. */
function fittingCalls(calls: OaCall[], allowance: number): OaCall[] {
  if (calls.length <= allowance) return calls;
  let end = allowance;
  while (end > 0 && calls[end]?.index === calls[end - 1]!.index) end--;
  return calls.slice(0, end);
}

/** Messages delivered in order: those whose every call went (messages with no call count as delivered). */
function acceptedCount(total: number, calls: OaCall[], sent: number): number {
  if (sent >= calls.length) return total;
  return calls[sent]!.index;
}

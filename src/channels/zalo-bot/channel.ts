// The Zalo Bot API channel: updates arrive by webhook (secret header checked
// before anything is read) or by getUpdates long polling; each message id is
// answered once; replies are paced and retried through PacedSender, with
// numbered choices, photos by URL and a typing indicator.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { OutboundMessage } from '../../engine/messages.js';
import { renderForChannel } from '../render.js';
import { PacedSender, type AttemptResult } from '../shared/paced-sender.js';
import type { Channel, ChannelCapabilities, ChannelContext, ChannelHealth, SendOutcome } from '../types.js';
import { publicImageUrl } from '../zalo-shared/images.js';
import { commitTurn } from '../zalo-shared/answer.js';
import { threadOf, type ZaloThread } from '../zalo-shared/threads.js';
import { POLL_TIMEOUT, ZaloBotApi, classifyAnswer, type ApiAnswer } from './api.js';
import type { ZaloBotEnv } from './env.js';
import { CHANNEL, MALFORMED, toInbound, updatesIn, type BotUpdate } from './updates.js';
import { withZaloMedia } from '../zalo-shared/media.js';

/** sendMessage and captions take 1 to 2000 characters. */
const capabilities: ChannelCapabilities = { buttons: false, maxButtons: 0, images: true, maxTextLength: 2000 };
const SECRET_HEADER = 'x-bot-api-secret-token';
export const WEBHOOK_PATH = '/webhooks/zalo';

export class ZaloBotChannel implements Channel {
  readonly name = CHANNEL;
  readonly capabilities = capabilities;
  private readonly api: ZaloBotApi;
  private readonly sender: PacedSender;
  private status: ChannelHealth = { ok: false, detail: 'Đang khởi động / starting' };
  private stopped = true;
  private polling: Promise<void> | undefined;
  private pollAbort: AbortController | undefined;
  private warnedNoPublicUrl = false;

  constructor(
    private readonly context: ChannelContext,
    private readonly env: ZaloBotEnv,
    fetchImpl: typeof fetch = fetch,
  ) {
    this.api = new ZaloBotApi(env.ZALO_BOT_API_ROOT, env.ZALO_BOT_TOKEN!, fetchImpl);
    this.sender = new PacedSender(
      CHANNEL,
      { perChatIntervalMs: env.ZALO_BOT_SEND_INTERVAL_MS, globalPerSecond: env.ZALO_BOT_RATE, maxAttempts: 5, baseBackoffMs: 500, maxBackoffMs: 30_000 },
      context.logger,
      context.metrics,
    );
    if (env.ZALO_BOT_MODE === 'webhook') this.registerWebhook();
  }

  private registerWebhook(): void {
    const secret = Buffer.from(this.env.ZALO_BOT_WEBHOOK_SECRET!);
    // Checked in onRequest, before the body is even read.
    const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
      const given = Buffer.from(String(request.headers[SECRET_HEADER] ?? ''));
      if (given.length === secret.length && timingSafeEqual(given, secret)) return;
      this.context.logger.warn('Zalo Bot webhook call with a wrong or missing secret token refused');
      return reply.code(401).send({ error: 'Cần mã bí mật hợp lệ. / A valid secret token is required.' });
    };
    this.context.http.post(WEBHOOK_PATH, { onRequest }, async (request, reply) => {
      // Answer only once every turn is saved; a failure gets 500 so Zalo delivers it again.
      const saved = await Promise.all(updatesIn(request.body).map((update) => this.dispatch(update)));
      if (saved.every(Boolean)) return { ok: true };
      return reply.code(500).send({ ok: false, error: 'Chưa xử lý được, vui lòng gửi lại. / Not handled, please retry.' });
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    const me = await this.api.call('getMe');
    this.noteAnswer(me);
    if (me.ok) this.context.logger.info({ mode: this.env.ZALO_BOT_MODE }, 'Zalo Bot API token accepted');
    if (this.env.ZALO_BOT_MODE === 'polling') {
      // getUpdates does not work while a webhook is set.
      await this.api.call('deleteWebhook');
      this.polling = this.poll();
      return;
    }
    const publicUrl = this.context.core.PUBLIC_URL;
    if (this.env.ZALO_BOT_SET_WEBHOOK && publicUrl) {
      const url = `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
      const answer = await this.api.call('setWebhook', { url, secret_token: this.env.ZALO_BOT_WEBHOOK_SECRET });
      if (answer.ok) this.context.logger.info({ url }, 'Zalo Bot webhook registered');
      else this.context.logger.error({ error: answer.description }, 'Zalo Bot setWebhook failed; register the webhook by hand (see docs/zalo.md)');
    } else if (this.env.ZALO_BOT_SET_WEBHOOK) {
      this.context.logger.warn('ZALO_BOT_MODE=webhook without PUBLIC_URL: register https://<your address>/webhooks/zalo with setWebhook by hand');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pollAbort?.abort();
    await this.polling;
  }

  health(): ChannelHealth {
    return this.status;
  }

  async send(userId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    return this.deliver(threadOf(userId), messages);
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.pollAbort = new AbortController();
      const timeout = this.env.ZALO_BOT_POLL_TIMEOUT_S;
      const started = Date.now();
      const answer = await this.api.call('getUpdates', { timeout: String(timeout) }, { signal: this.pollAbort.signal, timeoutMs: (timeout + 10) * 1000 });
      if (this.stopped) return;
      if (answer.ok || answer.errorCode === POLL_TIMEOUT) {
        failures = 0;
        this.status = { ok: true, detail: 'Đang nhận tin (getUpdates) / polling' };
        const updates = answer.ok ? updatesIn(answer.result) : [];
        for (const update of updates) void this.dispatch(update);
        // A server that answers an empty poll at once must not turn this loop into a busy one.
        if (updates.length === 0 && Date.now() - started < 500) await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      failures++;
      this.noteAnswer(answer);
      const delay = answer.errorCode === 429 && answer.retryAfterMs ? answer.retryAfterMs : Math.min(60_000, 500 * 2 ** Math.min(failures, 7));
      this.context.logger.warn({ error: answer.description, attempt: failures, delayMs: delay }, 'Zalo Bot getUpdates failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Health follows what the API last said about the token. */
  private noteAnswer(answer: ApiAnswer): void {
    if (answer.ok) this.status = { ok: true, detail: this.env.ZALO_BOT_MODE === 'webhook' ? 'Chờ webhook / webhook' : 'Đang nhận tin / polling' };
    else if (answer.errorCode === 401 || answer.errorCode === 404) {
      this.status = { ok: false, detail: 'Zalo không nhận ZALO_BOT_TOKEN: kiểm tra lại token trong Zalo Bot Creator / Zalo rejected ZALO_BOT_TOKEN: check the token.' };
      this.context.logger.error({ error: answer.description }, 'Zalo Bot API rejected the token');
    } else this.status = { ok: false, detail: `Không gọi được Zalo Bot API, đang thử lại / cannot reach the Zalo Bot API (${answer.description})` };
  }

  /** Resolves when the turn is committed (true) or failed (false); the runtime delivers the reply after. */
  private dispatch(update: BotUpdate): Promise<boolean> {
    const conversion = toInbound(update, this.env.ZALO_GROUPS);
    if (conversion.kind === 'ignore') {
      // Answered as handled: a redelivery of a malformed update could never succeed.
      if (conversion.reason === MALFORMED) this.context.logger.warn({ event: String(update.event_name ?? '').slice(0, 64) }, 'malformed Zalo Bot update ignored');
      return Promise.resolve(true);
    }
    // Zalo's own CDN serves the picture; the API root's host (a local test server) is trusted too.
    if (!conversion.media) return commitTurn(this.context, conversion.inbound);
    return withZaloMedia(conversion.inbound, conversion.media, this.context.logger, this.env.ZALO_BOT_API_ROOT).then((inbound) => commitTurn(this.context, inbound));
  }

  private async deliver(thread: ZaloThread, messages: OutboundMessage[]): Promise<SendOutcome> {
    const chat_id = thread.threadId;
    const perMessage = messages.map((message) => renderForChannel([message], capabilities, this.context.content.catalog).flatMap((rendered) => this.callsFor(chat_id, rendered)));
    if (perMessage.every((calls) => calls.length === 0)) return { ok: true };
    const typing = async (): Promise<AttemptResult> => {
      // Cosmetic: a failed typing indicator never holds back the reply.
      await this.api.call('sendChatAction', { chat_id, action: 'typing' });
      return { ok: true };
    };
    perMessage[0] = [typing, ...perMessage[0]!];
    return this.sender.sendMessages(chat_id, perMessage);
  }

  private callsFor(chat_id: string, message: OutboundMessage): (() => Promise<AttemptResult>)[] {
    const text = message.text?.trim();
    const photo = message.image ? publicImageUrl(message.image, this.context.core.PUBLIC_URL) : undefined;
    if (message.image && !photo && !this.warnedNoPublicUrl) {
      this.warnedNoPublicUrl = true;
      this.context.logger.warn({ image: message.image }, 'Zalo Bot sends photos by URL: set PUBLIC_URL so lesson images can be sent');
    }
    if (photo) return [async () => classifyAnswer(await this.api.call('sendPhoto', { chat_id, photo, ...(text ? { caption: text } : {}) }))];
    if (text) return [async () => classifyAnswer(await this.api.call('sendMessage', { chat_id, text }))];
    return [];
  }
}

// The Zalo personal channel: logs in (saved session or QR), listens, answers
// each message id once, sends paced replies with numbered choices and photo
// attachments, and reconnects with backoff when the listener closes. Its
// health says what the operator must do when the session is gone.
import type { OutboundMessage } from '../../engine/messages.js';
import { renderForChannel } from '../render.js';
import { sharedChatSlots } from '../../cluster/pacing.js';
import { Lease } from '../../runtime/lease.js';
import { PacedSender, type AttemptResult } from '../shared/paced-sender.js';
import type { Channel, ChannelCapabilities, ChannelContext, ChannelHealth, SendOutcome } from '../types.js';
import { loadImage } from '../zalo-shared/images.js';
import { commitTurn } from '../zalo-shared/answer.js';
import { withZaloMedia } from '../zalo-shared/media.js';
import { threadOf, type ZaloThread } from '../zalo-shared/threads.js';
import type { ZaloPersonalEnv } from './env.js';
import { ZaloRelay } from './relay.js';
import { CHANNEL, toInbound } from './inbound.js';
import { SessionRejectedError, isSessionRejection, logIn, qrWaitingDetail, type SessionStatus } from './session.js';
import { ThreadType, type MessageContent, type ZcaApi, type ZcaClient, type ZcaMessage } from './zca-client.js';

const STANDBY: ChannelHealth = {
  ok: true,
  detail: 'Chờ: tài khoản Zalo do tiến trình khác giữ, tin gửi qua tiến trình đó / standby: another process holds the Zalo account (lease); sends go through it',
};
const capabilities: ChannelCapabilities = { buttons: false, maxButtons: 0, images: true, maxTextLength: 2000 };
const MAX_RECONNECT_MS = 5 * 60 * 1000;
/** After this many reconnects without a "connected", log in again: the session may have ended. */
const RELOGIN_AFTER = 5;
/** zca-js CloseReason. */
const CLOSE_MANUAL = 1000;
const CLOSE_DUPLICATE = 3000;
const CLOSE_KICKED = 3003;

export interface ZaloPersonalOptions {
  env: ZaloPersonalEnv;
  client: ZcaClient;
  credentialsFile: string;
  qrPath: string;
  print: (text: string) => void;
  /** An origin whose media links may be plain http or local (a test server); Zalo's own are https. */
  mediaOrigin?: string;
}

export class ZaloPersonalChannel implements Channel {
  readonly name = CHANNEL;
  readonly capabilities = capabilities;
  private readonly sender: PacedSender;
  private api: ZcaApi | undefined;
  private ownId = '';
  private status: ChannelHealth = { ok: false, detail: 'Đang khởi động / starting' };
  private stopped = true;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  /** With Redis: one process holds the account (lease); the others send through it (relay). */
  private readonly lease?: Lease;
  private readonly relay?: ZaloRelay;

  constructor(
    private readonly context: ChannelContext,
    private readonly options: ZaloPersonalOptions,
  ) {
    const { env } = options;
    this.sender = new PacedSender(
      CHANNEL,
      {
        perChatIntervalMs: env.ZALO_SEND_INTERVAL_MS,
        globalPerSecond: env.ZALO_SEND_PER_SECOND,
        maxAttempts: 4,
        baseBackoffMs: 1000,
        maxBackoffMs: 30_000,
        sharedChatSlot: sharedChatSlots(context.store, 'zalo'),
      },
      context.logger,
      context.metrics,
    );
    const redisUrl = context.core.REDIS_URL;
    if (context.store.kind === 'redis' && redisUrl) {
      this.relay = new ZaloRelay(redisUrl, context.core.REDIS_PREFIX, context.logger);
      this.lease = new Lease({
        store: context.store,
        name: 'zalo-personal:listener',
        ttlMs: context.core.LEASE_TTL_MS,
        logger: context.logger,
        onAcquired: () => {
          void this.connect();
          this.relay!.serve((userId, messages) => this.deliver(threadOf(userId), messages));
        },
        onLost: async () => {
          clearTimeout(this.timer);
          const api = this.api;
          this.api = undefined;
          api?.listener.stop();
          await this.relay!.stopServing();
          this.status = STANDBY;
        },
        onChange: (held) => context.metrics.leaseHeld.set({ lease: 'zalo-listener' }, held ? 1 : 0),
      });
      this.status = STANDBY;
    }
  }

  /** Logging in may wait for a QR scan, so it runs in the background; health() tells how far it got. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.lease) this.lease.start();
    else void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.api?.listener.stop();
    await this.lease?.stop();
    await this.relay?.close();
  }

  health(): ChannelHealth {
    return this.status;
  }

  async send(userId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    // Not the account's process (a standby, or npm run worker, which never logs in): the holder sends.
    if (this.relay && this.lease && !this.lease.held) {
      // Nobody holds the account (no process logged in): say so now rather than wait for the relay's timeout.
      if (!(await this.lease.holder().catch(() => 'unknown')))
        return { ok: false, retryable: true, error: 'no process is logged in to the Zalo account (ZALO_MODE=personal on a tutor process holds it)' };
      return this.relay.request(userId, messages);
    }
    return this.deliver(threadOf(userId), messages);
  }

  private async connect(): Promise<void> {
    const { logger } = this.context;
    try {
      const api = await logIn({ ...this.options, logger, onStatus: (status) => this.onSessionStatus(status) });
      // Stopped, or the lease went to another process while logging in: that one listens.
      if (this.stopped || (this.lease && !this.lease.held)) return api.listener.stop();
      this.listen(api);
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof SessionRejectedError) {
        this.status = { ok: false, detail: error.message };
        logger.error(error.message);
        return;
      }
      this.failures++;
      this.status = { ok: false, detail: `Không kết nối được Zalo để đăng nhập, đang thử lại (lần ${this.failures}) / cannot reach Zalo to log in, retrying` };
      logger.warn({ err: error, attempt: this.failures }, 'Zalo login failed (network?); retrying');
      this.scheduleRetry(() => void this.connect());
    }
  }

  private onSessionStatus(status: SessionStatus): void {
    if (status.state === 'logging-in') this.status = { ok: false, detail: 'Đang đăng nhập Zalo / logging in' };
    if (status.state === 'waiting-for-qr') this.status = { ok: false, detail: qrWaitingDetail(status.qrPath, status.sessionExpired) };
  }

  private listen(api: ZcaApi): void {
    this.api = api;
    this.ownId = api.getOwnId();
    const { logger } = this.context;
    api.listener.on('connected', () => {
      this.failures = 0;
      this.status = { ok: true, detail: 'Đã kết nối Zalo / connected' };
      logger.info('Zalo listener connected');
    });
    api.listener.on('message', (message) => void this.onMessage(message));
    api.listener.on('error', (error) => logger.warn({ err: error instanceof Error ? error : new Error(String(error)) }, 'Zalo listener error'));
    api.listener.on('closed', (code, reason) => this.onClosed(api, code, reason));
    api.listener.start({ retryOnClose: false });
  }

  private onClosed(api: ZcaApi, code: number, reason: string): void {
    if (this.stopped || api !== this.api || code === CLOSE_MANUAL) return;
    const { logger } = this.context;
    this.failures++;
    if (code === CLOSE_DUPLICATE) logger.warn('Zalo closed the listener: the account was opened in another Zalo Web/PC session. Close that session; reconnecting.');
    else logger.warn({ code, reason, attempt: this.failures }, 'Zalo listener closed; reconnecting with backoff');
    this.status = { ok: false, detail: `Mất kết nối Zalo, đang kết nối lại (lần ${this.failures}) / reconnecting (attempt ${this.failures})` };
    const relogin = code === CLOSE_KICKED || this.failures % RELOGIN_AFTER === 0;
    this.scheduleRetry(() => (relogin ? void this.connect() : this.restartListener(api)));
  }

  private restartListener(api: ZcaApi): void {
    if (this.stopped) return;
    try {
      api.listener.start({ retryOnClose: false });
    } catch (error) {
      this.context.logger.warn({ err: error }, 'Zalo listener did not restart; logging in again');
      void this.connect();
    }
  }

  private scheduleRetry(retry: () => void): void {
    const delay = Math.min(MAX_RECONNECT_MS, this.options.env.ZALO_RECONNECT_MS * 2 ** Math.min(this.failures, 20));
    clearTimeout(this.timer);
    this.timer = setTimeout(retry, delay * (0.8 + Math.random() * 0.4));
  }

  private async onMessage(message: ZcaMessage): Promise<void> {
    const conversion = toInbound(message, this.ownId, this.options.env.ZALO_GROUPS);
    if (conversion.kind === 'ignore') return;
    const inbound = conversion.media ? await withZaloMedia(conversion.inbound, conversion.media, this.context.logger, this.options.mediaOrigin) : conversion.inbound;
    await commitTurn(this.context, inbound);
  }

  private async deliver(thread: ZaloThread, messages: OutboundMessage[]): Promise<SendOutcome> {
    const { content } = this.context;
    const perMessage = await Promise.all(
      messages.map(async (message) => {
        const prepared = await Promise.all(renderForChannel([message], capabilities, content.catalog).map((rendered) => this.prepare(rendered)));
        return prepared.filter((body) => body.msg || body.attachments).map((body) => () => this.sendOne(thread, body));
      }),
    );
    return this.sender.sendMessages(thread.threadId, perMessage);
  }

  /** Loads an image once, before pacing and retries; a missing image leaves the text (and any URL) to stand alone. */
  private async prepare(message: OutboundMessage): Promise<MessageContent> {
    const text = message.text ?? '';
    if (!message.image) return { msg: text };
    try {
      const image = await loadImage(this.context.content.paths.contentDir, message.image);
      return { msg: text, attachments: [{ data: image.data, filename: image.filename, metadata: { totalSize: image.data.length, width: image.width, height: image.height } }] };
    } catch (error) {
      this.context.logger.warn({ err: error, image: message.image }, 'Zalo image not sent');
      return { msg: /^https:\/\//.test(message.image) ? [text, message.image].filter(Boolean).join('\n') : text };
    }
  }

  private async sendOne(thread: ZaloThread, body: MessageContent): Promise<AttemptResult> {
    const api = this.api;
    if (!api) return { ok: false, kind: 'transient', error: 'Zalo is not logged in yet' };
    try {
      await api.sendMessage(body, thread.threadId, thread.isGroup ? ThreadType.Group : ThreadType.User);
      return { ok: true };
    } catch (error) {
      return classifyZcaSendError(error);
    }
  }
}

/**
 * zca-js errors carry Zalo's message and code but no documented list of codes,
 * so the classification goes by words: blocked/stranger → unreachable,
 * too many/limit → rate-limited, other Zalo answers → permanent, no answer → transient.
 */
export function classifyZcaSendError(error: unknown): AttemptResult {
  const message = error instanceof Error ? error.message : String(error);
  if (!isSessionRejection(error)) return { ok: false, kind: 'transient', error: message };
  if (/block|chặn|stranger|người lạ|not allowed|không thể gửi/i.test(message)) return { ok: false, kind: 'unreachable', error: message };
  if (/too many|rate|limit|spam|quá nhiều/i.test(message)) return { ok: false, kind: 'rate-limited', retryAfterMs: 30_000, error: message };
  return { ok: false, kind: 'permanent', error: message };
}

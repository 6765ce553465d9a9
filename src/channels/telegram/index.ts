// Telegram through telegraf's Bot API client: polling or a webhook on the
// tutor's HTTP server, inline keyboards, photos, paced and retried sends.
// Enabled when TELEGRAM_BOT_TOKEN is set.
import type { OutboundMessage } from '../../engine/messages.js';
import { sharedChatSlots } from '../../cluster/pacing.js';
import { receive } from '../../cluster/trace.js';
import { Lease } from '../../runtime/lease.js';
import { PacedSender } from '../shared/paced-sender.js';
import type { Channel, ChannelCapabilities, ChannelContext, ChannelHealth, ChannelModule, SendOutcome } from '../types.js';
import { BotApi } from './api.js';
import { readTelegramConfig, telegramEnvSchema, type TelegramConfig } from './config.js';
import { redactToken } from './errors.js';
import type { BotIdentity } from './inbound.js';
import { CallbackCodec } from './keyboard.js';
import { OutboundBuilder } from './outbound.js';
import { Poller } from './polling.js';
import { setUpBot } from './setup.js';
import { UpdateProcessor } from './updates.js';
import { registerWebhookRoute } from './webhook.js';

const capabilities: ChannelCapabilities = { buttons: true, maxButtons: 12, images: true, maxTextLength: 4000 };
const POLL_TIMEOUT_SECONDS = 30;
const SETUP_RETRY_MAX_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export const telegramChannelModule: ChannelModule = {
  name: 'telegram',
  envSchema: telegramEnvSchema,
  isEnabled: (rawEnv) => Boolean(rawEnv.TELEGRAM_BOT_TOKEN),
  create: (context) => new TelegramChannel(context, readTelegramConfig(context.rawEnv, context.core)),
};

export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  readonly capabilities = capabilities;
  readonly api: BotApi;
  readonly sender: PacedSender;
  private readonly processor: UpdateProcessor;
  /** Polling: only the process holding the lease polls (two pollers get 409 from Telegram); the others stand by. */
  private poller?: Poller;
  private readonly lease?: Lease;
  private lastPoller?: Poller;
  private bot?: BotIdentity;
  private setUpAt?: number;
  private lastError?: string;
  private setupTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly context: ChannelContext,
    private readonly config: TelegramConfig,
  ) {
    const { store, logger, metrics, content, conversation, http } = context;
    this.api = new BotApi(config.token, config.apiRoot);
    this.sender = new PacedSender(
      'telegram',
      {
        perChatIntervalMs: config.perChatIntervalMs,
        globalPerSecond: config.globalPerSecond,
        maxAttempts: 5,
        baseBackoffMs: 500,
        maxBackoffMs: 10_000,
        sharedChatSlot: sharedChatSlots(store, 'telegram'),
      },
      logger,
      metrics,
    );
    const codec = new CallbackCodec(store);
    const outbound = new OutboundBuilder(this.api, codec, store, content.paths.contentDir, config.botId, logger);
    this.processor = new UpdateProcessor({
      botId: config.botId,
      api: this.api,
      sender: this.sender,
      outbound,
      codec,
      conversation,
      store,
      content,
      capabilities,
      logger,
      bot: () => this.bot,
    });
    // One trace per update, from here through the turn to the delivery of its reply (logs carry its id; spans with OpenTelemetry).
    const process = (...args: Parameters<UpdateProcessor['process']>) => receive('telegram', () => this.processor.process(...args));
    if (config.mode === 'webhook') {
      if (!config.webhookUrl?.startsWith('https://')) logger.warn({ url: config.webhookUrl }, 'Telegram only delivers webhooks to https addresses: check PUBLIC_URL');
      registerWebhookRoute(http, { secret: config.webhookSecret!, process, logger, onError: (message) => (this.lastError = message) });
    } else {
      this.lease = new Lease({
        store,
        name: `telegram:poller:${config.botId}`,
        ttlMs: context.core.LEASE_TTL_MS,
        logger,
        onAcquired: () => {
          this.poller = new Poller(this.api, logger, { timeoutSeconds: POLL_TIMEOUT_SECONDS, process });
          this.lastPoller = this.poller;
          this.poller.start();
        },
        onLost: async () => {
          const poller = this.poller;
          this.poller = undefined;
          await poller?.stop();
        },
        onChange: (held) => metrics.leaseHeld?.set({ lease: 'telegram-poller' }, held ? 1 : 0),
      });
    }
  }

  /** Tells Telegram who we are and where updates go; when Telegram cannot be reached, keeps trying in the background. */
  async start(): Promise<void> {
    await this.trySetUp(1);
  }

  private async trySetUp(attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      this.bot = await setUpBot(this.api, this.config);
      this.setUpAt = Date.now();
      this.lease?.start();
      this.context.logger.info({ mode: this.config.mode, bot: this.bot.username }, 'telegram ready');
    } catch (error) {
      this.lastError = redactToken((error as Error).message);
      const delay = Math.min(SETUP_RETRY_MAX_MS, 1000 * 2 ** Math.min(attempt - 1, 6));
      this.context.logger.error({ error: this.lastError, retryInMs: delay }, 'telegram set-up failed; trying again');
      this.setupTimer = setTimeout(() => void this.trySetUp(attempt + 1), delay);
    }
  }

  /** First step of a graceful stop: stop polling and hand the lease over at once (another process polls meanwhile). */
  async stopReceiving(): Promise<void> {
    await this.lease?.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.setupTimer);
    await this.lease?.stop();
    // Lets replies already under way finish; the webhook stays set so Telegram keeps queueing updates meanwhile.
    await Promise.race([this.idle(), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    this.api.close();
  }

  /** Resolves when every update received so far is turned and its reply sent (or given up). */
  async idle(): Promise<void> {
    await this.processor.idle();
    await this.sender.idle();
  }

  send(userId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    return this.processor.deliver(userId, messages);
  }

  health(): ChannelHealth {
    const error = this.lastError ?? (this.poller ?? this.lastPoller)?.lastError;
    const suffix = error ? `; last error: ${error}` : '';
    if (!this.setUpAt) return { ok: false, detail: `not connected to Telegram yet${suffix}` };
    if (this.config.mode === 'webhook') return { ok: true, detail: `webhook set at ${this.config.webhookUrl}${suffix}` };
    const poller = this.poller;
    if (!poller) return { ok: true, detail: `polling on standby: another process holds the poller lease${suffix}` };
    const sinceContact = Math.round((Date.now() - (poller.lastPollAt ?? this.setUpAt)) / 1000);
    const alive = poller.running && poller.consecutiveFailures < 3 && sinceContact < POLL_TIMEOUT_SECONDS + 60;
    return { ok: alive, detail: `polling; last answer from Telegram ${sinceContact} s ago${suffix}` };
  }
}

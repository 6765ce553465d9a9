// The Bot Framework channel (Azure Bot Service: Web Chat, Teams; the Emulator):
// POST /api/messages through botbuilder's CloudAdapter, one engine turn per
// resident message. The conversation reference travels as the message's reply
// address (saved with the resident); the runtime then delivers the saved reply
// through send(), which posts to that conversation's connector.
// This folder is the only place that imports botbuilder (archived upstream in 2025).
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { InboundMessage, OutboundMessage } from '../../engine/messages.js';
import { PacedSender, type AttemptResult } from '../shared/paced-sender.js';
import { renderForChannel } from '../render.js';
import type { Channel, ChannelContext, SendOutcome, SendTarget } from '../types.js';
import type { BotFrameworkSettings } from './config.js';
import { AdapterResponse, isFromLoopback, toAdapterRequest } from './http.js';
import { CHANNEL_NAME, toInbound } from './inbound.js';
import { imageResolver } from './media.js';
import { downloadMedia, PLATFORM_MEDIA_MAX_BYTES } from '../../media/download.js';
import { withMedia } from '../../media/inbound.js';
import { DEFAULT_CAPABILITIES, styleFor, toActivitiesPerMessage, type ImageResolver } from './outbound.js';
import { Typing } from './typing.js';

export class BotFrameworkChannel implements Channel {
  readonly name = CHANNEL_NAME;
  readonly capabilities = DEFAULT_CAPABILITIES;
  private readonly adapter: CloudAdapter;
  private readonly resolveImage: ImageResolver;
  private readonly pacer: PacedSender;

  constructor(
    private readonly context: ChannelContext,
    private readonly settings: BotFrameworkSettings,
  ) {
    const auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: settings.appId ?? '',
      MicrosoftAppPassword: settings.password ?? '',
      MicrosoftAppTenantId: settings.tenantId ?? '',
      MicrosoftAppType: settings.appType,
    } as Record<string, string>);
    this.adapter = new CloudAdapter(auth);
    this.adapter.onTurnError = async (_turn, error) => {
      context.logger.error({ err: error }, 'bot framework turn failed');
      throw error;
    };
    this.resolveImage = imageResolver({ contentDir: () => context.content.paths.contentDir, publicUrl: context.core.PUBLIC_URL, logger: context.logger });
    this.pacer = new PacedSender(CHANNEL_NAME, { perChatIntervalMs: 500, globalPerSecond: 20, maxAttempts: 4, baseBackoffMs: 1000, maxBackoffMs: 30_000 }, context.logger, context.metrics);
    this.registerRoute();
  }

  private registerRoute(): void {
    this.context.http.post('/api/messages', async (request, reply) => {
      if (!this.settings.authenticated && !isFromLoopback(request)) {
        this.context.logger.warn({ ip: request.ip }, 'unauthenticated Bot Framework request from outside this machine rejected');
        return reply.code(403).send({ error: 'Chỉ nhận yêu cầu từ máy này khi chưa cấu hình MICROSOFT_APP_ID. / Without MICROSOFT_APP_ID only local requests (the Emulator) are accepted.' });
      }
      if (this.settings.authenticated && !request.headers.authorization) {
        // Answered here so a probe without a token never reaches the SDK (which logs to the console).
        return reply.code(401).send({ error: 'Cần mã truy cập hợp lệ. / A valid token is required.' });
      }
      const adapterRequest = toAdapterRequest(request);
      if (!adapterRequest) return reply.code(400).send({ error: 'Cần một activity JSON có "type" và "serviceUrl". / Expected a JSON activity with "type" and "serviceUrl".' });
      const response = new AdapterResponse(request.socket);
      await this.adapter.process(adapterRequest, response, (turn) => this.onTurn(turn));
      return response.sendTo(reply);
    });
  }

  private async onTurn(turn: TurnContext): Promise<void> {
    const activity = turn.activity;
    // The tutor sends no cards that invoke; answer any invoke with a plain 200 rather than 501.
    if (activity.type === 'invoke') return void (await turn.sendActivity({ type: 'invokeResponse', value: { status: 200 } }));
    const decision = toInbound(activity, Date.now());
    if (decision.kind === 'ignore') {
      this.context.logger.debug({ type: activity.type, reason: decision.reason }, 'activity ignored');
      return;
    }
    const inbounds = decision.kind === 'message' ? [decision.media ? await this.withAttachment(decision.inbound, decision.media) : decision.inbound] : decision.inbounds;
    const address = JSON.stringify({ ...TurnContext.getConversationReference(activity), activityId: undefined });
    for (const inbound of inbounds) await this.answer(turn, { ...inbound, address });
  }

  /**
   * The attachment's bytes, in memory, for the media reader. Without app credentials (the Emulator,
   * local requests only) its local http links are fine; otherwise only https links to public addresses.
   */
  private async withAttachment(inbound: InboundMessage, media: NonNullable<Extract<ReturnType<typeof toInbound>, { kind: 'message' }>['media']>): Promise<InboundMessage> {
    try {
      const { data } = await downloadMedia(media.url, { maxBytes: PLATFORM_MEDIA_MAX_BYTES, allowLocal: !this.settings.authenticated });
      return withMedia(inbound, { kind: media.kind, data, mimeType: media.mimeType });
    } catch (error) {
      this.context.logger.warn({ err: error, kind: media.kind }, 'bot framework attachment could not be fetched');
      return inbound;
    }
  }

  /** Typing while the engine works; the runtime sends the committed reply through send(). */
  private async answer(turn: TurnContext, inbound: InboundMessage): Promise<void> {
    const typing = new Typing(turn, this.context.logger);
    try {
      await this.context.conversation.handle(inbound);
    } finally {
      await typing.stop();
    }
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Replies, broadcasts and alerts, through the conversation the resident last wrote from. */
  async send(userId: string, messages: OutboundMessage[], target?: SendTarget): Promise<SendOutcome> {
    if (!target?.address) return { ok: false, unreachable: true, error: 'no conversation reference: the resident has not written to the bot yet' };
    const reference = JSON.parse(target.address) as ConversationReference;
    const style = styleFor(reference.channelId);
    const rendered = messages.map((message) => renderForChannel([message], style.capabilities, this.context.content.catalog));
    const perMessage = await toActivitiesPerMessage(rendered.flat(), style, this.resolveImage);
    // Rendering may split a long message; its activities still count as that one message.
    const groups = rendered.map((parts) => perMessage.splice(0, parts.length).flat());
    return this.pacer.sendMessages(
      userId,
      groups.map((list) => list.map((activity) => () => this.deliver(reference, activity))),
    );
  }

  private async deliver(reference: ConversationReference, activity: Partial<Activity>): Promise<AttemptResult> {
    try {
      await this.adapter.continueConversationAsync(this.settings.appId ?? '', reference, async (turn) => {
        // Not a reply to anything: post to the conversation, not "in reply to" the SDK's made-up continuation id.
        turn.onSendActivities(async (_turn, activities, next) => {
          for (const outgoing of activities) delete outgoing.replyToId;
          return next();
        });
        await turn.sendActivity(activity);
      });
      return { ok: true };
    } catch (error) {
      return classifySendError(error);
    }
  }

  health(): { ok: boolean; detail: string } {
    return { ok: true, detail: this.settings.authenticated ? `Azure Bot Service (${this.settings.appType})` : 'Emulator mode: local requests only' };
  }
}

/** Connector errors: 403/404 mean the bot was removed or the conversation is gone; 429 and 5xx are worth retrying. */
function classifySendError(error: unknown): AttemptResult {
  const status = (error as { statusCode?: number }).statusCode;
  const message = `bot framework connector: ${status ?? 'network'} ${(error as Error).message ?? String(error)}`;
  if (status === 403 || status === 404) return { ok: false, kind: 'unreachable', error: message };
  if (status === 429) return { ok: false, kind: 'rate-limited', retryAfterMs: 5000, error: message };
  if (status === undefined || status >= 500) return { ok: false, kind: 'transient', error: message };
  return { ok: false, kind: 'permanent', error: message };
}

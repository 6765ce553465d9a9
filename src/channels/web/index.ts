// Web chat: a mobile-friendly page at "/" and the JSON API it uses (POST /api/chat).
// Replies come back in the HTTP response; alerts wait in an inbox the page polls.
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { Redis as RedisClient } from 'ioredis';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { positiveInt } from '../../config/index.js';
import type { OutboundMessage } from '../../engine/messages.js';
import { loadOfficialDomains } from '../../content/domains.js';
import { updateUser } from '../../runtime/user-updates.js';
import { parseBody } from '../../http/body.js';
import { withMedia } from '../../media/inbound.js';
import { renderForChannel } from '../render.js';
import type { Channel, ChannelCapabilities, ChannelContext, ChannelModule, SendOutcome } from '../types.js';
import { chatRequestSchema, inboxRequestSchema, MAX_CHAT_BODY_BYTES } from './schema.js';
import { registerPageRoutes } from './page.js';

const capabilities: ChannelCapabilities = { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000, delivery: 'pull' };
/** A resident away for long gets the latest alerts, not an endless backlog. */
const INBOX_MAX = 20;

const webEnvSchema = z.object({
  WEB_CHAT_RATE_PER_MINUTE: positiveInt(300).describe('messages one network address may send to the web chat per minute (a whole number; a classroom behind one Wi-Fi shares it)'),
});

export const webChannelModule: ChannelModule = {
  name: 'web',
  envSchema: webEnvSchema,
  isEnabled: () => true,
  create: (context) => new WebChannel(context),
};

class WebChannel implements Channel {
  readonly name = 'web';
  readonly capabilities = capabilities;

  constructor(private readonly context: ChannelContext) {
    this.registerRoutes();
  }

  private registerRoutes(): void {
    const { http } = this.context;
    const { WEB_CHAT_RATE_PER_MINUTE } = webEnvSchema.parse(this.context.rawEnv);
    registerPageRoutes(http, () => this.context.content.paths.contentDir);
    // The page makes the tutor's links tappable only for these domains (the resident's own never).
    http.get('/official-domains.json', async (_request, reply) => {
      const { domains } = await loadOfficialDomains(this.context.content.paths);
      return reply.header('cache-control', 'no-cache').send({ domains });
    });
    // The chat API is open to the internet: a per-address limit keeps one client from flooding the store.
    void http.register(async (api) => {
      // With Redis the count is shared by every process (@fastify/rate-limit's Redis store), so the limit holds behind a load balancer.
      const redis = this.context.store.kind === 'redis' ? (this.context.store as { client?: RedisClient }).client : undefined;
      await api.register(rateLimit, { global: false, ...(redis ? { redis, nameSpace: `${this.context.core.REDIS_PREFIX}rate:` } : {}) });
      const limit = { rateLimit: { max: WEB_CHAT_RATE_PER_MINUTE, timeWindow: 60_000 } };
      // Room for one 5 MB picture as a data URL, and nothing more.
      api.post('/api/chat', { config: limit, bodyLimit: MAX_CHAT_BODY_BYTES }, (request, reply) => this.chat(request, reply));
      api.post('/api/chat/inbox', { config: limit }, async (request, reply) => {
        const body = parseBody(inboxRequestSchema, request, reply);
        if (!body) return reply;
        return { messages: await this.takeInbox(`web:${body.userId}`) };
      });
    });
  }

  private async chat(request: FastifyRequest, reply: FastifyReply) {
    const body = parseBody(chatRequestSchema, request, reply);
    if (!body) return reply;
    const inbound = {
      channel: 'web',
      userId: body.userId,
      messageId: body.messageId ?? randomUUID(),
      at: Date.now(),
      ...(body.payload !== undefined ? { payload: body.payload } : body.text !== undefined ? { text: body.text } : {}),
      ...(body.invite ? { startParam: body.invite } : {}),
    };
    // The picture stays in memory: the runtime's media reader reads it, nothing stores it.
    const { messages, duplicate, forgotten } = await this.context.conversation.handle(body.image ? withMedia(inbound, { kind: 'image', ...body.image }) : inbound);
    // forgotten: the page then forgets its local history and resident id too.
    return { messages: this.render(messages), ...(duplicate ? { duplicate: true } : {}), ...(forgotten ? { forgotten: true } : {}) };
  }

  private render(messages: OutboundMessage[]): OutboundMessage[] {
    return renderForChannel(messages, capabilities, this.context.content.catalog).map((message) =>
      message.image && !/^https?:\/\//.test(message.image) ? { ...message, image: `/media/${message.image}` } : message,
    );
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /**
   * Web residents are not connected all the time: alerts wait in an inbox in the
   * resident's record until the page asks. Adding and taking are commits on that
   * record, so a send racing with a read, or two overlapping reads, can neither
   * lose an alert nor deliver it twice. Nobody is created by either.
   */
  async send(userId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    const rendered = this.render(messages);
    const added = await updateUser(this.context.store, `web:${userId}`, ({ data }) => {
      const inbox = (data.inbox ??= { next: 1, items: [] });
      inbox.items = [...inbox.items, { n: inbox.next++, at: Date.now(), messages: rendered }].slice(-INBOX_MAX);
      return true;
    });
    return added ? { ok: true } : { ok: false, error: 'no such web resident' };
  }

  private async takeInbox(userKey: string): Promise<OutboundMessage[]> {
    const taken = await updateUser(this.context.store, userKey, ({ data }) => {
      if (!data.inbox?.items.length) return false;
      const items = data.inbox.items;
      data.inbox = { next: data.inbox.next, items: [] };
      return items.flatMap((item) => item.messages);
    });
    return taken || [];
  }
}

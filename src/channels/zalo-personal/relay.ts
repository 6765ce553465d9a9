// Only the process holding a zca-js account's lease is logged in to it (two
// logins kick each other off). Every other process, `npm run worker` included,
// hands its sends to the holder through Redis: a request list the holder pops
// (BRPOP on its own connection) and a reply published to the asker's channel.
// A request not taken before its deadline is skipped by the holder, and the
// asker reports "try again later", so a late request is never sent twice.
import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient } from '../../cluster/redis-connection.js';
import type { OutboundMessage } from '../../engine/messages.js';
import type { Logger } from '../../log/logger.js';
import type { SendOutcome } from '../types.js';

interface RelayRequest {
  id: string;
  replyTo: string;
  deadline: number;
  userId: string;
  messages: OutboundMessage[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class ZaloRelay {
  private readonly asker = randomUUID().slice(0, 12);
  private readonly waiting = new Map<string, (outcome: SendOutcome) => void>();
  private commands?: RedisClient;
  private replies?: RedisClient;
  private popper?: RedisClient;
  private serving = false;
  private loop?: Promise<void>;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  private get queueKey(): string {
    return `${this.prefix}zalo-personal:relay`;
  }

  private get replyChannel(): string {
    return `${this.prefix}zalo-personal:relay:${this.asker}`;
  }

  private client(): RedisClient {
    this.commands ??= connectRedis(this.redisUrl, { maxRetriesPerRequest: 1 });
    this.commands.on('error', () => {});
    return this.commands;
  }

  /** From a process that is not logged in: the holder sends, and its outcome comes back. */
  async request(userId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    await this.listenForReplies();
    const request: RelayRequest = { id: randomUUID(), replyTo: this.replyChannel, deadline: Date.now() + this.timeoutMs, userId, messages };
    const answer = new Promise<SendOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request.id);
        resolve({ ok: false, retryable: true, error: 'no process holding the Zalo account answered in time (is one logged in?)' });
      }, this.timeoutMs + 1000);
      timer.unref();
      this.waiting.set(request.id, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
    try {
      await this.client().lpush(this.queueKey, JSON.stringify(request));
    } catch (error) {
      this.waiting.delete(request.id);
      return { ok: false, retryable: true, error: `could not reach the Zalo account's process: ${(error as Error).message}` };
    }
    return answer;
  }

  private async listenForReplies(): Promise<void> {
    if (this.replies) return;
    this.replies = connectRedis(this.redisUrl, { maxRetriesPerRequest: null });
    this.replies.on('error', () => {});
    this.replies.on('message', (_channel: string, raw: string) => {
      const { id, outcome } = JSON.parse(raw) as { id: string; outcome: SendOutcome };
      const resolve = this.waiting.get(id);
      this.waiting.delete(id);
      resolve?.(outcome);
    });
    await this.replies.subscribe(this.replyChannel);
  }

  /** On the holder: takes requests and sends them with `send` until stopServing(). */
  serve(send: (userId: string, messages: OutboundMessage[]) => Promise<SendOutcome>): void {
    if (this.serving) return;
    this.serving = true;
    this.popper = connectRedis(this.redisUrl, { maxRetriesPerRequest: null });
    this.popper.on('error', () => {});
    const popper = this.popper;
    this.loop = (async () => {
      while (this.serving) {
        const popped = await popper.brpop(this.queueKey, 1).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          return null;
        });
        if (!popped) continue;
        const request = JSON.parse(popped[1]) as RelayRequest;
        // Handled concurrently: the channel's paced sender keeps order per chat and the account's rate.
        void this.handle(request, send);
      }
    })();
  }

  private async handle(request: RelayRequest, send: (userId: string, messages: OutboundMessage[]) => Promise<SendOutcome>): Promise<void> {
    // The asker gave up on it already and reported "later": sending now could make a duplicate.
    if (Date.now() > request.deadline) return;
    const outcome = await send(request.userId, request.messages).catch((error: unknown) => ({ ok: false, retryable: true, error: String((error as Error)?.message ?? error) }) as SendOutcome);
    await this.client()
      .publish(request.replyTo, JSON.stringify({ id: request.id, outcome }))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Zalo relay: outcome not returned'));
  }

  async stopServing(): Promise<void> {
    this.serving = false;
    await this.loop;
    this.loop = undefined;
    this.popper?.disconnect();
    this.popper = undefined;
  }

  async close(): Promise<void> {
    await this.stopServing();
    for (const resolve of this.waiting.values()) resolve({ ok: false, retryable: true, error: 'stopping' });
    this.waiting.clear();
    for (const client of [this.replies, this.commands]) await client?.quit().catch(() => client.disconnect());
  }
}

// A channel that records what it is asked to send, for broadcast tests and the
// broadcast benchmark. In Redis mode deliveries are counted in a Redis hash, so
// several processes can share one record.
import { Redis } from 'ioredis';
import type { Channel, SendOutcome } from '../../src/channels/types.js';
import type { OutboundMessage } from '../../src/engine/messages.js';

export class MemoryChannel implements Channel {
  readonly capabilities = { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000 };
  readonly sent: { userId: string; messages: OutboundMessage[] }[] = [];
  /** Outcome to return for a user id (default ok). */
  outcomeFor: (userId: string) => SendOutcome = () => ({ ok: true });

  constructor(readonly name = 'fake') {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(userId: string, messages: OutboundMessage[]): Promise<SendOutcome> {
    const outcome = this.outcomeFor(userId);
    if (outcome.ok) this.sent.push({ userId, messages });
    return outcome;
  }
}

export class RedisCountingChannel implements Channel {
  readonly capabilities = { buttons: true, maxButtons: 10, images: true, maxTextLength: 4000 };
  private readonly redis: Redis;

  constructor(
    readonly name: string,
    redisUrl: string,
    private readonly hashKey: string,
    private readonly delayMs = 0,
  ) {
    this.redis = new Redis(redisUrl);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.redis.disconnect();
  }

  async send(userId: string): Promise<SendOutcome> {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    await this.redis.hincrby(this.hashKey, userId, 1);
    await this.redis.rpush(`${this.hashKey}:times`, String(Date.now()));
    return { ok: true };
  }
}

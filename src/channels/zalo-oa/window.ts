// Zalo's rule for consultation messages: after a resident's message the OA may
// answer for a while (48 hours free) and only a few times (8 messages) until
// they write again. Sending past that is refused or billed, so the channel
// counts before it sends and skips what does not fit. The count is platform
// bookkeeping in the shared store: keyed by a pseudonym of the resident and
// the time of their last message, and gone when the window closes.
import { userTag } from '../../log/logger.js';
import type { SharedStore } from '../../store/types.js';

export interface WindowRules {
  windowMs: number;
  /** 0: no count, only the window. */
  freeReplies: number;
}

export class ReplyWindow {
  constructor(
    private readonly shared: SharedStore,
    private readonly appId: string,
    private readonly rules: WindowRules,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many messages may go now: 0 outside the window (or when nobody knows when the resident wrote); Infinity when not counted. */
  async allowance(userKey: string, lastInboundAt: number | undefined): Promise<number> {
    if (!lastInboundAt || this.now() - lastInboundAt > this.rules.windowMs) return 0;
    if (this.rules.freeReplies === 0) return Infinity;
    const used = Number((await this.shared.get(this.key(userKey, lastInboundAt))) ?? 0);
    return Math.max(0, this.rules.freeReplies - used);
  }

  async noteSent(userKey: string, lastInboundAt: number | undefined, count: number): Promise<void> {
    if (!lastInboundAt || count <= 0 || this.rules.freeReplies === 0) return;
    const key = this.key(userKey, lastInboundAt);
    const used = Number((await this.shared.get(key)) ?? 0) + count;
    const left = lastInboundAt + this.rules.windowMs - this.now();
    if (left > 0) await this.shared.set(key, String(used), left);
  }

  private key(userKey: string, lastInboundAt: number): string {
    return `zalo-oa:${this.appId}:sent:${userTag(userKey)}:${lastInboundAt}`;
  }
}

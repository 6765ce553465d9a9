// "…is typing" while the engine prepares the answer: one typing activity at
// once and again every few seconds (clients hide it after about three), never
// failing the turn when it cannot be sent.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../log/logger.js';

const REPEAT_MS = 3000;

export class Typing {
  private pending: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly turn: TurnContext,
    private readonly logger: Logger,
  ) {
    this.sendOnce();
    this.timer = setInterval(() => this.sendOnce(), REPEAT_MS);
  }

  private sendOnce(): void {
    this.pending = this.pending
      .then(() => this.turn.sendActivity({ type: 'typing' }))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, 'typing indicator not sent'),
      );
  }

  /** Stops repeating and waits for typing already on its way, so it never arrives after the reply. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
  }
}

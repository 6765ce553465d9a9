// With a model, a text the front door was unsure of (TurnResult.unsureText) is
// labelled once per message id (a retried commit reuses the label), and the
// turn runs again from the same state with the label in ctx.textLabel: the
// front door then acts on it as on a recognizer's decision. No model, no label
// ("other", a failure, a slow model): the first turn stands.
import type { TextClassifier } from '../ai/classify.js';
import { labelChoices, type TextLabel } from '../engine/front-door/index.js';
import type { InboundMessage } from '../engine/messages.js';
import { turn, type TurnResult } from '../engine/router.js';
import type { UserState } from '../engine/state.js';
import type { EngineContext } from '../engine/turn-builder.js';

const MEMO_MAX = 10_000;

export class UnsureTexts {
  private readonly labels = new Map<string, Promise<TextLabel | undefined>>();

  constructor(private readonly classify: TextClassifier | undefined) {}

  /** The engine's turn, labelled when the front door asks for it. `key` names the message (resident + message id). */
  async turn(key: string, state: UserState | null, inbound: InboundMessage, ctx: EngineContext): Promise<TurnResult> {
    const first = turn(state, inbound, ctx);
    if (first.unsureText === undefined || !this.classify || ctx.textLabel) return first;
    const label = await this.labelOnce(key, first.unsureText, ctx);
    return label ? turn(state, inbound, { ...ctx, textLabel: label }) : first;
  }

  /** The turn is committed: its label is not needed again. */
  forget(key: string): void {
    this.labels.delete(key);
  }

  private labelOnce(key: string, text: string, ctx: EngineContext): Promise<TextLabel | undefined> {
    let pending = this.labels.get(key);
    if (!pending) {
      pending = this.classify!(text, labelChoices(ctx.registry, ctx.catalog)).catch(() => undefined);
      this.labels.set(key, pending);
      if (this.labels.size > MEMO_MAX) this.labels.delete(this.labels.keys().next().value!);
    }
    return pending;
  }
}

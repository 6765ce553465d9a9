// Collects what one turn says and does. The engine returns it whole, so a test
// (or the runtime) sees every effect of a turn in one value.
import type { Catalog } from './catalog.js';
import type { FlowRegistry } from './flow-registry.js';
import type { TextLabel } from './front-door/types.js';
import type { InviteLinks } from './journey-state.js';
import type { Button, OutboundMessage } from './messages.js';
import type { UserState } from './state.js';
import { fillTemplate, type TemplateParams } from './template.js';
import { payloadFor } from './payloads.js';

export type EngineEvent =
  | { type: 'flow_started'; flow: string }
  | { type: 'flow_completed'; flow: string; score: number; total: number }
  | { type: 'quiz_answered'; flow: string; node: string; correct: boolean }
  | { type: 'profile_changed'; field: string; value: string | number | boolean }
  | { type: 'flow_reset'; flow: string; reason: 'changed' | 'removed' }
  | { type: 'stale_payload' }
  | { type: 'unknown_payload' }
  | { type: 'unsupported_input'; what: string }
  | { type: 'user_deleted' }
  | { type: 'fallback' }
  | { type: 'review_started'; questions: number }
  | { type: 'review_finished'; right: number; total: number }
  /** The resident wrote after a reminder ("came back"). */
  | { type: 'nudge_answered'; kind: 'review' | 'resume' }
  | { type: 'invite_shown'; code: string }
  /** A new resident came with an invitation code (profile.invitedBy). */
  | { type: 'invite_accepted'; code: string }
  /** A survey answer: the runtime stores it (free text redacted); the engine keeps none of it. */
  | { type: 'survey_answered'; survey: string; question: string; kind: 'rating' | 'choice' | 'text'; value: string | number }
  /** Which front-door recognizer understood the text, and what it decided (see front-door/order.ts). */
  | { type: 'front_door'; by: string; decision: string; detail?: string };

type SayableKey = { [K in keyof Catalog]: Catalog[K] extends string | string[] ? K : never }[keyof Catalog];

export interface EngineContext {
  registry: FlowRegistry;
  catalog: Catalog;
  now: number;
  /** Where invitation links point (Telegram bot, web address); without them only the typed code is offered. */
  links?: InviteLinks;
  /** What the model said the text is, when the runtime asked it about a text the front door was unsure of (TurnResult.unsureText). */
  textLabel?: TextLabel;
  /**
   * The reply to the resident's previous message is still on its way (a push
   * channel sends bubbles one after another, a second apart on Telegram): a
   * button pressed meanwhile on an older step gets a short answer, because the
   * current step is about to arrive and repeating it would show it twice.
   */
  replyStillSending?: boolean;
  /** The thi đua by ward (src/journey/ward-ranks.ts, refreshed outside the turn): "tiến độ" tells a resident where their ward stands. */
  wardRanks?: WardRanks;
}

/** Ward name (as saved in the profile) → its place among the wards ranked. */
export type WardRanks = ReadonlyMap<string, { rank: number; of: number }>;

export class TurnBuilder {
  readonly outbox: OutboundMessage[] = [];
  readonly events: EngineEvent[] = [];
  offeredChoices = false;

  constructor(
    public state: UserState,
    readonly ctx: EngineContext,
  ) {}

  /** Sends bubbles (one message each); buttons go on the last one. */
  say(bubbles: string | string[] | undefined, params?: TemplateParams): void {
    if (bubbles === undefined) return;
    for (const bubble of Array.isArray(bubbles) ? bubbles : [bubbles]) {
      this.outbox.push({ text: fillTemplate(bubble, this.state, params) });
    }
  }

  sayCatalog(key: SayableKey, params?: TemplateParams): void {
    this.say(this.ctx.catalog[key], params);
  }

  send(message: OutboundMessage): void {
    this.outbox.push(message);
  }

  /** Shows these choices under the last message and remembers them for "1", "2"… */
  offer(buttons: Button[]): void {
    this.state.choices = buttons;
    this.offeredChoices = true;
    if (buttons.length === 0) return;
    const last = this.outbox[this.outbox.length - 1];
    if (last && !last.buttons) last.buttons = buttons;
    else this.outbox.push({ buttons });
  }

  /** Puts a button first among the ones this turn offers (or offers it alone). */
  offerFirst(button: Button): void {
    const last = this.outbox[this.outbox.length - 1];
    if (this.offeredChoices && last?.buttons === this.state.choices) {
      const buttons = [button, ...this.state.choices.filter((b) => b.payload !== button.payload)];
      last.buttons = buttons;
      this.state.choices = buttons;
      return;
    }
    this.offer([button]);
  }

  /** Buttons in a message of their own, after everything said so far. */
  offerSeparately(buttons: Button[]): void {
    this.outbox.push({ buttons });
    this.state.choices = buttons;
    this.offeredChoices = true;
  }

  menuButton(): Button {
    return { label: this.ctx.catalog.labels.menu, payload: payloadFor.command('menu') };
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }
}

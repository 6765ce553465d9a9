// Pure helpers over a user's stored record: putting a turn's replies in the
// outbox, finding the saved reply of a message id, what is still unsent, and
// the small record "xóa dữ liệu" leaves behind.
import type { OutboundMessage } from '../engine/messages.js';
import { newUserState, type UserState } from '../engine/state.js';
import type { Outbox, OutboxTurn, UserDoc, UserRecord } from '../store/types.js';

/**
 * Turns kept (this one included) beyond the ones still to deliver. A pull
 * channel (web) retries a lost response with the same message id at once and
 * gets the saved reply back, so the previous turn stays too. A push channel
 * re-sends only what is unsent, so its delivered turns go: each commit then
 * writes a third of the JSON.
 */
export const TURNS_KEPT = { pull: 2, push: 1 } as const;
/** Undelivered turns kept at most (a resident unreachable for long loses the oldest). */
const UNSENT_TURNS_MAX = 20;

export interface OutboxItem {
  seq: number;
  message: OutboundMessage;
}

export function newDoc(state: UserState): UserDoc {
  return { state, data: {}, outbox: { seq: 0, turns: [] } };
}

/** The record's outbox with this turn's replies appended; older delivered turns beyond `turnsKept` dropped. */
export function withTurnReplies(outbox: Outbox, sent: number, id: string, messages: OutboundMessage[], turnsKept: number = TURNS_KEPT.pull): Outbox {
  const turn: OutboxTurn = { id, from: outbox.seq + 1, messages };
  const turns = [...outbox.turns, turn];
  const firstKept = Math.max(0, turns.length - turnsKept);
  const kept = turns.filter((t, i) => i >= firstKept || lastSeq(t) > sent).slice(-UNSENT_TURNS_MAX);
  return { seq: outbox.seq + messages.length, turns: kept };
}

function lastSeq(turn: OutboxTurn): number {
  return turn.from + turn.messages.length - 1;
}

export function savedTurn(doc: Pick<UserDoc, 'outbox'>, id: string): OutboxTurn | undefined {
  return doc.outbox.turns.find((turn) => turn.id === id);
}

export function itemsOf(turn: OutboxTurn): OutboxItem[] {
  return turn.messages.map((message, i) => ({ seq: turn.from + i, message }));
}

/** Every outbox message after `sent`, oldest first. */
export function unsentItems(record: Pick<UserRecord, 'outbox' | 'sent'>, sent = record.sent): OutboxItem[] {
  return record.outbox.turns.flatMap(itemsOf).filter((item) => item.seq > sent);
}

/** What remains after forgetting: message digests (so a re-delivery is not a new resident) and the confirmation reply. */
export function tombstone(previous: UserRecord | null, state: UserState, id: string, messages: OutboundMessage[], now: number): UserDoc {
  const fresh = newUserState(now);
  fresh.seen = state.seen;
  const seq = previous?.outbox.seq ?? 0;
  return { state: fresh, data: {}, outbox: { seq: seq + messages.length, turns: [{ id, from: seq + 1, messages }] }, forgottenAt: now };
}

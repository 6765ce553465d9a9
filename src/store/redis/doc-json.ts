// The record as the commit writes it. A push channel's outbox keeps every turn
// not yet delivered, so while replies wait (a resident answering faster than
// the per-chat pace lets them out) each commit writes the same turns again. A
// saved turn never changes, and the record cache carries the same turn objects
// from commit to commit, so each turn's JSON is made once and reused.
import type { OutboxTurn, UserDoc } from '../types.js';

const turnJson = new WeakMap<OutboxTurn, string>();

function jsonOf(turn: OutboxTurn): string {
  let json = turnJson.get(turn);
  if (json === undefined) {
    json = JSON.stringify(turn);
    turnJson.set(turn, json);
  }
  return json;
}

/** Same value as JSON.stringify(doc) (the outbox last). */
export function docJson(doc: UserDoc): string {
  const { outbox, ...rest } = doc;
  const head = JSON.stringify(rest);
  const outboxJson = `"outbox":{"seq":${JSON.stringify(outbox.seq)},"turns":[${outbox.turns.map(jsonOf).join(',')}]}`;
  return head === '{}' ? `{${outboxJson}}` : `${head.slice(0, -1)},${outboxJson}}`;
}

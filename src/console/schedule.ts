// Broadcasts sent now go straight to the broadcaster; scheduled ones wait in
// the operators part (id "sched-…") until a timer in any process claims and
// starts them, once.
import { randomUUID } from 'node:crypto';
import type { OutboundMessage } from '../engine/messages.js';
import type { BroadcastTarget } from '../broadcast/types.js';
import type { ConsoleDeps } from './deps.js';

export interface Composed {
  title: string;
  message: OutboundMessage;
  target: BroadcastTarget;
  respectQuietHours: boolean;
  by: string;
}

export interface Scheduled extends Composed {
  id: string;
  at: number;
  broadcastId?: string;
}

const SOON_MS = 30_000;

async function start(deps: ConsoleDeps, composed: Composed): Promise<string> {
  const record = await deps.broadcaster.create({
    createdBy: 'operator',
    respectQuietHours: composed.respectQuietHours,
    audience: 'all-not-opted-out',
    target: composed.target,
    content: { kind: 'message', text: composed.message.text ?? '', ...(composed.message.buttons ? { buttons: composed.message.buttons } : {}) },
    title: composed.title,
  });
  return record.id;
}

/** Returns the broadcast id, or the scheduled entry's id when it starts later. */
export async function scheduleBroadcast(deps: ConsoleDeps, composed: Composed, at?: number): Promise<string> {
  if (at === undefined || at <= Date.now() + SOON_MS) return start(deps, composed);
  const entry: Scheduled = { ...composed, id: `sched-${at.toString(36)}-${randomUUID().slice(0, 8)}`, at };
  await deps.store.operators.saveDraft(entry.id, JSON.stringify(entry));
  return entry.id;
}

export async function scheduledEntry(deps: ConsoleDeps, id: string): Promise<Scheduled | undefined> {
  const entry = (await deps.store.operators.drafts()).find((d) => d.id === id);
  return entry ? (JSON.parse(entry.json) as Scheduled) : undefined;
}

/** Starts every scheduled broadcast that is due; a claim makes one process start each. */
export async function runDue(deps: ConsoleDeps, now = Date.now()): Promise<number> {
  let started = 0;
  for (const { id, json } of await deps.store.operators.drafts()) {
    if (!id.startsWith('sched-')) continue;
    const entry = JSON.parse(json) as Scheduled;
    if (entry.broadcastId || entry.at > now) continue;
    if (!(await deps.store.shared.claim(`console:sched-run:${id}`, 7 * 24 * 3600_000))) continue;
    entry.broadcastId = await start(deps, entry);
    await deps.store.operators.saveDraft(id, JSON.stringify(entry));
    started++;
  }
  return started;
}

export function startScheduler(deps: ConsoleDeps, everyMs = 20_000): () => void {
  const timer = setInterval(() => void runDue(deps).catch((error: unknown) => deps.logger.warn({ err: error }, 'scheduled broadcasts could not start')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

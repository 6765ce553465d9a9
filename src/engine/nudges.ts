// Gentle reminders sent outside a turn: the one-minute "ôn tập" when missed
// questions are due (for residents who asked for it), and one "học tiếp" for a
// lesson left midway NUDGE_AFTER_DAYS ago (unless reminders are off). At most
// one reminder a day, one "học tiếp" a week and one per stop; after two in a
// row go unanswered they stop until the resident writes again; "tắt nhắc"
// stops them all. Pure: the scheduler (src/reminders) decides when to look,
// the channel delivers, and the record keeps what was sent.
import type { Catalog } from './catalog.js';
import type { FlowRegistry } from './flow-registry.js';
import type { NudgeKind, NudgeLog } from './journey-state.js';
import type { Button, OutboundMessage } from './messages.js';
import { payloadFor } from './payloads.js';
import { REVIEW_SESSION_SIZE, reviewsDue } from './review.js';
import { hasConsent, type UserState } from './state.js';
import { fillTemplate } from './template.js';
import type { TurnBuilder } from './turn-builder.js';

const DAY_MS = 86_400_000;
/** Between two reminders of any kind (a little under a day, so a daily run at the same hour always may send). */
export const NUDGE_GAP_MS = 20 * 3600_000;
export const RESUME_NUDGE_EVERY_MS = 7 * DAY_MS;
/** Reminders in a row without an answer before they stop. */
export const MAX_UNANSWERED_NUDGES = 2;

export interface NudgeRules {
  /** How long after a resident stopped in the middle of a lesson the "học tiếp" reminder goes (NUDGE_AFTER_DAYS). */
  resumeAfterMs: number;
}

export type Nudge = { kind: 'review'; count: number } | { kind: 'resume'; flow: string; title?: string; mark: string };

/** The reminder this resident should get now, if any. Without the registry, guides left midway count as lessons. */
export function nudgeFor(state: UserState, now: number, rules: NudgeRules, registry?: FlowRegistry): Nudge | undefined {
  if (!hasConsent(state) || state.profile.reminders === false || state.profile.unreachable === true) return undefined;
  const log = state.journey?.nudges;
  if ((log?.unanswered ?? 0) >= MAX_UNANSWERED_NUDGES) return undefined;
  if (log?.lastAt !== undefined && now - log.lastAt < NUDGE_GAP_MS) return undefined;
  if (state.profile.reminders === true) {
    const due = reviewsDue(state, now, registry).length;
    if (due > 0) return { kind: 'review', count: Math.min(due, REVIEW_SESSION_SIZE) };
  }
  if (log?.lastResumeAt !== undefined && now - log.lastResumeAt < RESUME_NUDGE_EVERY_MS) return undefined;
  if (now - state.updatedAt < rules.resumeAfterMs) return undefined;
  const left = lessonLeftMidway(state, now - rules.resumeAfterMs, registry);
  if (!left || log?.resumedFor === left.mark) return undefined;
  return { kind: 'resume', ...left };
}

function lessonLeftMidway(state: UserState, before: number, registry?: FlowRegistry): { flow: string; title?: string; mark: string } | undefined {
  let best: { flow: string; title?: string; mark: string; at: number } | undefined;
  for (const [flow, progress] of Object.entries(state.progress)) {
    if (progress.status !== 'started' || !progress.lastNode || progress.updatedAt > before) continue;
    const loaded = registry?.get(flow);
    if (registry && (loaded?.kind !== 'lesson' || !loaded.nodes[progress.lastNode] || progress.lastNode === loaded.start)) continue;
    if (!best || progress.updatedAt > best.at) best = { flow, title: loaded?.title, mark: `${flow}@${progress.updatedAt}`, at: progress.updatedAt };
  }
  return best && { flow: best.flow, title: best.title, mark: best.mark };
}

/** The reminder's bubbles and buttons. */
export function nudgeMessages(state: UserState, nudge: Nudge, catalog: Catalog): OutboundMessage[] {
  const texts = catalog.journey;
  const off: Button = { label: texts.labels.remindersOff, payload: payloadFor.command('reminders-off') };
  const bubbles =
    nudge.kind === 'review'
      ? [texts.reviewNudge].flat().map((text) => fillTemplate(text, state, { count: nudge.count }))
      : [texts.resumeNudge].flat().map((text) => fillTemplate(text, state, { title: nudge.title ?? '' }));
  const buttons: Button[] =
    nudge.kind === 'review'
      ? [{ label: texts.labels.review, payload: payloadFor.command('review') }, off]
      : [{ label: catalog.labels.resume, payload: payloadFor.command('resume') }, { label: catalog.labels.restart, payload: payloadFor.command('restart') }, off];
  const messages: OutboundMessage[] = bubbles.map((text) => ({ text }));
  messages[messages.length - 1]!.buttons = buttons;
  return messages;
}

/** Written into the record with the sent mark: what was sent, and the buttons now on screen. */
export function recordNudge(state: UserState, nudge: Nudge, messages: OutboundMessage[], now: number): void {
  const journey = (state.journey ??= {});
  const log: NudgeLog = (journey.nudges ??= { unanswered: 0 });
  log.lastAt = now;
  log.lastKind = nudge.kind;
  log.unanswered += 1;
  if (nudge.kind === 'resume') {
    log.lastResumeAt = now;
    log.resumedFor = nudge.mark;
    // "Học tiếp" / "Học lại từ đầu" answer the resume question, as when the resident opens the lesson.
    state.pending = { kind: 'resume', flow: nudge.flow };
  }
  state.choices = messages.flatMap((message) => message.buttons ?? []);
}

/** Any message from the resident answers the reminders sent before it. */
export function noteResidentWrote(t: TurnBuilder): void {
  const log = t.state.journey?.nudges;
  if (!log?.unanswered) return;
  t.emit({ type: 'nudge_answered', kind: log.lastKind ?? 'review' });
  log.unanswered = 0;
}

export type { NudgeKind };

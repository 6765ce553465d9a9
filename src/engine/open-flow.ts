// Opening flows from outside a flow: start or offer to resume a lesson, run a
// short flow "aside" (an urgent playbook, turning alerts off) without losing the
// step the resident was at, and the "Tiếp tục bài" button that brings it back.
import type { LoadedFlow } from './flow-registry.js';
import { presentWaitingNode, startFlow } from './interpreter.js';
import type { Button } from './messages.js';
import { payloadFor } from './payloads.js';
import { activeFrame } from './state.js';
import { fillTemplate } from './template.js';
import type { TurnBuilder } from './turn-builder.js';

/** Starts a flow, or offers to resume it where the resident stopped last time. */
export function openFlow(t: TurnBuilder, flow: LoadedFlow): void {
  const undecided = flow.kind !== 'system' && t.state.profile.consent === undefined && t.state.profile.onboarded === undefined;
  const before = t.outbox.length;
  startOrOfferResume(t, flow);
  // Consent is asked again only when something needs storing (a lesson's progress): after the lesson's title.
  if (undecided)
    t.outbox.splice(Math.max(before, Math.min(before + 1, t.outbox.length - 1)), 0, ...[t.ctx.catalog.frontDoor.consentForProgress].flat().map((text) => ({ text: fillTemplate(text, t.state) })));
}

function startOrOfferResume(t: TurnBuilder, flow: LoadedFlow): void {
  const progress = t.state.progress[flow.id];
  const lastNode = progress?.status === 'started' ? progress.lastNode : undefined;
  if (flow.kind === 'system' || !lastNode || !flow.nodes[lastNode] || lastNode === flow.start) return startFlow(t, flow);
  t.state.stack = [];
  t.state.pending = { kind: 'resume', flow: flow.id };
  t.sayCatalog('resumePrompt', { title: flow.title });
  t.offer([
    { label: t.ctx.catalog.labels.resume, payload: payloadFor.command('resume') },
    { label: t.ctx.catalog.labels.restart, payload: payloadFor.command('restart') },
  ]);
}

export function resumeFlow(t: TurnBuilder, flow: LoadedFlow): void {
  const progress = t.state.progress[flow.id];
  const lastNode = progress?.lastNode ?? flow.start;
  const quiz = { ...progress?.answers };
  t.state.stack = [{ flow: flow.id, node: lastNode, revision: flow.revision, history: [], retries: 0, vars: {}, quiz }];
  presentWaitingNode(t, t.state.stack[0]!, flow.nodes[lastNode]!);
}

/**
 * Runs a flow that ends at once (an urgent playbook, "tắt cảnh báo") without
 * losing the step the resident was at: when it ends, that step is kept and
 * "Tiếp tục bài" is offered first. A flow that waits replaces the old position
 * (its progress is kept, so the lesson can be resumed later).
 */
export function runAside(t: TurnBuilder, flow: LoadedFlow): void {
  const saved = t.state.stack;
  t.state.stack = [];
  startFlow(t, flow);
  if (t.state.stack.length > 0 || saved.length === 0) return;
  t.state.stack = saved;
  if (hasStepToContinue(t)) t.offerFirst(continueButton(t));
}

/**
 * The resident was in the middle of something worth coming back to: a lesson
 * or guide step, or a question (onboarding's consent, the ward). A menu is not:
 * the answer's own buttons lead on from there.
 */
export function hasStepToContinue(t: TurnBuilder): boolean {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  if (!frame || !node) return false;
  return t.ctx.registry.get(frame.flow)?.kind !== 'system' || node.type === 'ask' || node.type === 'quiz';
}

export function continueButton(t: TurnBuilder): Button {
  return { label: t.ctx.catalog.frontDoor.labels.continue, payload: payloadFor.command('continue') };
}

/** "Tiếp tục bài": the step the resident was at, shown again. */
export function continueStep(t: TurnBuilder): void {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  if (frame && node) return presentWaitingNode(t, frame, node);
  t.say(t.ctx.catalog.frontDoor.nothingToContinue);
  t.offer([t.menuButton()]);
}

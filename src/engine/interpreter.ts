// Runs flow nodes: moves a resident's position forward until the flow waits
// for input or ends, and applies an answer at the node where it waits.
import type { ButtonSpec, FlowNode, NodeOf } from './flow-schema.js';
import type { LoadedFlow } from './flow-registry.js';
import type { Button } from './messages.js';
import { payloadFor } from './payloads.js';
import { activeFrame, hasConsent, type Frame, type Scalar } from './state.js';
import type { TurnBuilder } from './turn-builder.js';
import { evaluateCondition } from './conditions.js';
import { foldText } from './text.js';
import { assessmentChoices, presentAssessment, startAssessment } from './assessment.js';
import { requestService } from './service-node.js';
import { fillTemplate } from './template.js';
import { continueReview, isReviewFrame } from './review.js';
import { isWardQuestion, readWardAnswer, wardButtons, wardsShown } from './wards/step.js';

const MAX_STEPS_PER_TURN = 200;
const HISTORY_KEPT = 30;

export function startFlow(t: TurnBuilder, flow: LoadedFlow, mode: 'replace' | 'call' = 'replace'): void {
  if (mode === 'replace') t.state.stack = [];
  t.state.stack.push({ flow: flow.id, node: flow.start, revision: flow.revision, history: [], retries: 0, vars: {}, quiz: {} });
  t.emit({ type: 'flow_started', flow: flow.id });
  if (flow.kind !== 'system' && hasConsent(t.state)) {
    const previous = t.state.progress[flow.id];
    t.state.progress[flow.id] = {
      ...previous,
      status: previous?.status === 'completed' ? 'completed' : 'started',
      attempts: (previous?.attempts ?? 0) + 1,
      answers: {},
      updatedAt: t.ctx.now,
    };
  }
  runFrom(t, flow.start);
}

/** Executes nodes from `nodeId` in the active frame until one waits for input or the stack empties. */
export function runFrom(t: TurnBuilder, nodeId: string | undefined): void {
  let next = nodeId;
  for (let steps = 0; steps < MAX_STEPS_PER_TURN; steps++) {
    const frame = activeFrame(t.state);
    if (!frame) return;
    if (next === undefined) {
      next = finishFrame(t, frame, false);
      continue;
    }
    const node = t.ctx.registry.node(frame.flow, next);
    if (!node) throw new Error(`flow ${frame.flow} has no node ${next}`);
    frame.node = next;
    frame.retries = 0;
    const outcome = executeNode(t, frame, node);
    if (outcome.wait) {
      recordPosition(t, frame);
      return;
    }
    next = outcome.next;
    if (outcome.ended) next = finishFrame(t, frame, outcome.complete);
  }
  throw new Error(`flow ${activeFrame(t.state)?.flow} ran ${MAX_STEPS_PER_TURN} steps without waiting`);
}

type Outcome = { wait: true } | { wait: false; next?: string; ended?: boolean; complete?: boolean };

function executeNode(t: TurnBuilder, frame: Frame, node: FlowNode): Outcome {
  switch (node.type) {
    case 'send':
      t.say(node.text);
      if (node.image) t.send({ image: node.image });
      if (node.link) t.send({ link: node.link });
      if (node.buttons?.length) {
        t.offer(buttonsOf(frame, node.buttons));
        return { wait: true };
      }
      return node.next ? { wait: false, next: node.next } : { wait: false, ended: true };
    case 'ask':
    case 'quiz':
      presentWaitingNode(t, frame, node);
      return { wait: true };
    case 'branch': {
      const hit = node.cases.find((entry) => evaluateCondition(entry.when, t.state));
      return { wait: false, next: hit?.next ?? node.default };
    }
    case 'set':
      for (const [field, value] of Object.entries(node.set)) setField(t, frame, field, value);
      return node.next ? { wait: false, next: node.next } : { wait: false, ended: true };
    case 'call': {
      const callee = t.ctx.registry.get(node.flow);
      if (!callee) throw new Error(`flow ${frame.flow} calls unknown flow ${node.flow}`);
      startFlow(t, callee, 'call');
      return { wait: true };
    }
    case 'assess':
      // Entering the node starts a new attempt: other questions, another order.
      startAssessment(t, frame, node);
      presentAssessment(t, frame, node);
      return { wait: true };
    case 'service':
      requestService(t, node.service, fillTemplate(node.text ?? '', t.state));
      return node.next ? { wait: false, next: node.next } : { wait: false, ended: true };
    case 'end':
      t.say(node.text);
      if (t.state.stack.length === 1) t.offer(endButtons(t, node));
      return { wait: false, ended: true, complete: node.complete || isProgressFlow(t, frame) };
  }
}

/** Shows the prompt of the node where the frame waits (also used to repeat it). */
export function presentWaitingNode(t: TurnBuilder, frame: Frame, node: FlowNode): void {
  if (node.type === 'send') {
    executeNode(t, frame, node);
    return;
  }
  if (node.type === 'ask') t.say(node.text);
  if (node.type === 'quiz') t.say(node.question);
  if (node.type === 'assess') return presentAssessment(t, frame, node);
  const wards = node.type === 'ask' && isWardQuestion(node) ? wardButtons(wardsShown(t.ctx.registry.wards)) : [];
  t.offer([...wards, ...choicesAt(frame, node)]);
}

/** Shows the step where the active frame waits (a review question pushed by review.ts). */
export function presentActiveStep(t: TurnBuilder, frame: Frame): void {
  presentWaitingNode(t, frame, t.ctx.registry.node(frame.flow, frame.node)!);
}

/** The buttons a waiting node shows. */
export function choicesAt(frame: Frame, node: FlowNode): Button[] {
  const choice = (label: string, i: number) => ({ label, payload: payloadFor.choice(frame.flow, frame.node, i) });
  if (node.type === 'ask') return (node.choices ?? []).map((c, i) => choice(c.label, i));
  if (node.type === 'quiz') return node.options.map((o, i) => choice(o.label, i));
  if (node.type === 'assess') return assessmentChoices(frame, node);
  if (node.type === 'send') return buttonsOf(frame, node.buttons ?? []);
  return [];
}

export function buttonsOf(frame: Frame, specs: ButtonSpec[]): Button[] {
  return specs.map((spec, i) => ({ label: spec.label, payload: spec.next ? payloadFor.choice(frame.flow, frame.node, i) : targetPayload(spec) }));
}

function targetPayload(spec: ButtonSpec): string {
  if (spec.flow) return payloadFor.flow(spec.flow);
  return payloadFor.command(spec.command ?? 'menu');
}

function endButtons(t: TurnBuilder, node: NodeOf<'end'>): Button[] {
  const buttons = (node.buttons ?? []).map((spec) => ({ label: spec.label, payload: targetPayload(spec) }));
  return buttons.length > 0 ? buttons : [t.menuButton()];
}

function isProgressFlow(t: TurnBuilder, frame: Frame): boolean {
  // An area test is completed only when passed (assessment.ts), not by reaching its end.
  const kind = t.ctx.registry.get(frame.flow)?.kind;
  return kind === 'lesson' || kind === 'guide';
}

/** Pops the frame; returns where the caller continues (undefined: the caller ends too). */
function finishFrame(t: TurnBuilder, frame: Frame, complete = false): string | undefined {
  if (complete) recordCompletion(t, frame);
  t.state.stack.pop();
  const caller = activeFrame(t.state);
  if (!caller) return undefined;
  const callNode = t.ctx.registry.node(caller.flow, caller.node);
  return callNode?.type === 'call' ? callNode.next : undefined;
}

function recordCompletion(t: TurnBuilder, frame: Frame): void {
  const score = Object.values(frame.quiz).filter((v) => v === 1).length;
  const total = Object.keys(frame.quiz).length;
  t.emit({ type: 'flow_completed', flow: frame.flow, score, total });
  const progress = t.state.progress[frame.flow];
  if (!progress) return;
  progress.status = 'completed';
  progress.bestScore = Math.max(progress.bestScore ?? 0, score);
  progress.quizTotal = total;
  progress.updatedAt = t.ctx.now;
  delete progress.lastNode;
}

function recordPosition(t: TurnBuilder, frame: Frame): void {
  const progress = t.state.progress[frame.flow];
  if (!progress) return;
  progress.lastNode = frame.node;
  progress.updatedAt = t.ctx.now;
}

export function setField(t: TurnBuilder, frame: Frame, field: string, value: Scalar): void {
  const [scope, name] = field.split('.', 2) as [string, string];
  if (scope === 'vars') frame.vars[name] = value;
  else if (scope === 'profile') {
    if (t.state.profile[name] === value) return;
    t.state.profile[name] = value;
    t.emit({ type: 'profile_changed', field: name, value });
  } else if (field === 'progress.completed' && value === true) recordCompletion(t, frame);
}

/** Applies the chosen option (or free text) at the node where the active frame waits. */
export function applyAnswer(t: TurnBuilder, frame: Frame, node: FlowNode, answer: { index: number; text?: string }): void {
  const moveTo = (target: string | undefined) => {
    // "Xem lại bước này" shows the same node again: it is not a step to go back to.
    if (target !== frame.node) frame.history = [...frame.history, frame.node].slice(-HISTORY_KEPT);
    runFrom(t, target);
  };
  if (node.type === 'send') {
    const spec = node.buttons?.[answer.index];
    if (spec?.next) moveTo(spec.next);
    return;
  }
  if (node.type === 'quiz') {
    answerQuiz(t, frame, node, answer.index);
    // A review question stands alone: the next one follows, not the lesson's next step.
    if (isReviewFrame(frame)) return continueReview(t, frame, presentActiveStep);
    moveToOrEnd(t, frame, node.next, moveTo);
    return;
  }
  if (node.type === 'ask') {
    let choice = node.choices?.[answer.index];
    let value: Scalar | undefined = choice ? (choice.value ?? choice.label) : answer.text?.trim();
    if (!choice && isWardQuestion(node)) {
      const ward = readWardAnswer(answer.text ?? '', node, t.ctx.registry.wards);
      if (ward.kind === 'unclear') {
        t.say(node.unclear ?? node.text);
        t.offer([...ward.buttons, ...choicesAt(frame, node)]);
        return;
      }
      if (ward.kind === 'none') {
        t.say(node.invalid ?? t.ctx.catalog.invalidChoice);
        askAgain(t, frame, node);
        return;
      }
      choice = ward.kind === 'skip' ? node.choices?.[ward.choiceIndex] : undefined;
      value = ward.kind === 'ward' ? ward.name : undefined;
    }
    if (node.save && value !== undefined && choice?.save !== false) setField(t, frame, node.save, value);
    if (node.survey && value !== undefined && value !== '' && choice?.save !== false)
      t.emit({ type: 'survey_answered', survey: frame.flow, question: frame.node, kind: node.survey.kind, value: typeof value === 'number' ? value : String(value) });
    moveToOrEnd(t, frame, choice?.next ?? node.next, moveTo);
  }
}

/** Asks the question again, until its retry limit; then moves on without an answer. */
export function askAgain(t: TurnBuilder, frame: Frame, node: NodeOf<'ask'>): void {
  frame.retries += 1;
  if (frame.retries > node.maxRetries) return runFrom(t, node.onMaxRetries ?? node.next);
  presentWaitingNode(t, frame, node);
}

function moveToOrEnd(t: TurnBuilder, frame: Frame, target: string | undefined, moveTo: (target: string) => void): void {
  if (target) return moveTo(target);
  const next = finishFrame(t, frame, isProgressFlow(t, frame));
  if (activeFrame(t.state)) runFrom(t, next);
}

function answerQuiz(t: TurnBuilder, frame: Frame, node: NodeOf<'quiz'>, index: number): void {
  const option = node.options[index];
  if (!option) return;
  const right = node.options.find((o) => o.correct)!;
  const verdict = option.correct ? t.ctx.catalog.quizCorrect : t.ctx.catalog.quizWrong;
  t.say(`${verdict} ${option.explanation}`);
  if (!option.correct) t.say(t.ctx.catalog.quizRightAnswerWas, { answer: right.label });
  frame.quiz[frame.node] = option.correct ? 1 : 0;
  t.emit({ type: 'quiz_answered', flow: frame.flow, node: frame.node, correct: option.correct });
  const progress = t.state.progress[frame.flow];
  if (progress) progress.answers[frame.node] = option.correct ? 1 : 0;
}

/** Free-text answers: checked against the node's input rules. */
export function isValidFreeText(node: NodeOf<'ask'>, text: string): boolean {
  const rules = node.input;
  const trimmed = text.trim();
  if (!trimmed) return false;
  // A ward name is read against the directory when the answer is applied (applyAnswer).
  if (rules === 'ward') return true;
  if (rules?.minLength !== undefined && trimmed.length < rules.minLength) return false;
  if (rules?.maxLength !== undefined && trimmed.length > rules.maxLength) return false;
  if (rules?.pattern && !new RegExp(rules.pattern).test(foldText(trimmed))) return false;
  return true;
}

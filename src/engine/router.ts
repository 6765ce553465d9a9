// One turn for one resident. A button press is applied directly (checked
// against where the resident is now); free text goes through the front door:
// it is understood once (front-door/understand.ts) and the first recognizer
// that is sure decides (front-door/order.ts). Pure: state in, state and
// messages out; the runtime does all I/O.
import { cloneJson } from './clone.js';
import { reofferCurrentChoices, runCommand } from './commands.js';
import type { Command, FlowNode } from './flow-schema.js';
import { act, HANDLED, type RouteResult } from './front-door/act.js';
import { lexiconOf } from './front-door/lexicon.js';
import { decisionFromLabel, leftUnsure } from './front-door/model-label.js';
import { recognize } from './front-door/order.js';
import type { Decision, FrontDoorInput, ScreenChoice } from './front-door/types.js';
import { understand } from './front-door/understand.js';
import { answerAssessment, isCurrentAnswer } from './assessment.js';
import { applyAnswer, choicesAt, presentActiveStep, runFrom } from './interpreter.js';
import { continueReview, isReviewFrame } from './review.js';
import type { InboundMessage, OutboundMessage } from './messages.js';
import { continueStep, openFlow } from './open-flow.js';
import { parsePayload, type Payload } from './payloads.js';
import { reconcileWithRegistry } from './reconcile.js';
import { takeServiceRequest } from './service-node.js';
import { afterTurn, beforeRoute } from './journey.js';
import { activeFrame, isNewUser, messageIdDigest, newUserState, SEEN_IDS_KEPT, type Pending, type UserState } from './state.js';
import { TurnBuilder, type EngineContext, type EngineEvent } from './turn-builder.js';

export type { ServiceRequest } from './service-request.js';
import type { ServiceRequest } from './service-request.js';

export interface TurnResult {
  state: UserState;
  outbox: OutboundMessage[];
  events: EngineEvent[];
  /** The message id was seen before: nothing changed and nothing is to be sent. */
  duplicate: boolean;
  /** The resident confirmed "xóa dữ liệu": the runtime removes everything stored. */
  deleteUser: boolean;
  /**
   * Text for a service outside the engine: "qa" for a question, "scam-check"
   * for a pasted message, or the service an ask node hands off to. The runtime
   * sends the service's reply, then `after` (the flow's next step, or the
   * buttons that follow the answer).
   */
  service?: ServiceRequest;
  /**
   * The front door was not sure what this text is (front-door/model-label.ts),
   * nor the label in `ctx.textLabel` if one was given: with a model, the
   * runtime asks it once and runs the turn again from the same state with its
   * label.
   */
  unsureText?: string;
}

export function turn(previous: UserState | null, inbound: InboundMessage, ctx: EngineContext): TurnResult {
  const digest = messageIdDigest(inbound.messageId);
  if (previous?.seen.includes(digest)) {
    return { state: previous, outbox: [], events: [], duplicate: true, deleteUser: false };
  }
  const state: UserState = previous ? cloneJson(previous) : newUserState(ctx.now);
  state.seen = [...state.seen, digest].slice(-SEEN_IDS_KEPT);
  state.updatedAt = ctx.now;
  const t = new TurnBuilder(state, ctx);
  // A resident who writes to us can be reached again (they may have unblocked the bot).
  delete t.state.profile.unreachable;
  if (inbound.startParam) t.state.profile.ref = inbound.startParam.slice(0, 64);
  if (inbound.displayName && t.state.profile.name === undefined) t.state.profile.name = inbound.displayName.slice(0, 64);

  const restarted = reconcileWithRegistry(t);
  const routed = route(t, beforeRoute(t, inbound, previous === null || isNewUser(previous)), restarted);
  afterTurn(t);
  // A flow's service node (the certificate) asks for a service the same way an ask node's handoff does.
  const result = routed.service ? routed : { ...routed, service: takeServiceRequest(t) };
  if (!result.deleteUser && !result.service && !t.offeredChoices && !activeFrame(t.state)) t.offer([t.menuButton()]);
  return {
    state: t.state,
    outbox: t.outbox,
    events: t.events,
    duplicate: false,
    deleteUser: result.deleteUser,
    service: result.service,
    ...(result.unsureText !== undefined ? { unsureText: result.unsureText } : {}),
  };
}

function route(t: TurnBuilder, inbound: InboundMessage, restarted: boolean): RouteResult {
  if (inbound.unsupported) {
    t.emit({ type: 'unsupported_input', what: inbound.unsupported });
    t.sayCatalog('unsupported');
    reofferCurrentChoices(t);
    return HANDLED;
  }
  const pending = t.state.pending;
  t.state.pending = undefined;
  const quickReply = inbound.payload !== undefined ? parsePayload(inbound.payload) : undefined;
  if (inbound.payload !== undefined && quickReply?.kind !== 'say') {
    if (pending && quickReply?.kind === 'command' && isConfirmation(quickReply.command)) return handleText(t, '', { pending, pressed: inbound.payload });
    return handlePayload(t, inbound.payload);
  }
  const text = quickReply?.kind === 'say' ? quickReply.text : (inbound.text ?? '');
  // A quick reply's text is not matched against the buttons again, so "1" on such a button cannot select itself.
  return handleText(t, text, { pending, restarted, matchChoices: quickReply?.kind !== 'say' });
}

const CONFIRMATIONS = new Set(['delete-yes', 'delete-no', 'resume', 'restart']);
const isConfirmation = (command: string) => CONFIRMATIONS.has(command);

interface TextOptions {
  pending?: Pending;
  restarted?: boolean;
  matchChoices?: boolean;
  /** A confirmation button pressed while its question is pending. */
  pressed?: string;
}

/** Free text: understood once, recognized in the front door's order, then acted on. */
function handleText(t: TurnBuilder, text: string, options: TextOptions): RouteResult {
  const input = frontDoorInput(t, text, options);
  let recognized = options.pressed ? { by: 'pending-confirmation', decision: pressedConfirmation(options.pressed) } : recognize(input);
  // The recognizers were unsure: a label the model gave (the runtime asked it) decides; without one, the runtime may ask.
  const unsure = !options.pressed && !options.restarted && leftUnsure(recognized, input);
  const labelled = unsure && t.ctx.textLabel ? decisionFromLabel(t.ctx.textLabel, input) : undefined;
  if (labelled) recognized = { by: 'model', decision: labelled };
  const decision = recognized?.decision;
  t.emit({ type: 'front_door', by: recognized?.by ?? 'none', decision: decision?.kind ?? 'none', ...detailOf(decision) });
  if (options.pending?.kind === 'confirm-delete' && decision?.kind !== 'confirm') t.sayCatalog('deleteCancelled');
  // The flow changed under the resident: their text was meant for a step that is gone. Only intents still apply.
  if (options.restarted && decision?.kind !== 'intent') return HANDLED;
  const result = act(t, input, decision, applyPayload);
  return unsure && !labelled ? { ...result, unsureText: text } : result;
}

function pressedConfirmation(payload: string): Decision {
  if (payload === 'c:delete-yes' || payload === 'c:resume') return { kind: 'confirm', answer: 'yes' };
  if (payload === 'c:restart') return { kind: 'confirm', answer: 'restart' };
  return { kind: 'confirm', answer: 'no' };
}

function detailOf(decision: Decision | undefined): { detail?: string } {
  if (!decision) return {};
  if (decision.kind === 'intent') return { detail: decision.intent };
  if (decision.kind === 'urgent' || decision.kind === 'trigger') return { detail: decision.flow };
  if (decision.kind === 'decline') return { detail: decision.topic };
  if (decision.kind === 'confirm') return { detail: decision.answer };
  if (decision.kind === 'choice') return { detail: decision.payload };
  return {};
}

function frontDoorInput(t: TurnBuilder, text: string, options: TextOptions): FrontDoorInput {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  return {
    u: understand(text),
    state: t.state,
    pending: options.pending,
    frame,
    node,
    choices: options.matchChoices === false ? [] : screenChoices(t, node),
    registry: t.ctx.registry,
    catalog: t.ctx.catalog,
    lexicon: lexiconOf(t.ctx.catalog),
  };
}

/** The labels on screen with the aliases the flow gives them, then the waiting step's own choices. */
function screenChoices(t: TurnBuilder, node: FlowNode | undefined): ScreenChoice[] {
  const frame = activeFrame(t.state);
  // By the choice's own index: the screen may show other buttons first (the wards before a question's "Bỏ qua").
  const withAliases = (choice: { label: string; payload: string }): ScreenChoice => {
    const parsed = parsePayload(choice.payload);
    if (!node || parsed?.kind !== 'choice' || parsed.node !== frame?.node) return choice;
    return { ...choice, aliases: aliasesOf(node, parsed.index) };
  };
  const onScreen = t.state.choices.map(withAliases);
  if (!frame || !node) return onScreen;
  const own = choicesAt(frame, node)
    .map((choice, i) => ({ ...choice, aliases: aliasesOf(node, i) }))
    .filter((choice) => !onScreen.some((shown) => shown.payload === choice.payload));
  return [...onScreen, ...own];
}

function aliasesOf(node: FlowNode, index: number): string[] | undefined {
  if (node.type === 'send') return node.buttons?.[index]?.aliases;
  if (node.type === 'ask') return node.choices?.[index]?.aliases;
  if (node.type === 'quiz') return node.options[index]?.aliases;
  return undefined;
}

function handlePayload(t: TurnBuilder, raw: string): RouteResult {
  const payload = parsePayload(raw);
  if (!payload || (payload.kind === 'flow' && !t.ctx.registry.get(payload.flow))) {
    t.emit({ type: 'unknown_payload' });
    t.sayCatalog('unknownPayload');
    reofferCurrentChoices(t);
    return HANDLED;
  }
  return applyPayload(t, payload);
}

function applyPayload(t: TurnBuilder, payload: Payload): RouteResult {
  if (payload.kind === 'say') return handleText(t, payload.text, { matchChoices: false });
  if (payload.kind === 'flow') {
    // A second tap on the button that just opened this flow: the resident is already at its first step.
    if (isAtStartOf(t, payload.flow)) return staleButton(t);
    openFlow(t, t.ctx.registry.get(payload.flow)!);
    return HANDLED;
  }
  if (payload.kind === 'command') {
    if (payload.command === 'continue') {
      continueStep(t);
      return HANDLED;
    }
    // A confirmation button pressed after its moment passed.
    if (isConfirmation(payload.command)) return staleButton(t);
    runCommand(t, payload.command as Command);
    return HANDLED;
  }
  if (payload.kind === 'answer') return answerTest(t, payload.question, payload.option);
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  const current = frame && node && frame.flow === payload.flow && frame.node === payload.node;
  if (!current || payload.index >= choicesAt(frame, node).length) return staleButton(t);
  applyAnswer(t, frame, node, { index: payload.index });
  return HANDLED;
}

/** An answer pressed (or typed as "1", "2") in an area test; an answer to an earlier question is stale. */
function answerTest(t: TurnBuilder, question: string, option: string): RouteResult {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  if (!frame || node?.type !== 'assess' || !isCurrentAnswer(frame, node, question, option)) return staleButton(t);
  const next = answerAssessment(t, frame, node, question, option);
  // A review question stands alone: the next one follows, not the test's next step.
  if (isReviewFrame(frame)) continueReview(t, frame, presentActiveStep);
  else if (next) runFrom(t, next);
  return HANDLED;
}

function isAtStartOf(t: TurnBuilder, flowId: string): boolean {
  const frame = activeFrame(t.state);
  return frame?.flow === flowId && frame.node === t.ctx.registry.get(flowId)?.start && frame.history.length === 0;
}

function staleButton(t: TurnBuilder): RouteResult {
  t.emit({ type: 'stale_payload' });
  if (t.ctx.replyStillSending) {
    // The current step is on its way: sending it again would show it twice.
    t.sayCatalog('stalePayloadWhileSending');
    return HANDLED;
  }
  t.sayCatalog('stalePayload');
  reofferCurrentChoices(t);
  return HANDLED;
}

// One turn for one resident: pending confirmation → button payload → global
// command → answer to the active flow → flow trigger → fallback (Q&A).
// Pure: state in, state and messages out; the runtime does all I/O.
import { matchChoice } from './choices.js';
import { detectCommand, openMenu, reofferCurrentChoices, runCommand } from './commands.js';
import type { LoadedFlow } from './flow-registry.js';
import type { NodeOf, ServiceName } from './flow-schema.js';
import { applyAnswer, isValidFreeText, presentWaitingNode, runFrom, startFlow } from './interpreter.js';
import type { InboundMessage, OutboundMessage } from './messages.js';
import { parsePayload, payloadFor, type Payload } from './payloads.js';
import { reconcileWithRegistry } from './reconcile.js';
import { activeFrame, isNewUser, messageIdDigest, newUserState, SEEN_IDS_KEPT, type UserState } from './state.js';
import { foldText } from './text.js';
import { TurnBuilder, type EngineContext, type EngineEvent } from './turn-builder.js';

export interface ServiceRequest {
  name: ServiceName;
  text: string;
  after: OutboundMessage[];
}

export interface TurnResult {
  state: UserState;
  outbox: OutboundMessage[];
  events: EngineEvent[];
  /** The message id was seen before: nothing changed and nothing is to be sent. */
  duplicate: boolean;
  /** The resident confirmed "xóa dữ liệu": the runtime removes everything stored. */
  deleteUser: boolean;
  /**
   * Text for a service outside the engine: "qa" when nothing scripted matched,
   * or the service an ask node hands off to. The runtime sends the service's
   * reply, then `after` (the flow's next step).
   */
  service?: ServiceRequest;
}

/** Messages this long (in words) that match nothing are treated as questions, not wrong answers. */
const QUESTION_MIN_WORDS = 4;

export function turn(previous: UserState | null, inbound: InboundMessage, ctx: EngineContext): TurnResult {
  const digest = messageIdDigest(inbound.messageId);
  if (previous?.seen.includes(digest)) {
    return { state: previous, outbox: [], events: [], duplicate: true, deleteUser: false };
  }
  const state: UserState = previous ? structuredClone(previous) : newUserState(ctx.now);
  state.seen = [...state.seen, digest].slice(-SEEN_IDS_KEPT);
  state.updatedAt = ctx.now;
  const t = new TurnBuilder(state, ctx);
  // A resident who writes to us can be reached again (they may have unblocked the bot).
  delete t.state.profile.unreachable;
  if (inbound.startParam) t.state.profile.ref = inbound.startParam.slice(0, 64);
  if (inbound.displayName && t.state.profile.name === undefined) t.state.profile.name = inbound.displayName.slice(0, 64);

  const restarted = reconcileWithRegistry(t);
  const result = route(t, inbound, restarted);
  if (!result.deleteUser && !result.service && !t.offeredChoices && !activeFrame(t.state)) t.offer([t.menuButton()]);
  return { state: t.state, outbox: t.outbox, events: t.events, duplicate: false, deleteUser: result.deleteUser, service: result.service };
}

type RouteResult = { deleteUser: boolean; service?: ServiceRequest };
const HANDLED: RouteResult = { deleteUser: false };

function route(t: TurnBuilder, inbound: InboundMessage, restarted: boolean): RouteResult {
  if (inbound.unsupported) {
    t.emit({ type: 'unsupported_input', what: inbound.unsupported });
    t.sayCatalog('unsupported');
    reofferCurrentChoices(t);
    return HANDLED;
  }
  const pending = t.state.pending;
  if (pending) {
    t.state.pending = undefined;
    const answered = answerPending(t, pending, inbound);
    if (answered) return answered;
  }
  const quickReply = inbound.payload !== undefined ? parsePayload(inbound.payload) : undefined;
  if (inbound.payload !== undefined && quickReply?.kind !== 'say') return handlePayload(t, inbound.payload);
  const text = quickReply?.kind === 'say' ? quickReply.text : (inbound.text ?? '');
  const command = detectCommand(text, t.ctx.catalog);
  if (command) {
    runCommand(t, command);
    return HANDLED;
  }
  if (restarted) return HANDLED;
  return handleText(t, text);
}

function answerPending(t: TurnBuilder, pending: NonNullable<UserState['pending']>, inbound: InboundMessage): RouteResult | undefined {
  const choice = pendingChoice(t, inbound);
  if (pending.kind === 'confirm-delete') {
    if (choice === 'c:delete-yes') {
      t.emit({ type: 'user_deleted' });
      t.sayCatalog('deleteDone');
      return { deleteUser: true };
    }
    t.sayCatalog('deleteCancelled');
    if (choice === 'c:delete-no' || !inbound.text || !detectCommand(inbound.text, t.ctx.catalog)) {
      reofferCurrentChoices(t);
      return HANDLED;
    }
    return undefined;
  }
  const flow = t.ctx.registry.get(pending.flow);
  if (!flow || (choice !== 'c:resume' && choice !== 'c:restart')) return undefined;
  if (choice === 'c:restart') startFlow(t, flow);
  else resumeFlow(t, flow);
  return HANDLED;
}

/** The payload of the pending prompt's button that the resident pressed or typed. */
function pendingChoice(t: TurnBuilder, inbound: InboundMessage): string | undefined {
  if (inbound.payload !== undefined) return inbound.payload;
  const index = matchChoice(inbound.text ?? '', t.state.choices);
  return t.state.choices[index]?.payload;
}

function handlePayload(t: TurnBuilder, raw: string): RouteResult {
  const payload = parsePayload(raw);
  if (!payload || !isKnownTarget(t, payload)) {
    t.emit({ type: 'unknown_payload' });
    t.sayCatalog('unknownPayload');
    reofferCurrentChoices(t);
    return HANDLED;
  }
  return applyPayload(t, payload);
}

function isKnownTarget(t: TurnBuilder, payload: Payload): boolean {
  if (payload.kind === 'flow') return t.ctx.registry.get(payload.flow) !== undefined;
  return true;
}

function applyPayload(t: TurnBuilder, payload: Payload): RouteResult {
  if (payload.kind === 'say') return handleText(t, payload.text, false);
  if (payload.kind === 'flow') {
    openFlow(t, t.ctx.registry.get(payload.flow)!);
    return HANDLED;
  }
  if (payload.kind === 'command') {
    if (payload.command === 'delete-yes' || payload.command === 'delete-no' || payload.command === 'resume' || payload.command === 'restart') {
      // A confirmation button pressed after its moment passed.
      return staleButton(t);
    }
    runCommand(t, payload.command);
    return HANDLED;
  }
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  const current = frame && node && frame.flow === payload.flow && frame.node === payload.node;
  if (!current || payload.index >= choiceCount(node)) return staleButton(t);
  applyAnswer(t, frame, node, { index: payload.index });
  return HANDLED;
}

function staleButton(t: TurnBuilder): RouteResult {
  t.emit({ type: 'stale_payload' });
  t.sayCatalog('stalePayload');
  reofferCurrentChoices(t);
  return HANDLED;
}

function choiceCount(node: ReturnType<TurnBuilder['ctx']['registry']['node']>): number {
  if (!node) return 0;
  if (node.type === 'send' || node.type === 'end') return node.buttons?.length ?? 0;
  if (node.type === 'ask') return node.choices?.length ?? 0;
  if (node.type === 'quiz') return node.options.length;
  return 0;
}

/** `matchChoices` is off for the text of a quick-reply button, so "1" on such a button cannot select itself again. */
function handleText(t: TurnBuilder, text: string, matchChoices = true): RouteResult {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  const chosen = matchChoices ? t.state.choices[matchChoice(text, choicesWithAliases(t))] : undefined;
  if (chosen) return applyPayload(t, parsePayload(chosen.payload) ?? { kind: 'command', command: 'menu' });
  if (frame && node?.type === 'ask' && (!node.choices?.length || node.input)) {
    // A whole message that is exactly a flow's trigger ("kiểm tra lừa đảo") is a request, not an answer.
    const requested = node.handoff ? undefined : t.ctx.registry.exactTrigger(foldText(text));
    if (requested && requested.id !== frame.flow) {
      openFlow(t, requested);
      return HANDLED;
    }
    return answerFreeText(t, node, text);
  }
  const trigger = t.ctx.registry.matchTrigger(foldText(text));
  if (trigger) {
    openFlow(t, trigger);
    return HANDLED;
  }
  const looksLikeQuestion = foldText(text).split(' ').length >= QUESTION_MIN_WORDS || text.includes('?');
  if (isNewUser(t.state) && !looksLikeQuestion) {
    openMenu(t);
    return HANDLED;
  }
  if (frame && node && !looksLikeQuestion) {
    t.sayCatalog('invalidChoice');
    return countRetry(t, node);
  }
  return fallback(t, text);
}

/** The labels on screen plus the aliases the flow gives them. */
function choicesWithAliases(t: TurnBuilder): { label: string; aliases?: string[] }[] {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  return t.state.choices.map((choice, i) => {
    const parsed = parsePayload(choice.payload);
    if (!node || parsed?.kind !== 'choice' || parsed.node !== frame?.node) return { label: choice.label };
    if (node.type === 'send') return { label: choice.label, aliases: node.buttons?.[i]?.aliases };
    if (node.type === 'ask') return { label: choice.label, aliases: node.choices?.[i]?.aliases };
    if (node.type === 'quiz') return { label: choice.label, aliases: node.options[i]?.aliases };
    return { label: choice.label };
  });
}

function answerFreeText(t: TurnBuilder, node: NodeOf<'ask'>, text: string): RouteResult {
  const frame = activeFrame(t.state)!;
  if (isValidFreeText(node, text)) {
    const before = t.outbox.length;
    applyAnswer(t, frame, node, { index: -1, text });
    if (!node.handoff) return HANDLED;
    return { deleteUser: false, service: { name: node.handoff, text, after: t.outbox.splice(before) } };
  }
  t.say(node.invalid ?? t.ctx.catalog.invalidChoice);
  return countRetry(t, node);
}

/** Asks again, until the node's retry limit; then moves on without an answer. */
function countRetry(t: TurnBuilder, node: NonNullable<ReturnType<TurnBuilder['ctx']['registry']['node']>>): RouteResult {
  const frame = activeFrame(t.state)!;
  frame.retries += 1;
  if (node.type === 'ask' && frame.retries > node.maxRetries) {
    runFrom(t, node.onMaxRetries ?? node.next);
    return HANDLED;
  }
  presentWaitingNode(t, frame, node);
  return HANDLED;
}

function fallback(t: TurnBuilder, text: string): RouteResult {
  t.emit({ type: 'fallback' });
  const before = t.outbox.length;
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  if (frame && node) {
    t.sayCatalog('remindStep');
    presentWaitingNode(t, frame, node);
  } else if (isNewUser(t.state)) {
    t.sayCatalog('offerOnboarding');
    t.offer([{ label: t.ctx.catalog.labels.start, payload: payloadFor.flow('onboarding') }]);
  }
  const after = t.outbox.splice(before);
  return { deleteUser: false, service: { name: 'qa', text, after } };
}

/** Starts a flow, or offers to resume it where the resident stopped last time. */
function openFlow(t: TurnBuilder, flow: LoadedFlow): void {
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

function resumeFlow(t: TurnBuilder, flow: LoadedFlow): void {
  const progress = t.state.progress[flow.id];
  const lastNode = progress?.lastNode ?? flow.start;
  const quiz = { ...progress?.answers };
  t.state.stack = [{ flow: flow.id, node: lastNode, revision: flow.revision, history: [], retries: 0, vars: {}, quiz }];
  presentWaitingNode(t, t.state.stack[0]!, flow.nodes[lastNode]!);
}

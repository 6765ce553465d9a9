// What the tutor does with each front-door decision. An answer, a verdict, a
// decline or a playbook given in the middle of a step keeps that step and ends
// with one "Tiếp tục bài" button, so the answer stays in view; a resident who
// has not answered the consent question is offered it once, not on every turn.
import { runCommand, openMenu, reofferCurrentChoices } from '../commands.js';
import { applyAnswer, isValidFreeText, presentWaitingNode, runFrom, startFlow } from '../interpreter.js';
import type { Button } from '../messages.js';
import { continueButton, hasStepToContinue, openFlow, resumeFlow, runAside } from '../open-flow.js';
import { parsePayload, payloadFor, type Payload } from '../payloads.js';
import { activeFrame, isNewUser, type Pending } from '../state.js';
import type { ServiceRequest } from '../service-request.js';
import type { TurnBuilder } from '../turn-builder.js';
import type { IntentId } from './texts-schema.js';
import type { Decision, FrontDoorInput } from './types.js';

export type RouteResult = { deleteUser: boolean; service?: ServiceRequest; /** The recognizers were unsure of this text (see TurnResult.unsureText). */ unsureText?: string };
export const HANDLED: RouteResult = { deleteUser: false };

/** The flows the alert intents run (content/flows). */
const ALERT_FLOWS = { 'alerts-on': 'scam-subscribe', 'alerts-off': 'scam-unsubscribe' } as const;

export type ApplyPayload = (t: TurnBuilder, payload: Payload) => RouteResult;

export function act(t: TurnBuilder, input: FrontDoorInput, decision: Decision | undefined, applyPayload: ApplyPayload): RouteResult {
  switch (decision?.kind) {
    case 'confirm':
      return confirm(t, input.pending!, decision.answer);
    case 'choice':
      return applyPayload(t, parsePayload(decision.payload) ?? { kind: 'command', command: 'menu' });
    case 'intent':
      return runIntent(t, decision.intent, input);
    case 'pasted':
      return handOff(t, 'scam-check', decision.text, [checkAnotherButton(t)], t.ctx.catalog.frontDoor.checkedAfter);
    case 'urgent':
      runAside(t, t.ctx.registry.get(decision.flow)!);
      return HANDLED;
    case 'decline':
      t.say(decision.text);
      t.offer([t.menuButton()]);
      if (hasStepToContinue(t)) t.offerFirst(continueButton(t));
      return HANDLED;
    case 'question':
      return askQa(t, input.u.raw);
    case 'trigger':
      openFlow(t, t.ctx.registry.get(decision.flow)!);
      return HANDLED;
    case 'answer':
      return answerFreeText(t, input);
    case undefined:
      return notRecognized(t, input);
  }
}

function confirm(t: TurnBuilder, pending: Pending, answer: 'yes' | 'no' | 'restart'): RouteResult {
  if (pending.kind === 'confirm-delete') {
    if (answer === 'yes') {
      t.emit({ type: 'user_deleted' });
      t.sayCatalog('deleteDone');
      return { deleteUser: true };
    }
    t.sayCatalog('deleteCancelled');
    reofferCurrentChoices(t);
    return HANDLED;
  }
  const flow = t.ctx.registry.get(pending.flow);
  if (!flow || answer === 'no') openMenu(t);
  else if (answer === 'restart') startFlow(t, flow);
  else resumeFlow(t, flow);
  return HANDLED;
}

function runIntent(t: TurnBuilder, intent: IntentId, input: FrontDoorInput): RouteResult {
  const fd = t.ctx.catalog.frontDoor;
  switch (intent) {
    case 'alerts-on':
    case 'alerts-off': {
      const flow = t.ctx.registry.get(ALERT_FLOWS[intent]);
      if (flow) runAside(t, flow);
      else reofferCurrentChoices(t);
      return HANDLED;
    }
    case 'person':
      t.say(fd.person);
      t.offer([volunteerButton(t), t.menuButton()]);
      if (hasStepToContinue(t)) t.offerFirst(continueButton(t));
      return HANDLED;
    case 'volunteer':
      return askQa(t, input.u.raw);
    case 'thanks':
      t.say(fd.thanks);
      if (hasStepToContinue(t)) t.offer([continueButton(t), t.menuButton()]);
      return HANDLED;
    case 'greeting':
      if (isNewUser(t.state)) {
        openMenu(t);
        return HANDLED;
      }
      t.say(fd.greeting);
      if (activeFrame(t.state)) reofferCurrentChoices(t);
      else openMenu(t);
      return HANDLED;
    default:
      runCommand(t, intent);
      return HANDLED;
  }
}

/** A service answers; what the engine adds after its reply comes in `after`. */
function handOff(t: TurnBuilder, name: ServiceRequest['name'], text: string, buttons: Button[], closing?: string | string[]): RouteResult {
  const before = t.outbox.length;
  if (hasStepToContinue(t)) {
    t.offerSeparately([continueButton(t), ...buttons]);
  } else if (offerConsentOnce(t)) {
    t.offer([...buttons, startButton(t)]);
  } else if (buttons.length > 0) {
    t.say(closing);
    t.offer([...buttons, t.menuButton()]);
  }
  return { deleteUser: false, service: { name, text, after: t.outbox.splice(before) } };
}

function askQa(t: TurnBuilder, text: string): RouteResult {
  t.emit({ type: 'fallback' });
  return handOff(t, 'qa', text, []);
}

/** A resident who has not answered the consent question is offered onboarding once. */
function offerConsentOnce(t: TurnBuilder): boolean {
  if (!isNewUser(t.state) || t.state.consentOffered) return false;
  t.state.consentOffered = true;
  t.sayCatalog('offerOnboarding');
  return true;
}

function answerFreeText(t: TurnBuilder, input: FrontDoorInput): RouteResult {
  const frame = activeFrame(t.state)!;
  const node = input.node;
  if (node?.type !== 'ask') return notRecognized(t, input);
  const text = input.u.raw;
  if (!isValidFreeText(node, text)) {
    t.say(node.invalid ?? t.ctx.catalog.invalidChoice);
    return countRetry(t);
  }
  const before = t.outbox.length;
  applyAnswer(t, frame, node, { index: -1, text });
  if (!node.handoff) return HANDLED;
  return { deleteUser: false, service: { name: node.handoff, text, after: t.outbox.splice(before) } };
}

function notRecognized(t: TurnBuilder, input: FrontDoorInput): RouteResult {
  if (input.frame && input.node) {
    t.sayCatalog('invalidChoice');
    return countRetry(t);
  }
  if (isNewUser(t.state)) {
    openMenu(t);
    return HANDLED;
  }
  return askQa(t, input.u.raw);
}

/** Asks again, until the node's retry limit; then moves on without an answer. */
export function countRetry(t: TurnBuilder): RouteResult {
  const frame = activeFrame(t.state)!;
  const node = t.ctx.registry.node(frame.flow, frame.node)!;
  frame.retries += 1;
  if (node.type === 'ask' && frame.retries > node.maxRetries) {
    runFrom(t, node.onMaxRetries ?? node.next);
    return HANDLED;
  }
  presentWaitingNode(t, frame, node);
  return HANDLED;
}

function checkAnotherButton(t: TurnBuilder): Button {
  return { label: t.ctx.catalog.frontDoor.labels.checkAnother, payload: payloadFor.flow('scam-check') };
}

function volunteerButton(t: TurnBuilder): Button {
  const label = t.ctx.catalog.frontDoor.labels.volunteer;
  return { label, payload: payloadFor.say(label) };
}

function startButton(t: TurnBuilder): Button {
  return { label: t.ctx.catalog.labels.start, payload: payloadFor.flow('onboarding') };
}

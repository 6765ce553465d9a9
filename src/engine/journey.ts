// The learner's journey around each turn: an invitation code a new resident
// brings, quiz answers moving missed questions between review boxes, a reply
// to a reminder, and what is offered when a lesson ends (review reminders,
// inviting someone, a survey). Called by the router; pure.
import type { LoadedFlow } from './flow-registry.js';
import { acceptInvite, inviteCodeFromParam, inviteCodeFromText } from './invites.js';
import type { Button, InboundMessage } from './messages.js';
import { noteResidentWrote } from './nudges.js';
import { continueButton, hasStepToContinue } from './open-flow.js';
import { payloadFor } from './payloads.js';
import { applyQuizEvents } from './review.js';
import { activeFrame, hasConsent } from './state.js';
import { fillTemplate } from './template.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * Before the turn is routed: a code in the /start or web parameter, or typed
 * ("MOI K7Q2XPA"), attributes a new resident to whoever invited them. A typed
 * code alone then reads as a greeting, so onboarding starts.
 */
export function beforeRoute(t: TurnBuilder, inbound: InboundMessage, wasNew: boolean): InboundMessage {
  const fromParam = inviteCodeFromParam(inbound.startParam);
  const typed = fromParam || inbound.payload !== undefined ? undefined : inviteCodeFromText(inbound.text, t.ctx.catalog.journey.words.inviteCode);
  const onlyCode = acceptInvite(t, fromParam ?? typed, wasNew);
  if (typed && onlyCode) return { ...inbound, text: t.ctx.catalog.commandWords.menu[0] };
  return inbound;
}

/** After the turn is routed: review boxes, a reminder answered, surveys answered, offers at a lesson's end. */
export function afterTurn(t: TurnBuilder): void {
  noteResidentWrote(t);
  applyQuizEvents(t.state, t.events, t.ctx.now);
  for (const event of t.events) if (event.type === 'survey_answered') ((t.state.journey ??= {}).surveys ??= {})[event.survey] = t.ctx.now;
  offerAfterLesson(t);
}

function offerAfterLesson(t: TurnBuilder): void {
  if (activeFrame(t.state)) return;
  const finished = t.events
    .flatMap((event) => (event.type === 'flow_completed' ? [t.ctx.registry.get(event.flow)] : []))
    .filter((flow): flow is LoadedFlow => flow?.kind === 'lesson' || flow?.kind === 'guide');
  if (finished.length === 0) return;
  const texts = t.ctx.catalog.journey;
  const extra: Button[] = [];
  const survey = surveyOfferedAfter(t, finished);
  if (survey) extra.push({ label: fillTemplate(texts.labels.survey, t.state, { title: survey.title }), payload: payloadFor.flow(survey.id) });
  const lesson = finished.some((flow) => flow.kind === 'lesson');
  if (lesson) extra.push({ label: texts.labels.invite, payload: payloadFor.command('invite') });
  const askReminders = lesson && hasConsent(t.state) && t.state.profile.reminders === undefined;
  if (extra.length === 0 && !askReminders) return;
  const shown = t.state.choices;
  if (askReminders) {
    // The question gets the buttons: the ones under the lesson's last bubble move down to it.
    for (const message of t.outbox) if (message.buttons === shown) delete message.buttons;
    t.say(texts.offerReminders);
    extra.unshift({ label: texts.labels.remindersOn, payload: payloadFor.command('reminders-on') }, { label: texts.labels.noThanks, payload: payloadFor.command('reminders-off') });
    t.offer([...extra, ...shown]);
    return;
  }
  const last = [...t.outbox].reverse().find((message) => message.buttons === shown);
  const buttons = [...shown.filter((button) => button.payload !== payloadFor.command('menu')), ...extra, ...shown.filter((button) => button.payload === payloadFor.command('menu'))];
  if (last) last.buttons = buttons;
  t.state.choices = buttons;
}

/** A survey whose flow names one of these lessons or guides in meta.offerAfter, not yet answered. */
function surveyOfferedAfter(t: TurnBuilder, finished: LoadedFlow[]): LoadedFlow | undefined {
  const ids = new Set(finished.map((flow) => flow.id));
  const answered = t.state.journey?.surveys ?? {};
  return t.ctx.registry.all().find((flow) => flow.meta?.offerAfter?.some((id) => ids.has(id)) && answered[flow.id] === undefined);
}

/** "bật nhắc" / "tắt nhắc" (and the buttons under the question after a lesson). */
export function setReminders(t: TurnBuilder, on: boolean): void {
  t.state.profile.reminders = on;
  if (!on && t.state.journey?.nudges) t.state.journey.nudges.unanswered = 0;
  t.emit({ type: 'profile_changed', field: 'reminders', value: on });
  t.say(on ? t.ctx.catalog.journey.remindersOnDone : t.ctx.catalog.journey.remindersOffDone);
  t.offer(hasStepToContinue(t) ? [continueButton(t), t.menuButton()] : [t.menuButton()]);
}

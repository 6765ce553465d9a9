// Global commands ("menu", "giúp", "quay lại", "dừng", "tiến độ", "xóa dữ liệu")
// work at every step, whatever flow the resident is in. Which words mean which
// command is the front door's job (front-door/recognizers/everyday-intents.ts).
import type { Command } from './flow-schema.js';
import { presentActiveStep, presentWaitingNode, startFlow } from './interpreter.js';
import { showInvite } from './invites.js';
import { setReminders } from './journey.js';
import { startReview } from './review.js';
import { payloadFor } from './payloads.js';
import { activeFrame, hasConsent, isNewUser } from './state.js';
import { fillTemplate } from './template.js';
import { describeSkillsPath } from './skills-progress.js';
import type { Button } from './messages.js';
import type { TurnBuilder } from './turn-builder.js';

export function runCommand(t: TurnBuilder, command: Command): void {
  t.state.pending = undefined;
  switch (command) {
    case 'menu':
      return openMenu(t);
    case 'help':
      t.sayCatalog('help');
      return reofferCurrentChoices(t);
    case 'back':
      return goBack(t);
    case 'stop':
      return stopLesson(t);
    case 'progress':
      return showProgress(t);
    case 'delete':
      t.state.pending = { kind: 'confirm-delete' };
      t.sayCatalog('deleteConfirm');
      return t.offer([
        { label: t.ctx.catalog.labels.deleteYes, payload: payloadFor.command('delete-yes') },
        { label: t.ctx.catalog.labels.deleteNo, payload: payloadFor.command('delete-no') },
      ]);
    case 'review':
      return startReview(t, presentActiveStep);
    case 'reminders-on':
    case 'reminders-off':
      return setReminders(t, command === 'reminders-on');
    case 'invite':
      return showInvite(t, t.ctx.links);
    case 'resume':
    case 'restart':
      // Only meaningful as an answer to the resume prompt, handled by the router.
      return openMenu(t);
  }
}

export function openMenu(t: TurnBuilder): void {
  const target = isNewUser(t.state) ? 'onboarding' : 'menu';
  startFlow(t, t.ctx.registry.get(target)!);
}

/** Repeats the choices on screen, so a turn never ends without a next action. */
export function reofferCurrentChoices(t: TurnBuilder): void {
  const frame = activeFrame(t.state);
  const node = frame && t.ctx.registry.node(frame.flow, frame.node);
  if (frame && node) return presentWaitingNode(t, frame, node);
  t.offer(t.state.choices.length > 0 ? t.state.choices : [t.menuButton()]);
}

function goBack(t: TurnBuilder): void {
  const frame = activeFrame(t.state);
  const previous = frame?.history[frame.history.length - 1];
  const node = frame && previous ? t.ctx.registry.node(frame.flow, previous) : undefined;
  if (!frame || !previous || !node) {
    t.sayCatalog('backUnavailable');
    return reofferCurrentChoices(t);
  }
  frame.history = frame.history.slice(0, -1);
  frame.node = previous;
  frame.retries = 0;
  presentWaitingNode(t, frame, node);
}

function stopLesson(t: TurnBuilder): void {
  const learning = t.state.stack.some((frame) => t.ctx.registry.get(frame.flow)?.kind !== 'system');
  t.state.stack = [];
  t.sayCatalog(learning ? 'stopped' : 'nothingToStop');
  t.offer([t.menuButton()]);
}

function showProgress(t: TurnBuilder): void {
  const { catalog, registry } = t.ctx;
  if (!hasConsent(t.state)) {
    t.sayCatalog('progressNoConsent');
    return reofferCurrentChoices(t);
  }
  const lessons = registry.all().filter((flow) => flow.kind === 'lesson');
  // Area tests are shown by area (skills-progress.ts), not as lines of their own.
  const tracked = registry.all().filter((flow) => (flow.kind === 'lesson' || flow.kind === 'guide') && t.state.progress[flow.id]);
  if (tracked.length === 0) {
    t.sayCatalog('progressNone');
    return offerNextStep(t, describeSkillsPath(t));
  }
  const done = lessons.filter((flow) => t.state.progress[flow.id]?.status === 'completed').length;
  t.sayCatalog('progressSummary', { done, total: lessons.length });
  const lines = tracked.map((flow) => {
    const progress = t.state.progress[flow.id]!;
    const status = progress.status === 'completed' ? catalog.statusCompleted : catalog.statusStarted;
    const score = progress.quizTotal ? ` (${progress.bestScore ?? 0}/${progress.quizTotal})` : '';
    return fillTemplate(catalog.progressLine, t.state, { status, title: flow.title, score });
  });
  t.say(lines.join('\n'));
  offerNextStep(t, describeSkillsPath(t));
}

/** The choices on screen again, with the one next step first. */
function offerNextStep(t: TurnBuilder, next: Button | undefined): void {
  reofferCurrentChoices(t);
  if (next) t.offerFirst(next);
}

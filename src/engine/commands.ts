// Global commands ("menu", "giúp", "quay lại", "dừng", "tiến độ", "xóa dữ liệu")
// work at every step, whatever flow the resident is in.
import type { Catalog } from './catalog.js';
import type { Command } from './flow-schema.js';
import { presentWaitingNode, startFlow } from './interpreter.js';
import { payloadFor } from './payloads.js';
import { activeFrame, hasConsent, isNewUser } from './state.js';
import { foldText } from './text.js';
import { fillTemplate } from './template.js';
import type { TurnBuilder } from './turn-builder.js';

type TypedCommand = keyof Catalog['commandWords'];

interface FoldedCommandWords {
  commands: [TypedCommand, Set<string>][];
  fillers: string[];
}

// Folding the catalog's words on every turn was the engine's hottest path: fold once per catalog.
const foldedWordsCache = new WeakMap<Catalog, FoldedCommandWords>();

function foldedWords(catalog: Catalog): FoldedCommandWords {
  let folded = foldedWordsCache.get(catalog);
  if (!folded) {
    folded = {
      commands: (Object.entries(catalog.commandWords) as [TypedCommand, string[]][]).map(([command, words]) => [command, new Set(words.map(foldText))]),
      fillers: catalog.fillerWords.map(foldText),
    };
    foldedWordsCache.set(catalog, folded);
  }
  return folded;
}

/** The command a whole message asks for, ignoring polite filler words. */
export function detectCommand(text: string, catalog: Catalog): TypedCommand | undefined {
  const { commands, fillers } = foldedWords(catalog);
  const folded = stripFillers(foldText(text), fillers);
  return commands.find(([, words]) => words.has(folded))?.[0];
}

function stripFillers(text: string, fillers: string[]): string {
  let words = text.split(' ');
  let changed = true;
  while (changed && words.length > 1) {
    changed = false;
    for (const filler of fillers) {
      const parts = filler.split(' ');
      if (words.slice(0, parts.length).join(' ') === filler && words.length > parts.length) {
        words = words.slice(parts.length);
        changed = true;
      } else if (words.slice(-parts.length).join(' ') === filler && words.length > parts.length) {
        words = words.slice(0, -parts.length);
        changed = true;
      }
    }
  }
  return words.join(' ');
}

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
  const tracked = registry.all().filter((flow) => flow.kind !== 'system' && t.state.progress[flow.id]);
  if (tracked.length === 0) {
    t.sayCatalog('progressNone');
    return reofferCurrentChoices(t);
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
  reofferCurrentChoices(t);
}

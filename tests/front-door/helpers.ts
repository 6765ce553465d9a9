// Fixtures for the front-door recognizers: the real flows and texts (with the
// playbooks and the course), and a resident placed at any step.
import { defaultContentPaths, loadContent } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import type { Catalog } from '../../src/engine/catalog.js';
import type { FlowRegistry } from '../../src/engine/flow-registry.js';
import { lexiconOf } from '../../src/engine/front-door/lexicon.js';
import type { FrontDoorInput } from '../../src/engine/front-door/types.js';
import { understand } from '../../src/engine/front-door/understand.js';
import { choicesAt } from '../../src/engine/interpreter.js';
import { newUserState, type Pending, type UserState } from '../../src/engine/state.js';
import { ROOT } from '../helpers/engine.js';

export interface RealContent {
  registry: FlowRegistry;
  catalog: Catalog;
}

let loading: Promise<RealContent> | undefined;

/** The tutor's own content, loaded once per test file. */
export function realContent(): Promise<RealContent> {
  loading ??= loadContent(defaultContentPaths(ROOT), flowSources).then((content) => {
    if (content.problems.length > 0) throw new Error(content.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
    return content;
  });
  return loading;
}

export interface Situation {
  /** new: before onboarding; onboarded (default): consent given, at no step. */
  who?: 'new' | 'onboarded';
  /** A waiting step, "flow/node". */
  at?: string;
  pending?: Pending;
  choices?: { label: string; payload: string }[];
}

export function stateFor(content: RealContent, situation: Situation = {}): UserState {
  const state = newUserState(0);
  if (situation.who !== 'new') Object.assign(state.profile, { consent: true, onboarded: true, group: 'elderly' });
  if (situation.at) {
    const [flow, node] = situation.at.split('/') as [string, string];
    const loaded = content.registry.get(flow);
    if (!loaded?.nodes[node]) throw new Error(`no step ${situation.at}`);
    state.stack = [{ flow, node, revision: loaded.revision, history: [], retries: 0, vars: {}, quiz: {} }];
    state.choices = choicesAt(state.stack[0]!, loaded.nodes[node]!);
  }
  if (situation.choices) state.choices = situation.choices;
  return state;
}

export function inputFor(content: RealContent, text: string, situation: Situation = {}): FrontDoorInput {
  const state = stateFor(content, situation);
  const frame = state.stack[state.stack.length - 1];
  const node = frame && content.registry.node(frame.flow, frame.node);
  return {
    u: understand(text),
    state,
    pending: situation.pending,
    frame,
    node,
    choices: frame && node ? choicesAt(frame, node) : state.choices,
    registry: content.registry,
    catalog: content.catalog,
    lexicon: lexiconOf(content.catalog),
  };
}

// Explores every path of one flow with the pure turn(): presses every button,
// gives free-text answers (valid and not), and records which nodes ran. A
// state is "exited" when the flow is no longer on the stack (it ended, or the
// resident went on to another flow or the menu).
import type { FlowRegistry } from '../../src/engine/flow-registry.js';
import { activeFrame, type UserState } from '../../src/engine/state.js';
import type { EngineContext } from '../../src/engine/turn-builder.js';
import { send } from './helpers.js';

export interface WalkReport {
  states: number;
  /** Distinct states in which the flow was left (ended, or another flow or the menu opened). */
  exits: number;
  visitedNodes: Set<string>;
  /** Turns that said nothing and handed nothing to a service. */
  silentTurns: string[];
  /** States after which the resident had no choice and no flow waiting for text. */
  deadEnds: string[];
  /** States from which no sequence of inputs leaves the flow. */
  stuck: string[];
}

const FREE_TEXT_SAMPLES = ['Phường Hòa Bình', 'x'];
const MAX_STATES = 50_000;

/** A registry that remembers every node the interpreter looked up. */
function recordingRegistry(registry: FlowRegistry, visited: Set<string>): FlowRegistry {
  const recorder = Object.create(registry) as FlowRegistry;
  recorder.node = (flowId: string, nodeId: string) => {
    visited.add(`${flowId}:${nodeId}`);
    return registry.node(flowId, nodeId);
  };
  return recorder;
}

function keyOf(state: UserState): string {
  const stack = state.stack.map((f) => {
    const score = Object.values(f.quiz).filter((v) => v === 1).length;
    return [f.flow, f.node, f.retries, f.vars, score, Object.keys(f.quiz).length, f.history.at(-1)];
  });
  const progress = Object.entries(state.progress).map(([id, p]) => [id, p.status]);
  return JSON.stringify([stack, state.pending, state.profile, progress, state.choices.map((c) => c.payload)]);
}

function inputsAt(state: UserState, registry: FlowRegistry): { text?: string; payload?: string }[] {
  const inputs: { text?: string; payload?: string }[] = state.choices.map((choice) => ({ payload: choice.payload }));
  const frame = activeFrame(state);
  const node = frame && registry.node(frame.flow, frame.node);
  if (node?.type === 'ask' && (!node.choices?.length || node.input)) inputs.push(...FREE_TEXT_SAMPLES.map((text) => ({ text })));
  return inputs;
}

export function walkFlow(flowId: string, seeds: UserState[], ctx: EngineContext): WalkReport {
  const visitedNodes = new Set<string>();
  const walkCtx = { ...ctx, registry: recordingRegistry(ctx.registry, visitedNodes) };
  const report: WalkReport = { states: 0, exits: 0, visitedNodes, silentTurns: [], deadEnds: [], stuck: [] };
  const edges = new Map<string, Set<string>>();
  const exits = new Set<string>();
  const states = new Map<string, UserState>();
  const queue: UserState[] = [];
  const inFlow = (state: UserState) => state.stack.some((frame) => frame.flow === flowId);
  const step = (from: string | undefined, state: UserState | null, input: { text?: string; payload?: string }) => {
    const result = send(state, input, walkCtx);
    const key = keyOf(result.state);
    if (from) edges.get(from)!.add(key);
    if (result.outbox.length === 0 && !result.service) report.silentTurns.push(`${from} + ${JSON.stringify(input)}`);
    if (!inFlow(result.state)) return exits.add(key);
    if (result.state.choices.length === 0 && inputsAt(result.state, ctx.registry).length === 0) report.deadEnds.push(key);
    if (!states.has(key)) {
      states.set(key, result.state);
      edges.set(key, new Set());
      queue.push(result.state);
    }
  };
  for (const seed of seeds) step(undefined, seed, { payload: `f:${flowId}` });
  while (queue.length > 0 && states.size < MAX_STATES) {
    const state = queue.shift()!;
    const from = keyOf(state);
    for (const input of inputsAt(state, ctx.registry)) step(from, state, input);
  }
  report.states = states.size;
  report.exits = exits.size;
  report.stuck = findStuck(states, edges, exits);
  return report;
}

/** States that cannot reach an exit, found by walking the edges backwards from the exits. */
function findStuck(states: Map<string, UserState>, edges: Map<string, Set<string>>, exits: Set<string>): string[] {
  const reverse = new Map<string, string[]>();
  for (const [from, targets] of edges) for (const to of targets) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const canExit = new Set<string>();
  const queue = [...exits];
  while (queue.length > 0) {
    const key = queue.shift()!;
    for (const from of reverse.get(key) ?? []) {
      if (!canExit.has(from)) {
        canExit.add(from);
        queue.push(from);
      }
    }
  }
  return [...states.keys()].filter((key) => !canExit.has(key));
}

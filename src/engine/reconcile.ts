// Flows change while residents are in the middle of them. Before each turn the
// saved position is checked against the flows loaded now: the same node if it
// still exists, otherwise the flow's start with a short notice. Never a crash.
import type { FlowNode } from './flow-schema.js';
import { choicesAt, startFlow } from './interpreter.js';
import { activeFrame } from './state.js';
import type { TurnBuilder } from './turn-builder.js';

/** Returns true when the resident's flow had to be restarted (their input was meant for a step that is gone). */
export function reconcileWithRegistry(t: TurnBuilder): boolean {
  const { registry } = t.ctx;
  const stack = t.state.stack;
  const brokenAt = stack.findIndex((frame, index) => {
    const flow = registry.get(frame.flow);
    if (!flow) return true;
    if (flow.revision === frame.revision) return false;
    const node = flow.nodes[frame.node];
    const isTop = index === stack.length - 1;
    return !node || !(isTop ? canWaitAt(node) : node.type === 'call');
  });
  if (brokenAt < 0) {
    refreshRevisions(t);
    return false;
  }
  const broken = stack[brokenAt]!;
  const flow = registry.get(broken.flow);
  t.state.stack = stack.slice(0, brokenAt);
  t.state.pending = undefined;
  if (!flow) {
    t.emit({ type: 'flow_reset', flow: broken.flow, reason: 'removed' });
    t.sayCatalog('flowRemoved');
    t.state.stack = [];
    t.offer([t.menuButton()]);
    return true;
  }
  t.emit({ type: 'flow_reset', flow: broken.flow, reason: 'changed' });
  t.sayCatalog('flowChanged');
  startFlow(t, flow, brokenAt === 0 ? 'replace' : 'call');
  return true;
}

function canWaitAt(node: FlowNode): boolean {
  return node.type === 'ask' || node.type === 'quiz' || (node.type === 'send' && (node.buttons?.length ?? 0) > 0);
}

/** Same node still there: keep the position, and show the choices as the flow has them now. */
function refreshRevisions(t: TurnBuilder): void {
  for (const frame of t.state.stack) {
    const flow = t.ctx.registry.get(frame.flow)!;
    if (flow.revision === frame.revision) continue;
    frame.revision = flow.revision;
    if (frame === activeFrame(t.state)) t.state.choices = choicesAt(frame, t.ctx.registry.node(frame.flow, frame.node)!);
  }
}

// Reachability: every flow can be reached from the menu (or onboarding, where
// new residents start), and every node of a flow can be reached from its start.
import { nodeTargets, type ContentProblem, type LoadedFlow } from '../../engine/flow-registry.js';

export const ENTRY_FLOWS = ['menu', 'onboarding'];

/** Flows a flow can open: its flow buttons and call nodes. */
export function flowsOpenedBy(flow: LoadedFlow): string[] {
  const opened: string[] = [];
  for (const node of Object.values(flow.nodes)) {
    if (node.type === 'call') opened.push(node.flow);
    if (node.type === 'send' || node.type === 'end') node.buttons?.forEach((button) => button.flow && opened.push(button.flow));
  }
  return opened;
}

export function checkFlowsReachable(flows: LoadedFlow[]): ContentProblem[] {
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  const reached = new Set<string>();
  const queue = ENTRY_FLOWS.filter((id) => byId.has(id));
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...flowsOpenedBy(byId.get(id)!).filter((next) => byId.has(next)));
    // A survey is offered as a button when one of its meta.offerAfter flows ends (src/engine/journey.ts).
    queue.push(...flows.filter((survey) => survey.meta?.offerAfter?.includes(id)).map((survey) => survey.id));
  }
  return flows
    .filter((flow) => !reached.has(flow.id))
    .map((flow) => ({ file: flow.file, path: 'id', message: `flow "${flow.id}" cannot be reached from the menu; list it in a menu (content/curriculum.yaml) or link it from a reachable flow` }));
}

export function checkNodesReachable(flow: LoadedFlow): ContentProblem[] {
  const reached = new Set<string>();
  const queue = [flow.start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = flow.nodes[id];
    if (reached.has(id) || !node) continue;
    reached.add(id);
    queue.push(...nodeTargets(node).map((target) => target.target));
  }
  return Object.keys(flow.nodes)
    .filter((id) => !reached.has(id))
    .map((id) => ({ file: flow.file, path: `nodes.${id}`, message: `node "${id}" cannot be reached from the start of the flow` }));
}

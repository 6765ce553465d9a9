// Validated, cross-checked flows ready for the interpreter. Loading never throws
// on bad content: it returns every problem with its file and path.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FlowSchema, type Flow, type FlowNode, type ButtonSpec } from './flow-schema.js';
import { normalizeForMatching } from './text.js';
import { EMPTY_DIRECTORY, type WardDirectory } from './wards/directory.js';

export interface LoadedFlow extends Flow {
  file: string;
  /** Authored version plus a content hash, so an edit without a version bump is still noticed. */
  revision: string;
}

export interface ContentProblem {
  file: string;
  path: string;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  return problem.path ? `${problem.file}: ${problem.path}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

export interface FlowCandidate {
  file: string;
  data: unknown;
}

export const REQUIRED_FLOWS = ['menu', 'onboarding'] as const;

/** The phrases that start an urgent playbook (flow meta `urgent`), folded; lower priority is tried first. */
export interface UrgentMatcher {
  flowId: string;
  priority: number;
  any: string[];
  all: string[][];
  unless: string[];
}

const UrgentMetaSchema = z.object({
  priority: z.number().default(100),
  any: z.array(z.string()).default([]),
  all: z.array(z.array(z.string())).default([]),
  unless: z.array(z.string()).default([]),
});

export class FlowRegistry {
  private readonly byId = new Map<string, LoadedFlow>();
  /** Trigger phrase (normalized) → flow id; the first flow to claim a phrase keeps it. */
  private readonly triggers = new Map<string, string>();
  private readonly urgent: UrgentMatcher[] = [];

  /**
   * @param wards The ward directory the flows' `input: ward` questions choose
   *   from; loaded and swapped with the flows, so a reload changes both at once.
   */
  constructor(
    flows: LoadedFlow[],
    readonly wards: WardDirectory = EMPTY_DIRECTORY,
  ) {
    for (const flow of flows) this.byId.set(flow.id, flow);
    for (const flow of flows) {
      for (const trigger of flow.triggers ?? []) {
        const phrase = normalizeForMatching(trigger);
        if (!this.triggers.has(phrase)) this.triggers.set(phrase, flow.id);
      }
      const urgent = UrgentMetaSchema.safeParse(flow.meta?.urgent);
      if (flow.meta?.urgent !== undefined && urgent.success) {
        const fold = (phrases: string[]) => phrases.map(normalizeForMatching).filter(Boolean);
        this.urgent.push({ flowId: flow.id, priority: urgent.data.priority, any: fold(urgent.data.any), all: urgent.data.all.map(fold), unless: fold(urgent.data.unless) });
      }
    }
    this.urgent.sort((a, b) => a.priority - b.priority);
  }

  get(id: string): LoadedFlow | undefined {
    return this.byId.get(id);
  }

  all(): LoadedFlow[] {
    return [...this.byId.values()];
  }

  node(flowId: string, nodeId: string): FlowNode | undefined {
    return this.byId.get(flowId)?.nodes[nodeId];
  }

  /** Urgent playbooks' phrases, most specific first. */
  urgentMatchers(): readonly UrgentMatcher[] {
    return this.urgent;
  }

  /** The flow whose trigger phrase is the whole (normalized) message, if any. */
  exactTrigger(normalizedText: string): LoadedFlow | undefined {
    const flowId = this.triggers.get(normalizedText);
    return flowId ? this.byId.get(flowId) : undefined;
  }
}

export function buildRegistry(candidates: FlowCandidate[], wards: WardDirectory = EMPTY_DIRECTORY): { registry: FlowRegistry; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const flows: LoadedFlow[] = [];
  const seenIds = new Map<string, string>();
  for (const candidate of candidates) {
    const parsed = FlowSchema.safeParse(candidate.data);
    if (!parsed.success) {
      problems.push(...zodProblems(candidate.file, parsed.error));
      continue;
    }
    const flow = parsed.data;
    const earlier = seenIds.get(flow.id);
    if (earlier) {
      problems.push({ file: candidate.file, path: 'id', message: `flow id "${flow.id}" is already used by ${earlier}` });
      continue;
    }
    seenIds.set(flow.id, candidate.file);
    problems.push(...checkFlowInternals(candidate.file, flow));
    flows.push({ ...flow, file: candidate.file, revision: revisionOf(flow) });
  }
  problems.push(...checkCrossFlowReferences(flows, seenIds));
  for (const required of REQUIRED_FLOWS) {
    if (!seenIds.has(required)) problems.push({ file: 'flows/', path: '', message: `the required flow "${required}" is missing` });
  }
  return { registry: new FlowRegistry(flows, wards), problems };
}

export function zodProblems(file: string, error: z.ZodError): ContentProblem[] {
  return error.issues.map((issue) => ({ file, path: issue.path.map(String).join('.'), message: issue.message }));
}

function revisionOf(flow: Flow): string {
  const hash = createHash('sha1').update(JSON.stringify(flow)).digest('base64url').slice(0, 6);
  return `${flow.version}-${hash}`;
}

/** Every (path, node id) pair a node points to inside its own flow. */
export function nodeTargets(node: FlowNode): { path: string; target: string }[] {
  const targets: { path: string; target: string }[] = [];
  const add = (path: string, target: string | undefined) => target && targets.push({ path, target });
  switch (node.type) {
    case 'send':
      add('next', node.next);
      node.buttons?.forEach((button, i) => add(`buttons.${i}.next`, button.next));
      break;
    case 'ask':
      add('next', node.next);
      add('onMaxRetries', node.onMaxRetries);
      node.choices?.forEach((choice, i) => add(`choices.${i}.next`, choice.next));
      break;
    case 'quiz':
    case 'set':
    case 'call':
      add('next', node.next);
      break;
    case 'branch':
      node.cases.forEach((entry, i) => add(`cases.${i}.next`, entry.next));
      add('default', node.default);
      break;
    case 'assess':
      add('passed', node.passed);
      add('failed', node.failed);
      break;
    case 'service':
      add('next', node.next);
      break;
    case 'end':
      break;
  }
  return targets;
}

function checkFlowInternals(file: string, flow: Flow): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (!flow.nodes[flow.start]) problems.push({ file, path: 'start', message: `unknown node "${flow.start}"` });
  for (const [nodeId, node] of Object.entries(flow.nodes)) {
    for (const { path, target } of nodeTargets(node)) {
      if (!flow.nodes[target]) problems.push({ file, path: `nodes.${nodeId}.${path}`, message: `unknown node "${target}"` });
    }
    if (node.type === 'quiz') {
      const correct = node.options.filter((option) => option.correct).length;
      if (correct !== 1) problems.push({ file, path: `nodes.${nodeId}.options`, message: `exactly one option must be correct (found ${correct})` });
    }
    if (node.type === 'ask' && node.unclear && node.input !== 'ward') problems.push({ file, path: `nodes.${nodeId}.unclear`, message: 'only a question with input: ward says "unclear"' });
    if (node.type === 'end') {
      node.buttons?.forEach((button, i) => {
        if (button.next) problems.push({ file, path: `nodes.${nodeId}.buttons.${i}.next`, message: 'a button after the end must go to a flow or a command' });
      });
    }
    const buttons = node.type === 'send' || node.type === 'end' ? (node.buttons ?? []) : [];
    buttons.forEach((button, i) => problems.push(...checkButtonHasOneTarget(file, `nodes.${nodeId}.buttons.${i}`, button)));
  }
  return problems;
}

function checkButtonHasOneTarget(file: string, path: string, button: ButtonSpec): ContentProblem[] {
  const targets = [button.next, button.flow, button.command].filter(Boolean).length;
  return targets === 1 ? [] : [{ file, path, message: 'a button needs exactly one of next, flow or command' }];
}

function checkCrossFlowReferences(flows: LoadedFlow[], known: Map<string, string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const flow of flows) {
    for (const [nodeId, node] of Object.entries(flow.nodes)) {
      const refs: { path: string; flowId: string }[] = [];
      if (node.type === 'call') refs.push({ path: 'flow', flowId: node.flow });
      if (node.type === 'send' || node.type === 'end') {
        node.buttons?.forEach((button, i) => button.flow && refs.push({ path: `buttons.${i}.flow`, flowId: button.flow }));
      }
      for (const ref of refs) {
        if (!known.has(ref.flowId)) problems.push({ file: flow.file, path: `nodes.${nodeId}.${ref.path}`, message: `unknown flow "${ref.flowId}"` });
      }
    }
  }
  return problems;
}

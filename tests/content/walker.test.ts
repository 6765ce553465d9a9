// Every flow, through every branch, to an end: no dead ends, no silent turns,
// no state the resident cannot leave, and no node that never runs.
import { describe, expect, it } from 'vitest';
import type { LoadedFlow } from '../../src/engine/flow-registry.js';
import type { ConditionShape } from '../../src/engine/flow-schema.js';
import { newUserState, type Scalar, type UserState } from '../../src/engine/state.js';
import { GROUPS } from '../../src/content/course-schema.js';
import { consentingUser, contextOf, realContent } from './helpers.js';
import { walkFlow } from './walker.js';

const content = await realContent();
const ctx = contextOf(content);

type Leaf = Extract<ConditionShape, { field: string }>;

function leavesOf(condition: ConditionShape): Leaf[] {
  if ('all' in condition) return condition.all.flatMap(leavesOf);
  if ('any' in condition) return condition.any.flatMap(leavesOf);
  return [condition];
}

function branchLeaves(flow: LoadedFlow): Leaf[] {
  return Object.values(flow.nodes).flatMap((node) => (node.type === 'branch' ? node.cases.flatMap((c) => leavesOf(c.when)) : []));
}

/** Profiles that make each profile condition of the flow true ("profile.subscribed equals true"). */
function profilesMatching(leaves: Leaf[]): Record<string, Scalar>[] {
  return leaves
    .filter((leaf) => leaf.field.startsWith('profile.'))
    .flatMap((leaf) => {
      const name = leaf.field.slice('profile.'.length);
      const values: Scalar[] = [...(leaf.equals !== undefined ? [leaf.equals] : []), ...(leaf.in ?? []), ...(leaf.atLeast !== undefined ? [leaf.atLeast] : []), ...(leaf.exists ? ['x'] : [])];
      return values.map((value) => ({ [name]: value }));
    });
}

/** Residents to start from: new, declined, and consenting in every group; plus progress mixes when the flow branches on progress. */
function seedsFor(flow: LoadedFlow): UserState[] {
  const groups = [...GROUPS, undefined];
  const profiles = groups.map((group): Record<string, Scalar> => (group ? { group } : {}));
  const leaves = branchLeaves(flow);
  const seeds = [newUserState(0), consentingUser({ consent: false }), ...[...profiles, ...profilesMatching(leaves)].map((p) => consentingUser(p))];
  const ids = [...new Set(leaves.filter((leaf) => leaf.field.startsWith('progress.')).map((leaf) => leaf.field.slice('progress.'.length)))];
  for (const profile of profiles) {
    for (const missing of [...ids, undefined]) {
      const state = consentingUser(profile);
      for (const id of ids.filter((other) => other !== missing)) state.progress[id] = { status: 'completed', attempts: 1, answers: {}, updatedAt: 0 };
      seeds.push(state);
    }
  }
  return seeds;
}

describe('every flow can be walked to an end', () => {
  const flows = content.registry.all();

  it('has the flows the curriculum promises', () => {
    expect(flows.filter((f) => f.kind === 'lesson').length).toBeGreaterThanOrEqual(14);
    expect(flows.filter((f) => f.kind === 'guide').length).toBeGreaterThanOrEqual(40);
    expect(content.registry.get('menu')).toBeDefined();
  });

  for (const flow of flows) {
    it(`${flow.id}: every state can reach an end, every node runs`, () => {
      const report = walkFlow(flow.id, seedsFor(flow), ctx);
      expect(report.exits).toBeGreaterThan(0);
      expect(report.silentTurns).toEqual([]);
      expect(report.deadEnds).toEqual([]);
      expect(report.stuck).toEqual([]);
      const neverRan = Object.keys(flow.nodes).filter((id) => !report.visitedNodes.has(`${flow.id}:${id}`));
      expect(neverRan).toEqual([]);
    });
  }
});

// Shared set-up for the curriculum tests: the real content (flows/ plus the
// compiled lessons, guides and menus) and small helpers to drive turn().
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { defaultContentPaths, loadContent, readYamlDir, type LoadedContent } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { compileCourse, loadCourse, type Course } from '../../src/content/course-source.js';
import { buildRegistry, type FlowCandidate, type FlowRegistry } from '../../src/engine/flow-registry.js';
import { turn, type TurnResult } from '../../src/engine/router.js';
import { newUserState, type UserState, type Scalar } from '../../src/engine/state.js';
import type { EngineContext } from '../../src/engine/turn-builder.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PATHS = defaultContentPaths(ROOT);
export const FIXTURES = path.join(ROOT, 'tests/fixtures/curriculum');

let cached: Promise<LoadedContent> | undefined;
export function realContent(): Promise<LoadedContent> {
  cached ??= loadContent(PATHS, flowSources);
  return cached;
}

export function realCourse(): Promise<Course> {
  return loadCourse(PATHS);
}

/** The real flows as candidates, so a test can add a bad fixture and rebuild the registry. */
export async function realCandidates(): Promise<FlowCandidate[]> {
  const handWritten = await readYamlDir(ROOT, PATHS.flowsDir, []);
  return [...handWritten, ...compileCourse(await realCourse())];
}

export async function registryWith(...extra: FlowCandidate[]): Promise<FlowRegistry> {
  return buildRegistry([...(await realCandidates()), ...extra]).registry;
}

export async function fixture(name: string): Promise<FlowCandidate> {
  const file = path.join(FIXTURES, name);
  return { file: path.relative(ROOT, file), data: parse(await readFile(file, 'utf8')) };
}

export function consentingUser(profile: Record<string, Scalar> = {}): UserState {
  const state = newUserState(0);
  state.profile = { consent: true, onboarded: true, ...profile };
  return state;
}

let messageCounter = 0;
export function send(state: UserState | null, input: { text?: string; payload?: string }, ctx: EngineContext): TurnResult {
  messageCounter += 1;
  return turn(state, { channel: 'test', userId: 'walker', messageId: `m${messageCounter}`, at: 0, ...input }, ctx);
}

export function contextOf(content: LoadedContent, registry: FlowRegistry = content.registry): EngineContext {
  return { registry, catalog: content.catalog, now: 1_000 };
}

/** Text of every bubble a turn sent. */
export function bubblesOf(result: TurnResult): string[] {
  return result.outbox.flatMap((message) => (message.text ? [message.text] : []));
}

export function buttonLabels(result: TurnResult): string[] {
  return result.outbox.flatMap((message) => message.buttons ?? []).map((button) => button.label);
}

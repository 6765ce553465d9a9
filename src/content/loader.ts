// Reads flows and texts from disk and validates them. Used at start-up and by
// `npm run content:check`; returns every problem instead of stopping at the first.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CatalogSchema, type Catalog } from '../engine/catalog.js';
import { buildRegistry, zodProblems, type ContentProblem, type FlowCandidate, type FlowRegistry } from '../engine/flow-registry.js';
import { buildDirectory, duplicateNames, EMPTY_DIRECTORY, WardsFileSchema, type WardDirectory } from '../engine/wards/directory.js';

export interface ContentPaths {
  root: string;
  flowsDir: string;
  contentDir: string;
}

export function defaultContentPaths(root = process.cwd()): ContentPaths {
  return { root, flowsDir: path.join(root, 'flows'), contentDir: path.join(root, 'content') };
}

export interface LoadedContent {
  registry: FlowRegistry;
  catalog: Catalog;
  problems: ContentProblem[];
}

export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`content has ${problems.length} problem(s)`);
  }
}

/** Extra flows built from other content (lessons, guides) by later modules. */
export type FlowSource = (paths: ContentPaths) => Promise<{ candidates: FlowCandidate[]; problems: ContentProblem[] }>;

export async function loadContent(paths: ContentPaths, extraSources: FlowSource[] = []): Promise<LoadedContent> {
  const problems: ContentProblem[] = [];
  const candidates = await readYamlDir(paths.root, paths.flowsDir, problems);
  for (const source of extraSources) {
    const extra = await source(paths);
    candidates.push(...extra.candidates);
    problems.push(...extra.problems);
  }
  const wards = await loadWardDirectory(paths.contentDir, paths.root);
  problems.push(...wards.problems);
  const built = buildRegistry(candidates, wards.directory);
  problems.push(...built.problems);
  const catalog = await loadCatalog(paths, problems);
  return { registry: built.registry, catalog: catalog!, problems };
}

async function loadCatalog(paths: ContentPaths, problems: ContentProblem[]): Promise<Catalog | undefined> {
  const file = path.join(paths.contentDir, 'messages.yaml');
  const relative = path.relative(paths.root, file);
  const data = await readYamlFile(file, relative, problems);
  if (data === undefined) return undefined;
  // The learner's journey texts have a file of their own (content/journey.yaml), read as the catalog's `journey` section.
  const journeyFile = path.relative(paths.root, path.join(paths.contentDir, 'journey.yaml'));
  const journey = await readYamlFile(path.join(paths.root, journeyFile), journeyFile, problems);
  const parsed = CatalogSchema.safeParse(typeof data === 'object' && data !== null ? { ...data, journey } : data);
  if (!parsed.success) {
    const inJourney = (problem: ContentProblem) => (problem.path === 'journey' || problem.path.startsWith('journey.') ? { ...problem, file: journeyFile, path: problem.path.slice('journey.'.length) } : problem);
    problems.push(...zodProblems(relative, parsed.error).map(inJourney));
    return undefined;
  }
  return parsed.data;
}

/** content/wards.yaml, checked; without the file the directory is empty (a ward question keeps the typed name). */
export async function loadWardDirectory(contentDir: string, root = path.dirname(contentDir)): Promise<{ directory: WardDirectory; problems: ContentProblem[] }> {
  const file = path.join(contentDir, 'wards.yaml');
  if (!existsSync(file)) return { directory: EMPTY_DIRECTORY, problems: [] };
  const relative = path.relative(root, file);
  const problems: ContentProblem[] = [];
  const parsed = WardsFileSchema.safeParse(await readYamlFile(file, relative, problems));
  if (problems.length > 0) return { directory: EMPTY_DIRECTORY, problems };
  if (!parsed.success) return { directory: EMPTY_DIRECTORY, problems: zodProblems(relative, parsed.error) };
  const duplicates = duplicateNames(parsed.data.wards).map((problem) => ({ file: relative, ...problem }));
  return { directory: buildDirectory(parsed.data.wards), problems: duplicates };
}

/** Every .yaml/.yml file in a folder (sorted), parsed; YAML syntax errors become problems. */
export async function readYamlDir(root: string, dir: string, problems: ContentProblem[]): Promise<FlowCandidate[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    problems.push({ file: path.relative(root, dir) || dir, path: '', message: 'folder not found' });
    return [];
  }
  const candidates: FlowCandidate[] = [];
  for (const name of names) {
    const relative = path.relative(root, path.join(dir, name));
    const data = await readYamlFile(path.join(dir, name), relative, problems);
    if (data !== undefined) candidates.push({ file: relative, data });
  }
  return candidates;
}

export async function readYamlFile(file: string, relative: string, problems: ContentProblem[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push({ file: relative, path: '', message: 'file not found' });
    return undefined;
  }
  const parsed = parsedYaml.get(file);
  if (parsed?.text === text) return structuredClone(parsed.data);
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      problems.push({ file: relative, path: line ? `line ${line.line}` : '', message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const data: unknown = document.toJS();
  parsedYaml.set(file, { text, data });
  return structuredClone(data);
}

/**
 * The last parse of each file, by path. Several loaders read the same files
 * (the FAQ for the flows and for the Q&A, the scam library for its flows, the
 * Q&A and the checker) at start-up and on every reload: a file whose text has
 * not changed is parsed once. Callers get their own copy, free to change.
 */
const parsedYaml = new Map<string, { text: string; data: unknown }>();

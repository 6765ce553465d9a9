// Reads the Q&A knowledge base (content/faq/<topic>.yaml). Used by the Q&A
// index and by content:check; the checks that need no other content (schema,
// file name = topic, duplicate ids and phrasings) are reported here, so a
// broken FAQ file blocks start-up and reload like a broken lesson does.
import path from 'node:path';
import { zodProblems, type ContentProblem } from '../engine/flow-registry.js';
import { normalizeForMatching } from '../engine/text.js';
import { FaqFileSchema, type FaqEntry } from './faq-schema.js';
import { readYamlDir, type ContentPaths, type FlowSource } from './loader.js';

export const FAQ_DIR = 'faq';

export interface PlacedFaqEntry extends FaqEntry {
  topic: string;
  /** Repository-relative file, for problems ("content/faq/vneid.yaml"). */
  file: string;
  /** Path of the entry inside its file ("entries.3"). */
  path: string;
}

export interface LoadedFaq {
  entries: PlacedFaqEntry[];
  problems: ContentProblem[];
}

/** Every entry of every valid FAQ file, and every problem found (files with schema errors are left out). */
export async function loadFaq(paths: Pick<ContentPaths, 'root' | 'contentDir'>): Promise<LoadedFaq> {
  const problems: ContentProblem[] = [];
  const dir = path.join(paths.contentDir, FAQ_DIR);
  const files = await readYamlDir(paths.root, dir, problems);
  // No folder yet is not an error: the knowledge base is optional.
  const missing = problems.findIndex((problem) => problem.message === 'folder not found');
  if (missing >= 0) problems.splice(missing, 1);
  const entries: PlacedFaqEntry[] = [];
  for (const { file, data } of files) {
    const parsed = FaqFileSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    const expected = path.basename(file).replace(/\.ya?ml$/, '');
    if (parsed.data.topic !== expected) problems.push({ file, path: 'topic', message: `topic "${parsed.data.topic}" must match the file name "${expected}"` });
    parsed.data.entries.forEach((entry, index) => entries.push({ ...entry, topic: parsed.data.topic, file, path: `entries.${index}` }));
  }
  problems.push(...duplicateProblems(entries));
  return { entries, problems };
}

/** Ids unique across files; a phrasing (folded) belongs to one entry only. */
export function duplicateProblems(entries: PlacedFaqEntry[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const ids = new Map<string, PlacedFaqEntry>();
  const phrasings = new Map<string, PlacedFaqEntry>();
  for (const entry of entries) {
    const first = ids.get(entry.id);
    if (first) problems.push({ file: entry.file, path: `${entry.path}.id`, message: `id "${entry.id}" is already used in ${first.file} (${first.path})` });
    else ids.set(entry.id, entry);
    entry.questions.forEach((question, index) => {
      const key = normalizeForMatching(question);
      const owner = phrasings.get(key);
      if (owner && owner !== entry) {
        problems.push({ file: entry.file, path: `${entry.path}.questions.${index}`, message: `"${question}" is already a phrasing of "${owner.id}" (${owner.file}); each phrasing belongs to one entry` });
      } else phrasings.set(key, entry);
    });
  }
  return problems;
}

/** Contributes no flows; reports the FAQ's own problems with the rest of the content. */
export const faqProblemSource: FlowSource = async (paths) => ({ candidates: [], problems: (await loadFaq(paths)).problems });

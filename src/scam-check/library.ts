// Loads the scam library (content/scams/*.yaml, texts in _texts.yaml) and the
// allowlist of official domains. Never throws on bad content: every problem is
// returned with its file and path, like the flow loader.
import path from 'node:path';
import { z } from 'zod';
import type { ContentProblem } from '../engine/flow-registry.js';
import { zodProblems } from '../engine/flow-registry.js';
import { readYamlDir, readYamlFile } from '../content/loader.js';
import { FLAG_CODES } from './flags.js';
import { SCAM_CATEGORIES, ScamPatternSchema, ScamTextsSchema, type ScamLibrary, type ScamPattern } from './library-schema.js';
import type { OfficialDomain } from './urls.js';

export const TEXTS_FILE = '_texts.yaml';

export interface LoadedScamLibrary {
  library?: ScamLibrary;
  /** The file each pattern came from, for later checks. */
  files: Map<string, string>;
  problems: ContentProblem[];
}

export async function loadScamLibrary(root: string, contentDir = path.join(root, 'content')): Promise<LoadedScamLibrary> {
  const problems: ContentProblem[] = [];
  const scamsDir = path.join(contentDir, 'scams');
  const candidates = (await readYamlDir(root, scamsDir, problems)).filter((c) => !path.basename(c.file).startsWith('_'));
  const patterns: ScamPattern[] = [];
  const files = new Map<string, string>();
  for (const candidate of candidates) {
    const parsed = ScamPatternSchema.safeParse(candidate.data);
    if (!parsed.success) {
      problems.push(...zodProblems(candidate.file, parsed.error));
      continue;
    }
    const pattern = parsed.data;
    const expected = path.basename(candidate.file).replace(/\.ya?ml$/, '');
    if (pattern.id !== expected) problems.push({ file: candidate.file, path: 'id', message: `id "${pattern.id}" should match the file name "${expected}"` });
    const earlier = files.get(pattern.id);
    if (earlier) {
      problems.push({ file: candidate.file, path: 'id', message: `scam id "${pattern.id}" is already used by ${earlier}` });
      continue;
    }
    files.set(pattern.id, candidate.file);
    patterns.push(pattern);
  }
  const texts = await loadTexts(root, scamsDir, problems);
  return { library: texts ? { patterns, texts } : undefined, files, problems };
}

async function loadTexts(root: string, scamsDir: string, problems: ContentProblem[]): Promise<ScamLibrary['texts'] | undefined> {
  const file = path.join(scamsDir, TEXTS_FILE);
  const relative = path.relative(root, file);
  const data = await readYamlFile(file, relative, problems);
  if (data === undefined) return undefined;
  const parsed = ScamTextsSchema.safeParse(data);
  if (!parsed.success) {
    problems.push(...zodProblems(relative, parsed.error));
    return undefined;
  }
  for (const code of FLAG_CODES) {
    if (!parsed.data.flags[code]) problems.push({ file: relative, path: `flags.${code}`, message: 'missing the sentence for this flag' });
  }
  for (const category of SCAM_CATEGORIES) {
    if (!parsed.data.categories[category]) problems.push({ file: relative, path: `categories.${category}`, message: 'missing the label of this category' });
  }
  return parsed.data;
}

const DomainsFileSchema = z.looseObject({
  domains: z.array(z.looseObject({ domain: z.string().min(3), owner: z.string().min(1) })),
});

export async function loadOfficialDomains(root: string, contentDir = path.join(root, 'content')): Promise<{ domains: OfficialDomain[]; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const file = path.join(contentDir, 'official-domains.yaml');
  const relative = path.relative(root, file);
  const data = await readYamlFile(file, relative, problems);
  if (data === undefined) return { domains: [], problems };
  const parsed = DomainsFileSchema.safeParse(data);
  if (!parsed.success) return { domains: [], problems: [...problems, ...zodProblems(relative, parsed.error)] };
  return { domains: parsed.data.domains.map(({ domain, owner }) => ({ domain: domain.toLowerCase(), owner })), problems };
}

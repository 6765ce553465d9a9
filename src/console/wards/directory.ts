// The ward directory (content/wards.yaml): the deployment's wards and communes
// with their aliases. Residents' free-typed answers are matched to it (see
// match.ts); statistics and broadcast targets use its ids, so "phuong ben nghe"
// and "Phường Bến Nghé" are one ward.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ContentProblem } from '../../engine/flow-registry.js';
import { foldText } from '../../engine/text.js';

export const WARDS_FILE = 'content/wards.yaml';

const wardSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id: chữ thường không dấu và gạch nối, ví dụ "hoa-binh" / lowercase words joined by "-"'),
  name: z.string().min(2).max(60),
  aliases: z.array(z.string().min(2).max(60)).max(30).default([]),
});

export const wardsFileSchema = z.strictObject({ wards: z.array(wardSchema).min(1).max(2000) });

export type Ward = z.output<typeof wardSchema>;

export interface WardDirectory {
  wards: Ward[];
  byId: Map<string, Ward>;
}

export function buildDirectory(wards: Ward[]): WardDirectory {
  return { wards, byId: new Map(wards.map((ward) => [ward.id, ward])) };
}

/** Reads and checks the file; a missing file is an empty directory (the free-typed name is kept). */
export async function loadWardDirectory(contentDir: string): Promise<{ directory: WardDirectory; problems: ContentProblem[] }> {
  let text: string;
  try {
    text = await readFile(path.join(contentDir, 'wards.yaml'), 'utf8');
  } catch {
    return { directory: buildDirectory([]), problems: [] };
  }
  const problems: ContentProblem[] = [];
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return { directory: buildDirectory([]), problems: [{ file: WARDS_FILE, path: '', message: `not valid YAML: ${(error as Error).message}` }] };
  }
  const parsed = wardsFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ file: WARDS_FILE, path: issue.path.join('.'), message: issue.message });
    return { directory: buildDirectory([]), problems };
  }
  problems.push(...duplicateNames(parsed.data.wards));
  return { directory: buildDirectory(parsed.data.wards), problems };
}

/** Two wards may not share an id, or a name or alias once folded (the matcher could not tell them apart). */
export function duplicateNames(wards: Ward[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const ids = new Set<string>();
  const names = new Map<string, string>();
  wards.forEach((ward, index) => {
    if (ids.has(ward.id)) problems.push({ file: WARDS_FILE, path: `wards.${index}.id`, message: `id "${ward.id}" is used twice` });
    ids.add(ward.id);
    for (const name of [ward.name, ...ward.aliases]) {
      const folded = foldText(name);
      const owner = names.get(folded);
      if (owner && owner !== ward.id) problems.push({ file: WARDS_FILE, path: `wards.${index}`, message: `"${name}" also names ward "${owner}"` });
      names.set(folded, ward.id);
    }
  });
  return problems;
}

/**
 * The directory that follows content reloads: when the content holder swaps
 * its registry, the file is read again (the previous directory is used until
 * the new one is read, and kept when the new one has problems).
 */
export function followWardDirectory(content: { registry: unknown; paths: { contentDir: string } }, initial: WardDirectory): () => WardDirectory {
  let current = initial;
  let seen = content.registry;
  return () => {
    if (content.registry !== seen) {
      seen = content.registry;
      void loadWardDirectory(content.paths.contentDir).then(
        ({ directory, problems }) => {
          if (problems.length === 0) current = directory;
        },
        () => undefined,
      );
    }
    return current;
  };
}

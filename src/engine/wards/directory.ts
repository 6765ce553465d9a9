// The ward directory (content/wards.yaml): the deployment's wards and communes
// with their aliases. Residents choose from it (an ask node with `input: ward`);
// statistics, scopes and broadcast targets use its ids, so "phuong ben nghe"
// and "Phường Bến Nghé" are one ward. Pure: src/content/loader.ts reads the file.
import { z } from 'zod';
import { foldText } from '../text.js';

const WardSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id: chữ thường không dấu và gạch nối, ví dụ "hoa-binh" / lowercase words joined by "-"')
      .describe('Stable id used by statistics and exports (lowercase words joined by "-"). Keep it when the name changes.'),
    name: z.string().min(2).max(60).describe('The official name, as residents see it and as it is saved ("Phường Hòa Bình").'),
    aliases: z.array(z.string().min(2).max(60)).max(30).default([]).describe('Other names residents use: the name before a merger, a short form ("P. Hòa Bình"). Matched without diacritics.'),
  })
  .describe('One ward or commune.');

export const WardsFileSchema = z
  .strictObject({ wards: z.array(WardSchema).min(1).max(2000).describe('In the order shown to residents.') })
  .describe('The wards and communes of this deployment (content/wards.yaml).');

export type Ward = z.output<typeof WardSchema>;

export interface WardDirectory {
  wards: Ward[];
  byId: Map<string, Ward>;
}

export function buildDirectory(wards: Ward[]): WardDirectory {
  return { wards, byId: new Map(wards.map((ward) => [ward.id, ward])) };
}

/** No content/wards.yaml: a ward question keeps what the resident typed. */
export const EMPTY_DIRECTORY: WardDirectory = buildDirectory([]);

/** Two wards may not share an id, or a name or alias once folded (the matcher could not tell them apart). */
export function duplicateNames(wards: Ward[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const ids = new Set<string>();
  const names = new Map<string, string>();
  wards.forEach((ward, index) => {
    if (ids.has(ward.id)) problems.push({ path: `wards.${index}.id`, message: `id "${ward.id}" is used twice` });
    ids.add(ward.id);
    for (const name of [ward.name, ...ward.aliases]) {
      const folded = foldText(name);
      const owner = names.get(folded);
      if (owner && owner !== ward.id) problems.push({ path: `wards.${index}`, message: `"${name}" also names ward "${owner}"` });
      names.set(folded, ward.id);
    }
  });
  return problems;
}

// The one ward matcher (src/engine/wards/match.ts) and the directory it reads:
// names with and without diacritics or prefix, typos, unclear names, skip words,
// the ids statistics count under, and content/wards.yaml loaded with the flows.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWardDirectory } from '../../src/content/loader.js';
import { editDistance } from '../../src/engine/text.js';
import { buildDirectory, duplicateNames } from '../../src/engine/wards/directory.js';
import { matchWard, wardIdOf, wardLabel } from '../../src/engine/wards/match.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { FIXTURE_FLOWS, ROOT } from '../helpers/engine.js';

const directory = buildDirectory([
  { id: 'hoa-binh', name: 'Phường Hòa Bình', aliases: ['P. Hòa Bình'] },
  { id: 'ben-nghe', name: 'Phường Bến Nghé', aliases: [] },
  { id: 'ben-thanh', name: 'Phường Bến Thành', aliases: [] },
  { id: 'an-khanh', name: 'Xã An Khánh', aliases: ['an khanh cu'] },
  { id: 'tan-phu', name: 'Phường Tân Phú', aliases: [] },
  { id: 'xa-tan-phu', name: 'Xã Tân Phú', aliases: [] },
]);

describe('ward matcher', () => {
  it.each([
    ['Phường Hòa Bình', 'hoa-binh'],
    ['phuong hoa binh', 'hoa-binh'],
    ['HOA BINH', 'hoa-binh'],
    ['p. hoà bình', 'hoa-binh'],
    ['hoa bnh', 'hoa-binh'],
    ['hoa bnih', 'hoa-binh'],
    ['ben nge', 'ben-nghe'],
    ['xa an khanh', 'an-khanh'],
    ['an khanh cu', 'an-khanh'],
    ['Xã Tân Phú', 'xa-tan-phu'],
    ['phuong tan phu', 'tan-phu'],
  ])('matches "%s" to %s', (typed, id) => {
    const match = matchWard(typed, directory);
    expect(match.kind === 'ward' && match.ward.id).toBe(id);
  });

  it('offers a short list when a name is unclear: a prefix of several, or one name shared without its "phường"/"xã"', () => {
    const ben = matchWard('ben', directory);
    expect(ben.kind === 'unclear' && ben.candidates.map((w) => w.id)).toEqual(['ben-nghe', 'ben-thanh']);
    const tanPhu = matchWard('tân phú', directory);
    expect(tanPhu.kind === 'unclear' && tanPhu.candidates.map((w) => w.id)).toEqual(['tan-phu', 'xa-tan-phu']);
  });

  it('knows skip words, and matches nothing for other wards, numbers or sentences', () => {
    for (const typed of ['Bỏ qua', 'bo qua', 'không', 'skip']) expect(matchWard(typed, directory).kind).toBe('skip');
    expect(matchWard('Phường Tân Định', directory).kind).toBe('none');
    expect(matchWard('2', directory).kind).toBe('none');
    expect(matchWard('không muốn nhận cảnh báo nữa', directory).kind).toBe('none');
    expect(matchWard('a'.repeat(200), directory).kind).toBe('none');
  });

  it('maps saved wards for statistics: aliases and typos merge, "Bỏ qua" is no ward, others stay apart', () => {
    expect(wardIdOf('Phường Bến Nghé', directory)).toBe('ben-nghe');
    expect(wardIdOf('phuong ben nghe', directory)).toBe('ben-nghe');
    expect(wardIdOf('ben nge', directory)).toBe('ben-nghe');
    expect(wardIdOf('ben-nghe', directory)).toBe('ben-nghe');
    expect(wardIdOf('Bỏ qua', directory)).toBe('');
    expect(wardIdOf(undefined, directory)).toBe('');
    expect(wardIdOf('Phường Tân Định', directory)).toBe('?tan dinh');
    expect(wardLabel('', directory)).toBe('Chưa rõ');
    expect(wardLabel('?tan dinh', directory)).toBe('tan dinh (ngoài danh bạ)');
  });

  it('counts two swapped letters as one edit only when asked', () => {
    expect(editDistance('hoa binh', 'hoa bnih')).toBe(2);
    expect(editDistance('hoa binh', 'hoa bnih', 3, true)).toBe(1);
    expect(editDistance('abc', 'abc', 3, true)).toBe(0);
    expect(editDistance('abcdef', 'ab', 2, true)).toBe(3);
  });

  it('finds names shared by two wards once folded', () => {
    const problems = duplicateNames([
      { id: 'a', name: 'Phường A', aliases: [] },
      { id: 'b', name: 'phuong a', aliases: [] },
    ]);
    expect(problems[0]?.message).toContain('also names ward "a"');
  });
});

describe('content/wards.yaml', () => {
  it('is loaded with the flows, and a reload swaps both; a bad file keeps the old content', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hvs-wards-'));
    try {
      const contentDir = path.join(dir, 'content');
      await mkdir(contentDir);
      // The engine's texts, which the fixture flows need; nothing else of the real content.
      for (const file of ['messages.yaml', 'journey.yaml']) await copyFile(path.join(ROOT, 'content', file), path.join(contentDir, file));
      await writeFile(path.join(contentDir, 'wards.yaml'), 'wards:\n  - { id: a, name: Phường A }\n');
      const holder = await ContentHolder.load({ root: dir, flowsDir: FIXTURE_FLOWS, contentDir }, []);
      if (Array.isArray(holder)) throw new Error(JSON.stringify(holder));
      expect(holder.registry.wards.wards.map((w) => w.id)).toEqual(['a']);
      await writeFile(path.join(contentDir, 'wards.yaml'), 'wards:\n  - { id: b, name: Phường B, aliases: [phuong bee] }\n');
      expect(await holder.reload()).toEqual([]);
      expect(holder.registry.wards.wards.map((w) => w.id)).toEqual(['b']);
      await writeFile(path.join(contentDir, 'wards.yaml'), 'wards:\n  - { id: "Bad Id", name: X }\n');
      const problems = await holder.reload();
      expect(problems.map((p) => `${p.file}: ${p.path}`)).toEqual(['content/wards.yaml: wards.0.id', 'content/wards.yaml: wards.0.name']);
      expect(holder.registry.wards.wards.map((w) => w.id)).toEqual(['b']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is optional, and reports YAML errors and duplicate names with the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hvs-wards-'));
    try {
      expect(await loadWardDirectory(dir)).toEqual({ directory: expect.objectContaining({ wards: [] }), problems: [] });
      await writeFile(path.join(dir, 'wards.yaml'), 'wards: [\n');
      expect((await loadWardDirectory(dir, dir)).problems[0]).toMatchObject({ file: 'wards.yaml', message: expect.stringContaining('YAML syntax') });
      await writeFile(path.join(dir, 'wards.yaml'), 'wards:\n  - { id: a, name: Phường A }\n  - { id: b, name: "phuong a" }\n');
      expect((await loadWardDirectory(dir, dir)).problems).toEqual([{ file: 'wards.yaml', path: 'wards.1', message: '"phuong a" also names ward "a"' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Small pieces of the console: escaping, passwords, the ward matcher, counter
// deltas, CSV cells, local times, and the simulator's pure turns.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/console/auth/password.js';
import { parseCookies } from '../../src/console/auth/session.js';
import { esc, html, raw } from '../../src/console/html.js';
import { localToEpoch } from '../../src/console/pages/broadcasts.js';
import { simulateTurn } from '../../src/console/pages/simulator.js';
import { dimsDelta, type Dims } from '../../src/console/stats/aggregate.js';
import { toCsv } from '../../src/console/stats/read.js';
import { buildDirectory, duplicateNames, followWardDirectory } from '../../src/console/wards/directory.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { editDistance, matchWard, wardIdOf } from '../../src/console/wards/match.js';
import { defaultContentPaths } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { ROOT } from '../helpers/engine.js';

describe('html escaping', () => {
  it('escapes every value but Html fragments, and flattens arrays', () => {
    const evil = `<script>alert("x")</script>'&`;
    expect(esc(evil)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;');
    const out = html`<p title="${evil}">${evil}${html`<b>${'<i>'}</b>`}${[1, '<', raw('<br>')]}${undefined}${false}${null}</p>`.value;
    expect(out).toBe(`<p title="${esc(evil)}">${esc(evil)}<b>&lt;i&gt;</b>1&lt;<br></p>`);
    expect(out).not.toContain('<script>');
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a salt, verifies, and refuses short ones', async () => {
    const a = await hashPassword('mật-khẩu-đủ-dài');
    const b = await hashPassword('mật-khẩu-đủ-dài');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật-khẩu-đủ-dài', a)).toBe(true);
    expect(await verifyPassword('mật-khẩu-đủ-dàj', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    await expect(hashPassword('ngan')).rejects.toThrow(/ít nhất 10/);
  });

  it('parses cookies and ignores malformed ones', () => {
    expect(parseCookies('a=1; hvs_console=abc%2F; bad=%E0%A4%A; =x')).toEqual({ a: '1', hvs_console: 'abc/' });
  });
});

describe('ward matcher', () => {
  const directory = buildDirectory([
    { id: 'hoa-binh', name: 'Phường Hòa Bình', aliases: ['P. Hòa Bình'] },
    { id: 'ben-nghe', name: 'Phường Bến Nghé', aliases: [] },
    { id: 'ben-thanh', name: 'Phường Bến Thành', aliases: [] },
    { id: 'an-khanh', name: 'Xã An Khánh', aliases: ['an khanh cu'] },
  ]);

  it.each([
    ['Phường Hòa Bình', 'hoa-binh'],
    ['phuong hoa binh', 'hoa-binh'],
    ['HOA BINH', 'hoa-binh'],
    ['p. hoà bình', 'hoa-binh'],
    ['hoa bnh', 'hoa-binh'],
    ['ben nge', 'ben-nghe'],
    ['xa an khanh', 'an-khanh'],
    ['an khanh cu', 'an-khanh'],
    ['2', 'ben-nghe'],
  ])('matches "%s" to %s', (typed, id) => {
    const match = matchWard(typed, directory);
    expect(match.kind === 'ward' && match.ward.id).toBe(id);
  });

  it('offers a short list when a name is unclear, and knows "bỏ qua"', () => {
    const unclear = matchWard('ben', directory);
    expect(unclear.kind).toBe('unclear');
    expect(unclear.kind === 'unclear' && unclear.candidates.map((w) => w.id)).toEqual(['ben-nghe', 'ben-thanh']);
    expect(matchWard('Bỏ qua', directory).kind).toBe('skip');
    expect(matchWard('Phường Tân Định', directory).kind).toBe('none');
    expect(matchWard('9', directory).kind).toBe('none');
  });

  it('maps free-typed wards for statistics: aliases merge, "bỏ qua" is no ward, others stay apart', () => {
    expect(wardIdOf('phuong ben nghe', directory)).toBe('ben-nghe');
    expect(wardIdOf('Bỏ qua', directory)).toBe('');
    expect(wardIdOf(undefined, directory)).toBe('');
    expect(wardIdOf('Phường Tân Định', directory)).toBe('?tan dinh');
  });

  it('counts edits with transpositions, and finds names shared by two wards', () => {
    expect(editDistance('hoa binh', 'hoa bnih')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(
      duplicateNames([
        { id: 'a', name: 'Phường A', aliases: [] },
        { id: 'b', name: 'phuong a', aliases: [] },
      ])[0]?.message,
    ).toContain('also names ward "a"');
  });
});

describe('ward directory reloads', () => {
  it('reads the file again when the content is reloaded, and keeps the old one when the new one is bad', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hvs-wards-'));
    try {
      const content = { registry: {}, paths: { contentDir: dir } };
      const wards = followWardDirectory(content, buildDirectory([{ id: 'a', name: 'Phường A', aliases: [] }]));
      expect(wards().wards.map((w) => w.id)).toEqual(['a']);
      await writeFile(path.join(dir, 'wards.yaml'), 'wards:\n  - { id: b, name: Phường B }\n');
      content.registry = {};
      wards();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(wards().wards.map((w) => w.id)).toEqual(['b']);
      await writeFile(path.join(dir, 'wards.yaml'), 'wards:\n  - { id: "Bad Id", name: X }\n');
      content.registry = {};
      wards();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(wards().wards.map((w) => w.id)).toEqual(['b']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('dashboard counters', () => {
  const base: Dims = { c: 'web', w: 'hoa-binh', g: 'elderly', f: { o: 1 }, started: [], completed: [] };

  it('counts a new resident once, moves them when the ward changes, and takes them out when forgotten', () => {
    expect(dimsDelta(null, base)).toEqual({ residents: 1, 'channel:web': 1, 'ward:hoa-binh': 1, 'group:elderly': 1, 'funnel:o': 1 });
    expect(dimsDelta(base, { ...base, w: 'ben-nghe' })).toEqual({ 'ward:hoa-binh': -1, 'ward:ben-nghe': 1 });
    expect(dimsDelta(base, base)).toEqual({});
    expect(dimsDelta(base, null)).toEqual({ residents: -1, 'channel:web': -1, 'ward:hoa-binh': -1, 'group:elderly': -1 });
  });

  it('counts the funnel and each lesson once per resident', () => {
    const started = { ...base, f: { o: 1 as const, s: 1 as const }, started: ['lesson-qr'] };
    expect(dimsDelta(base, started)).toEqual({ 'funnel:s': 1, 'lesson:lesson-qr:started': 1 });
    const done = { ...started, f: { ...started.f, d: 1 as const }, completed: ['lesson-qr'] };
    expect(dimsDelta(started, done)).toEqual({ 'funnel:d': 1, 'lesson:lesson-qr:completed': 1, 'wardlesson:hoa-binh:lesson-qr': 1 });
    expect(dimsDelta(done, done)).toEqual({});
  });
});

describe('CSV and times', () => {
  it('quotes cells and defuses spreadsheet formulas', () => {
    expect(toCsv([['a,b', '=SUM(A1)', 'say "hi"', 3]])).toBe(`\uFEFF"a,b",'=SUM(A1),"say ""hi""",3\r\n`);
  });

  it('reads a datetime-local field in the deployment time zone', () => {
    expect(new Date(localToEpoch('2026-12-02T07:00', 'Asia/Ho_Chi_Minh')!).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(localToEpoch('tomorrow', 'UTC')).toBeUndefined();
  });
});

describe('simulator', () => {
  it('runs the pure engine as a chosen group and renders a channel without buttons as a numbered list', async () => {
    const content = (await ContentHolder.load(defaultContentPaths(ROOT), flowSources)) as ContentHolder;
    let sim = { group: 'elderly', view: 'zalo', state: null, log: [] as never[] } as Parameters<typeof simulateTurn>[1];
    sim = simulateTurn({ content }, sim, { text: 'menu' });
    const bot = sim.log
      .filter((e) => e.who === 'bot')
      .map((e) => e.text)
      .join('\n');
    expect(bot).toMatch(/1\. /);
    expect(bot).toMatch(/Trả lời 1, 2/);
    expect(sim.log.some((e) => e.buttons)).toBe(false);
    expect(sim.state?.profile.group).toBe('elderly');
  });
});

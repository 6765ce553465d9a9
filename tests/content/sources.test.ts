// Sourcing rules: every fact names its source, reviews are recent, and wording
// the 2025 reorganisation made wrong is flagged. Warnings by default, errors
// under --strict; unofficial source links and future dates are always errors.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GuideSchema, type Guide } from '../../src/content/course-schema.js';
import { compileGuide } from '../../src/content/compile-guide.js';
import { checkFactItem, type SourceCheckOptions } from '../../src/content/checks/source-checks.js';
import { guideFactItem } from '../../src/content/guide-facts.js';
import { isWarning } from '../../src/content/checks/severity.js';
import { checkWording, findOutdatedWording } from '../../src/content/checks/wording-checks.js';
import { textsOfFlow } from '../../src/content/checks/flow-texts.js';
import { loadOfficialDomains } from '../../src/content/domains.js';
import { reviewMaxDays, sourceKind } from '../../src/content/facts.js';
import { formatReviewTable, reviewRows, summarize } from '../../src/content/review-table.js';
import { buildRegistry, formatProblem } from '../../src/engine/flow-registry.js';
import { FIXTURES, PATHS, ROOT, realCourse } from './helpers.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const { domains } = await loadOfficialDomains(PATHS);
const course = await realCourse();
const texts = course.texts!;

function fixtureGuide(name: string): { file: string; data: Guide } {
  const file = path.join(FIXTURES, 'sourcing', name);
  return { file: path.relative(ROOT, file), data: GuideSchema.parse(parse(readFileSync(file, 'utf8'))) };
}

const checkGuideSources = (guide: { file: string; data: Guide }, options: SourceCheckOptions) => checkFactItem(guideFactItem(guide), options);
const lines = (problems: ReturnType<typeof checkFactItem>) => problems.map((p) => `${isWarning(p) ? 'warning' : 'error'} ${p.path}`);

describe('source checks on a guide', () => {
  it('reports unsourced, vague and stale facts as warnings; future dates, checks without a source and unofficial links as errors', () => {
    const problems = checkGuideSources(fixtureGuide('guide-unsourced.yaml'), { now: NOW, maxDays: 180, domains });
    expect(lines(problems).sort()).toEqual([
      'error documents.0.checked',
      'error documents.1.source',
      'error steps.3.checked',
      'warning duration.checked',
      'warning fee.source',
      'warning reviewed',
      'warning steps.2',
      'warning where',
    ]);
    const text = problems.map(formatProblem).join('\n');
    expect(text).toContain('tests/fixtures/curriculum/sourcing/guide-unsourced.yaml: where: no source for "UBND huyện nơi cư trú."');
    expect(text).toMatch(/duration\.checked: checked \d+ days ago \(more than 180/);
    expect(text).toContain('"giaytonhanh.com" is not on the official allowlist');
  });

  it('a fully sourced guide passes, until its review is older than CONTENT_REVIEW_MAX_DAYS', () => {
    const guide = fixtureGuide('guide-sourced.yaml');
    expect(checkGuideSources(guide, { now: NOW, maxDays: 180, domains })).toEqual([]);
    const stale = checkGuideSources(guide, { now: Date.parse('2027-06-15T00:00:00Z'), maxDays: 180, domains });
    expect(lines(stale)).toEqual(['warning reviewed']);
  });

  it('CONTENT_REVIEW_MAX_DAYS defaults to 180 and rejects a bad value in plain words', () => {
    expect(reviewMaxDays({} as NodeJS.ProcessEnv)).toBe(180);
    expect(reviewMaxDays({ CONTENT_REVIEW_MAX_DAYS: '30' } as NodeJS.ProcessEnv)).toBe(30);
    expect(() => reviewMaxDays({ CONTENT_REVIEW_MAX_DAYS: 'abc' } as NodeJS.ProcessEnv)).toThrow(/whole number of days/);
  });

  it('knows a law with its article, a newspaper with a date and an official page from a vague source', () => {
    expect(sourceKind('Luật Căn cước 2023, Điều 21')).toBe('legal');
    expect(sourceKind('Thông tư 75/2022/TT-BTC')).toBe('legal');
    expect(sourceKind('Báo VnExpress, tháng 3/2025')).toBe('press');
    expect(sourceKind({ url: 'https://dichvucong.gov.vn', seen: '2026-11-30' })).toBe('page');
    expect(sourceKind('https://dichvucong.gov.vn')).toBe('page-unread');
    expect(sourceKind('theo cán bộ nói')).toBe('vague');
  });
});

describe('what residents read', () => {
  it('unverified facts are "tham khảo" with the advice to ask the one-stop desk; a reviewed guide shows exact figures', () => {
    const unsourced = compileGuide(fixtureGuide('guide-unsourced.yaml').data, texts, () => undefined);
    const intro = unsourced.nodes.intro!.text as string[];
    expect(intro[2]).toContain('📍 Làm ở đâu: Tham khảo: UBND huyện nơi cư trú.');
    expect(intro[2]).toContain('💰 Lệ phí: Tham khảo: 30.000đ.');
    expect(intro[3]).toContain('bộ phận một cửa');
    expect(unsourced.nodes.step_3!.text).toEqual(['Bước 3/4: Nộp lệ phí 30.000đ, nhận giấy hẹn sau 3 ngày.', texts.unverifiedAdvice]);

    const sourced = compileGuide(fixtureGuide('guide-sourced.yaml').data, texts, () => undefined);
    expect(sourced.nodes.intro!.text).toEqual([expect.any(String), expect.any(String), '📍 Làm ở đâu: UBND xã, phường nơi cư trú.\n💰 Lệ phí: Miễn phí.\n⏱️ Thời gian: 3 ngày làm việc.']);
    expect(sourced.nodes.documents!.text).not.toContain(texts.documentsUnverified);
    expect(sourced.meta).toMatchObject({ reviewed: '2026-11-30', reviewedBy: 'cán bộ tư pháp phường' });
  });
});

describe('wording the 2025 reorganisation and the 2024 identity law made wrong', () => {
  it('flags district authorities and "căn cước công dân", except about old cards and inside quotes', () => {
    expect(findOutdatedWording('Nộp tại UBND huyện.').map((i) => i.phrase)).toEqual(['ubnd huyện']);
    expect(findOutdatedWording('Hỏi công an quận hoặc cấp huyện.').map((i) => i.phrase)).toEqual(['công an quận']);
    expect(findOutdatedWording('Nơi nộp: quận/huyện nơi ở.')).toHaveLength(1);
    expect(findOutdatedWording('Mang thẻ căn cước công dân.').map((i) => i.phrase)).toEqual(['căn cước công dân']);
    expect(findOutdatedWording('Thẻ căn cước công dân cũ còn hạn vẫn dùng được.')).toEqual([]);
    expect(findOutdatedWording('Kẻ gian nhắn: “Cập nhật CCCD tại UBND huyện”.')).toEqual([]);
    expect(findOutdatedWording('Mang thẻ căn cước đến UBND xã, phường.')).toEqual([]);
  });

  it('names the file and node of each outdated phrase in a compiled guide', () => {
    const { file, data } = fixtureGuide('guide-unsourced.yaml');
    const flow = buildRegistry([{ file, data: compileGuide(data, texts, () => undefined) }]).registry.get('guide-unsourced')!;
    const problems = checkWording(flow.file, textsOfFlow(flow));
    expect(problems.every(isWarning)).toBe(true);
    expect(problems.map((p) => p.path)).toEqual(['nodes.intro.text.2', 'nodes.step_1.text.0']);
  });

  it('the real guides have every fact sourced and no outdated wording', () => {
    const found = course.guides.flatMap((guide) => checkGuideSources(guide, { now: NOW, maxDays: 180, domains }));
    expect(found.map(formatProblem)).toEqual([]);
  });
});

describe('the review table (npm run content:review)', () => {
  const fixtureItems = [fixtureGuide('guide-unsourced.yaml'), fixtureGuide('guide-sourced.yaml')].map(guideFactItem);

  it('lists every fact with its source, status, age and what to check next', () => {
    const rows = reviewRows(fixtureItems, NOW, 180);
    const row = (guide: string, at: string) => rows.find((r) => r.guide === guide && r.path === at)!;
    expect(row('guide-unsourced', 'where')).toMatchObject({ status: 'unsourced', source: '' });
    expect(row('guide-unsourced', 'duration')).toMatchObject({ status: 'stale', next: expect.stringMatching(/^checked by cán bộ tư pháp phường on 2025-01-10, \d+ days overdue/) });
    expect(row('guide-unsourced', 'fee').next).toMatch(/^replace the source/);
    expect(row('guide-sourced', 'fee')).toMatchObject({ status: 'checked', age: 1, next: 'checked by cán bộ tư pháp phường on 2026-11-30; next check in 179 days' });
    expect(row('guide-sourced', 'steps.1')).toMatchObject({ status: 'checked', source: 'Nghị định 123/2015/NĐ-CP, Điều 22' });
    expect(rows.some((r) => r.guide === 'guide-sourced' && r.path === 'steps.0')).toBe(false);
    expect(formatReviewTable(rows).split('\n')[0]).toBe('| guide | fact | text | source | status | age (days) | next |');
  });

  it('the real guides: every fact has a source; checked ones are those the issue 17 fact-check confirmed', () => {
    const rows = reviewRows(course.guides.map(guideFactItem), NOW, 180);
    const summary = summarize(rows);
    expect(summary.unsourced).toBe(0);
    expect(summary.facts).toBeGreaterThan(200);
    expect(rows.filter((r) => r.status === 'checked').every((r) => r.next.startsWith('checked by kiểm tra đối chiếu nguồn (issue 17) on 2026-12-01'))).toBe(true);
    expect(rows.find((r) => r.guide === 'guide-id-card' && r.path === 'fee')?.status).toBe('checked');
    expect(rows.find((r) => r.guide === 'guide-land-certificate' && r.path === 'fee')?.status).toBe('unverified');
  });
});

describe('npm run content:check', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = promisify(execFile);

  async function check(root: string, args: string[], env: Record<string, string> = {}) {
    try {
      const { stdout, stderr } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/cli/content-check.ts'), ...args], { cwd: root, env: { ...process.env, ...env } });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout + failed.stderr };
    }
  }

  it('prints an unsourced fact as a warning and passes; fails on it under --strict', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hvs-sources-'));
    dirs.push(root);
    for (const dir of ['flows', 'content']) cpSync(path.join(ROOT, dir), path.join(root, dir), { recursive: true });
    const bills = path.join(root, 'content/guides/guide-bills.yaml');
    writeFileSync(bills, readFileSync(bills, 'utf8').replace(/^fee:\n( {2}.*\n)+/m, 'fee: "Miễn phí."\n'));
    const line = 'content/guides/guide-bills.yaml: fee: no source for "Miễn phí."';

    const relaxed = await check(root, []);
    expect(relaxed.out).toContain(`⚠ ${line}`);
    expect(relaxed.out).toContain('✓ Content OK');
    expect(relaxed.code).toBe(0);

    const strict = await check(root, ['--strict']);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain(line);
    expect(strict.out).toMatch(/warning\(s\) counted as errors by --strict/);

    const badSetting = await check(root, [], { CONTENT_REVIEW_MAX_DAYS: 'soon' });
    expect(badSetting.code).toBe(1);
    expect(badSetting.out).toContain('CONTENT_REVIEW_MAX_DAYS must be a whole number of days');
  }, 60_000);
});

describe('schema', () => {
  it('a fact is a plain string or { text, source, checked? }; the committed JSON Schema is the exported one', () => {
    const base = fixtureGuide('guide-sourced.yaml').data;
    expect(GuideSchema.safeParse({ ...base, fee: 'Miễn phí.' }).success).toBe(true);
    expect(GuideSchema.safeParse({ ...base, fee: { text: 'Miễn phí.' } }).success).toBe(false);
    expect(GuideSchema.safeParse({ ...base, fee: { text: 'Miễn phí.', source: 'Luật Hộ tịch 2014, Điều 11', checked: { by: 'x', on: '2026-11-30' } } }).success).toBe(false);
    expect(GuideSchema.safeParse({ ...base, reviewed: { by: 'cán bộ tư pháp', on: '30/11/2026' } }).success).toBe(false);
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema/guide.schema.json'), 'utf8'));
    expect(committed).toEqual(z.toJSONSchema(GuideSchema, { io: 'input', unrepresentable: 'any' }));
  });
});

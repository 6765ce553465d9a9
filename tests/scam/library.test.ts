import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, defaultContentPaths } from '../../src/content/loader.js';
import { buildRegistry } from '../../src/engine/flow-registry.js';
import { buildScamFlows, defangLibrary, defangLinks, detailFlowId, quizFlowId } from '../../src/scam-check/flows.js';
import { loadScamLibrary } from '../../src/scam-check/library.js';
import { SCAM_CATEGORIES, type ScamLibrary } from '../../src/scam-check/library-schema.js';
import { lintLibrary, MIN_PATTERNS, scamContentCheck } from '../../src/scam-check/lint.js';
import type { OfficialDomain } from '../../src/scam-check/urls.js';
import { weeklyAlertFor } from '../../src/scam-check/weekly.js';
import { loadRealLibrary, ROOT } from './helpers.js';

let library: ScamLibrary;
let domains: OfficialDomain[];
beforeAll(async () => ({ library, domains } = await loadRealLibrary()));

describe('scam library content', () => {
  it('has at least 30 patterns covering every category, and passes its checks', async () => {
    expect(library.patterns.length).toBeGreaterThanOrEqual(MIN_PATTERNS);
    for (const category of SCAM_CATEGORIES) expect(library.patterns.some((p) => p.category === category)).toBe(true);
    const paths = defaultContentPaths(ROOT);
    expect(await scamContentCheck(paths, await loadContent(paths))).toEqual([]);
  });

  it('covers the patterns residents actually meet (issue 3)', () => {
    const ids = library.patterns.map((p) => p.id);
    for (const id of [
      'fake-police-call',
      'fake-court-summons',
      'fake-tax-officer',
      'fake-electricity',
      'fake-vneid-level2',
      'fake-bank-sms',
      'easy-job-high-pay',
      'task-scam',
      'investment-group',
      'crypto-platform',
      'deepfake-video-call',
      'child-hospital',
      'loan-app',
      'fake-prize',
      'parcel-refund',
      'recover-scammed-money',
      'qr-code-swap',
      'sim-4g-upgrade',
      'fake-charity',
      'romance-scam',
      'malicious-apk',
      'job-abroad',
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe('scam library schema errors', () => {
  it('reports each mistake with its file and path', async () => {
    const fixtures = path.join(ROOT, 'tests/fixtures/scam/bad');
    const { problems, library: loaded } = await loadScamLibrary(ROOT, fixtures);
    const file = 'tests/fixtures/scam/bad/scams/broken-pattern.yaml';
    const at = (p: string) => problems.filter((problem) => problem.file === file && problem.path === p);
    expect(at('category')).toHaveLength(1);
    expect(at('redFlags')).toHaveLength(1);
    expect(at('signals.phrases')).toHaveLength(1);
    expect(at('source')).toHaveLength(1);
    expect(at('reviewed')).toHaveLength(1);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'tests/fixtures/scam/bad/scams/wrong-name.yaml', path: 'id' }));
    expect(problems).toContainEqual({ file: 'tests/fixtures/scam/bad/scams/_texts.yaml', path: '', message: 'file not found' });
    expect(loaded).toBeUndefined();
  });

  it('lints patterns: official source, no secret requests, one right answer, a recognisable sample', () => {
    const [first] = library.patterns;
    const bad = {
      ...first!,
      source: 'https://example.com/page',
      tip: 'Bạn hãy gửi mã OTP cho mình để kiểm tra.',
      sample: 'Chào bạn, hẹn gặp lại.',
      quiz: [
        {
          question: 'Câu?',
          options: [
            { label: 'A', correct: true, explanation: 'x' },
            { label: 'B', correct: true, explanation: 'y' },
          ],
        },
      ],
    };
    const problems = lintLibrary({ ...library, patterns: [bad] }, new Map([[bad.id, 'content/scams/x.yaml']]), domains);
    const paths = problems.filter((p) => p.file === 'content/scams/x.yaml').map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['source', 'tip', 'quiz.0.options', 'sample', 'signals']));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'content/scams/', message: expect.stringContaining('at least 30') }));
  });
});

describe('scam flows', () => {
  it('builds valid flows for every pattern, its quick check, the library list and this week', () => {
    const candidates = buildScamFlows(defangLibrary(library, domains));
    const { registry, problems } = buildRegistry([...candidates, { file: 'm', data: stubFlow('menu') }, { file: 'o', data: stubFlow('onboarding') }, { file: 'c', data: stubFlow('scam-check') }]);
    expect(problems).toEqual([]);
    for (const p of library.patterns) {
      expect(registry.get(detailFlowId(p.id))).toBeDefined();
      expect(registry.get(quizFlowId(p.id))?.nodes.q1?.type).toBe('quiz');
    }
    const week = registry.get('scam-this-week')!;
    expect(week.nodes.pick).toMatchObject({ type: 'branch', default: 'featured' });
  });

  it('defangs scam links but not official ones', () => {
    expect(defangLinks('Vào vietcombank-vn.com hoặc https://dichvucong.gov.vn', domains)).toBe('Vào vietcombank-vn[.]com hoặc https://dichvucong.gov.vn');
  });

  it('gives the weekly alert its tip and the two buttons', () => {
    const alert = weeklyAlertFor(library.patterns[0]!, library, domains);
    expect(alert.text).toBe(defangLinks(library.patterns[0]!.tip, domains));
    expect(alert.buttons?.map((b) => b.label)).toEqual(['Xem chi tiết', 'Làm bài kiểm tra nhanh']);
    expect(alert.buttons?.[1]?.payload).toBe(`f:${quizFlowId(library.patterns[0]!.id)}`);
  });
});

function stubFlow(id: string) {
  return { id, version: 1, title: id, kind: 'system', start: 'a', nodes: { a: { type: 'end', text: 'x' } } };
}

// The FAQ format and its content:check rules: a broken knowledge-base file is
// reported with its file and the path inside it, and the real one is clean.
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { faqContentCheck } from '../../src/content/checks/faq-checks.js';
import { FaqFileSchema } from '../../src/content/faq-schema.js';
import { faqProblemSource, loadFaq } from '../../src/content/faq-source.js';
import { defaultContentPaths, loadContent } from '../../src/content/loader.js';
import { flowSources } from '../../src/content/registry.js';
import { formatProblem } from '../../src/engine/flow-registry.js';
import { ROOT } from '../helpers/engine.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A content folder with the real allowlist and the given FAQ files. */
function contentWith(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'hvs-faq-'));
  dirs.push(root);
  const contentDir = path.join(root, 'content');
  mkdirSync(path.join(contentDir, 'faq'), { recursive: true });
  cpSync(path.join(ROOT, 'content/official-domains.yaml'), path.join(contentDir, 'official-domains.yaml'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(contentDir, 'faq', name), text);
  return { root, flowsDir: path.join(root, 'flows'), contentDir };
}

const entry = (id: string, extra = '') => `
  - id: ${id}
    questions: ["Quên mật khẩu VNeID thì làm sao ${id}?", "quen mk vneid ${id}", "lay lai mat khau vneid ${id}"]
    answer: ["Mở ứng dụng VNeID, bấm “Quên mật khẩu” rồi làm theo hướng dẫn trên màn hình."]
    source: "https://vneid.gov.vn"${extra}`;

describe('FAQ knowledge base checks', () => {
  it('reports schema errors with the file and the path inside it', async () => {
    const paths = contentWith({
      'vneid.yaml': `topic: vneid\nentries:\n  - id: vneid-short\n    questions: ["quen mk vneid", "quên mật khẩu vneid"]\n    answer: ["${'x'.repeat(351)}"]\n    source: "xem trên mạng"\n`,
      'bills.yaml': `topic: electricity\nentries:${entry('bills-a')}\n`,
    });
    const problems = (await loadFaq(paths)).problems.map(formatProblem);
    expect(problems).toContain('content/faq/vneid.yaml: entries.0.questions: at least 3 phrasings');
    expect(problems).toContain('content/faq/vneid.yaml: entries.0.answer.0: a bubble holds at most 350 characters');
    expect(problems.some((p) => p.startsWith('content/faq/vneid.yaml: entries.0.source: an official https link'))).toBe(true);
    expect(problems).toContain('content/faq/bills.yaml: topic: topic "electricity" must match the file name "bills"');
  });

  it('finds duplicate ids and a phrasing shared by two entries, across files, with or without diacritics', async () => {
    const paths = contentWith({
      'a.yaml': `topic: a\nentries:${entry('same-id')}\n`,
      'b.yaml': `topic: b\nentries:${entry('same-id')}${entry('other').replace('lay lai mat khau vneid other', 'Lấy lại mật khẩu VNeID same-id')}\n`,
    });
    const problems = (await loadFaq(paths)).problems.map(formatProblem);
    expect(problems).toContain('content/faq/b.yaml: entries.0.id: id "same-id" is already used in content/faq/a.yaml (entries.0)');
    expect(problems.some((p) => p.startsWith('content/faq/b.yaml: entries.1.questions.2: "Lấy lại mật khẩu VNeID same-id" is already a phrasing of "same-id"'))).toBe(true);
  });

  it('allows only official links, never asks for a secret, and needs existing related flows', async () => {
    const real = await loadContent(defaultContentPaths(ROOT), flowSources);
    const bad = `
  - id: bad-entry
    questions: ["câu hỏi một về vneid", "cau hoi hai ve vneid", "cau hoi ba vneid"]
    answer: ["Bạn vào trang vneid-hotro.com để được giúp.", "Bạn gửi mã OTP cho mình để mình kiểm tra giúp nhé.", "Công an huyện sẽ hỗ trợ {{ban}}, hỏi “bác sĩ” cũng được."]
    source: "http://vneid.gov.vn"
    related: [lesson-vneid, lesson-does-not-exist]`;
    const paths = contentWith({ 'vneid.yaml': `topic: vneid\nentries:${bad}\n` });
    const problems = (await faqContentCheck(paths, real)).map(formatProblem);
    expect(problems).toContain('content/faq/vneid.yaml: entries.0.source: "http://vneid.gov.vn" must use https');
    expect(problems).toContain('content/faq/vneid.yaml: entries.0.answer.0: "vneid-hotro.com" is not on the official allowlist (content/official-domains.yaml)');
    expect(problems.some((p) => p.startsWith('content/faq/vneid.yaml: entries.0.answer.1: asks the resident for a secret'))).toBe(true);
    expect(problems).toContain('content/faq/vneid.yaml: entries.0.related.1: unknown flow "lesson-does-not-exist" (use the id of an existing guide, lesson or scam pattern)');
    expect(problems.filter((p) => p.includes('related.0'))).toEqual([]);
    // Warnings: a fixed form of address, wording the 2025 reorganisation made wrong.
    expect(problems).toContain('content/faq/vneid.yaml: entries.0.answer.0: "Bạn" addresses the resident in one way; write {{ban}} or {{Ban}} so an elderly resident reads "bác" and others "bạn"');
    expect(problems.some((p) => p.startsWith('content/faq/vneid.yaml: entries.0.answer.2: "công an huyện": since 1 July 2025 there is no district level'))).toBe(true);
    expect(problems.filter((p) => p.startsWith('content/faq/vneid.yaml: entries.0.answer.2: "') && p.includes('addresses'))).toEqual([]);
  });

  it('a broken FAQ file makes the content invalid (start-up and reload keep the old content)', async () => {
    const paths = contentWith({ 'x.yaml': 'topic: x\nentries: []\n' });
    expect(flowSources).toContain(faqProblemSource);
    const content = await loadContent({ ...paths, flowsDir: path.join(ROOT, 'flows'), contentDir: paths.contentDir }, [faqProblemSource]);
    expect(content.problems.map(formatProblem).some((p) => p.startsWith('content/faq/x.yaml: entries:'))).toBe(true);
  });

  it('the real knowledge base passes every check, and its JSON Schema is exported', async () => {
    const paths = defaultContentPaths(ROOT);
    const real = await loadContent(paths, flowSources);
    const { entries, problems } = await loadFaq(paths);
    expect([...problems, ...(await faqContentCheck(paths, real))].map(formatProblem)).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema/faq.schema.json'), 'utf8'));
    expect(committed).toEqual(z.toJSONSchema(FaqFileSchema, { io: 'input', unrepresentable: 'any' }));
  });
});

// Each content lint catches its bad fixture (tests/fixtures/curriculum/) and
// names the file and path; the real curriculum passes them all.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRegistry, type ContentProblem } from '../../src/engine/flow-registry.js';
import { compileCourse, loadCourse } from '../../src/content/course-source.js';
import { curriculumChecks } from '../../src/content/checks/index.js';
import { checkCurriculum, checkMetadata, checkQuizzes, checkRelated } from '../../src/content/checks/course-checks.js';
import { checkLinks } from '../../src/content/checks/link-checks.js';
import { checkFlowsReachable, checkNodesReachable } from '../../src/content/checks/reach-checks.js';
import { checkFlowTexts } from '../../src/content/checks/text-checks.js';
import { findSecretRequest } from '../../src/content/checks/secrets.js';
import { loadOfficialDomains } from '../../src/content/domains.js';
import { FIXTURES, PATHS, ROOT, fixture, realCandidates, realContent, realCourse, registryWith } from './helpers.js';

const FIXTURE_DIR = path.relative(ROOT, FIXTURES);
const where = (problems: ContentProblem[]) => problems.map((p) => `${p.file}: ${p.path}`);

async function fixtureFlow(name: string) {
  const candidate = await fixture(name);
  const registry = await registryWith(candidate);
  const flow = registry.all().find((f) => f.file === candidate.file);
  if (!flow) throw new Error(`fixture ${name} did not load`);
  return { flow, registry };
}

describe('text lints', () => {
  it('a bubble over 350 characters', async () => {
    const { flow } = await fixtureFlow('flow-long-bubble.yaml');
    const problems = checkFlowTexts([flow]);
    expect(where(problems)).toEqual([`${FIXTURE_DIR}/flow-long-bubble.yaml: nodes.main.text.1`]);
    expect(problems[0]!.message).toMatch(/at most 350/);
  });

  it('asking for an OTP, and storing a password', async () => {
    const { flow } = await fixtureFlow('flow-asks-secret.yaml');
    const problems = checkFlowTexts([flow]);
    expect(where(problems)).toEqual([`${FIXTURE_DIR}/flow-asks-secret.yaml: nodes.ask_otp.text`, `${FIXTURE_DIR}/flow-asks-secret.yaml: nodes.ask_otp.save`]);
  });

  it.each([
    ['Gửi mã OTP cho mình nhé', true],
    ['Bác đọc mật khẩu cho mình', true],
    ['Hãy nhập số căn cước vào đây để mình kiểm tra', true],
    ['Cho mình biết số tài khoản của bạn', true],
    ['Chụp căn cước gửi mình', true],
    ['Không bao giờ đọc mã OTP cho ai.', false],
    ['Ngân hàng gửi mã OTP về máy bạn.', false],
    ['Kẻ gian gọi điện xin mã OTP.', false],
    ['Mở ứng dụng, nhập mật khẩu của bạn để đăng nhập.', false],
    ['Đọc kỹ tin nhắn OTP: nó ghi mã dùng để làm gì.', false],
    ['Tin nhắn mẫu: “Anh gửi mã OTP để nhận quà nhé”.', false],
    ['Bảo kết bạn Zalo, gửi số thẻ ngân hàng.', false],
  ])('"%s" asks for a secret: %s', (text, asks) => {
    expect(findSecretRequest(text) !== undefined).toBe(asks);
  });
});

describe('link lint', () => {
  it('look-alike domains, http, bare domains in text and sources off the allowlist', async () => {
    const { flow } = await fixtureFlow('flow-bad-links.yaml');
    const { domains } = await loadOfficialDomains(PATHS);
    const problems = checkLinks([flow], domains);
    const file = `${FIXTURE_DIR}/flow-bad-links.yaml`;
    expect(where(problems).sort()).toEqual([`${file}: meta.source`, `${file}: nodes.in_text.text`, `${file}: nodes.lookalike.link.url`, `${file}: nodes.plain_http.link.url`]);
    expect(problems.find((p) => p.path === 'nodes.in_text.text')!.message).toContain('vietcombank-vn.com');
    expect(problems.find((p) => p.path === 'nodes.plain_http.link.url')!.message).toContain('https');
  });
});

describe('quiz and metadata lints', () => {
  it('too few questions, a blank explanation, two correct options, a missing source', async () => {
    const candidate = await fixture('flow-bad-lesson.yaml');
    const built = buildRegistry([...(await realCandidates()), candidate]);
    const flow = built.registry.get('fixture-bad-lesson')!;
    expect(where(checkQuizzes(flow)).sort()).toEqual([`${candidate.file}: nodes`, `${candidate.file}: nodes.q1.options.0.explanation`]);
    expect(where(built.problems)).toContain(`${candidate.file}: nodes.q2.options`);
    expect(where(checkMetadata(flow))).toEqual([`${candidate.file}: meta.source`]);
  });

  it('an authored lesson with two correct options names its file and path', async () => {
    const course = await loadCourse({ ...PATHS, contentDir: path.join(FIXTURES, 'bad-course') });
    const problem = course.problems.find((p) => p.file.endsWith('lesson-two-correct.yaml'));
    expect(problem).toMatchObject({ file: `${FIXTURE_DIR}/bad-course/lessons/lesson-two-correct.yaml`, path: 'quiz.0.options' });
    expect(problem!.message).toMatch(/exactly one/);
  });
});

describe('reachability, orphans and references', () => {
  it('a flow no menu reaches, and a node nothing points to', async () => {
    const { flow, registry } = await fixtureFlow('flow-unreachable.yaml');
    expect(where(checkFlowsReachable(registry.all()))).toEqual([`${flow.file}: id`]);
    expect(where(checkNodesReachable(flow))).toEqual([`${flow.file}: nodes.forgotten`]);
  });

  it('unknown, mis-kinded, duplicated and unlisted items; broken related links; a misnamed file', async () => {
    const real = await realCourse();
    const bad = await loadCourse({ ...PATHS, contentDir: path.join(FIXTURES, 'bad-course') });
    const course = { ...bad, texts: real.texts! };
    const lessonsAndGuides = compileCourse(course).filter((c) => !c.file.endsWith('curriculum.yaml'));
    const registry = buildRegistry([...(await realCandidates()), ...lessonsAndGuides]).registry;
    const curriculum = `${FIXTURE_DIR}/bad-course/curriculum.yaml`;
    const problems = checkCurriculum(course, registry);
    expect(where(problems)).toEqual(
      expect.arrayContaining([
        `${curriculum}: lessonAreas.0.items.1`,
        `${curriculum}: lessonAreas.0.items.2`,
        `${curriculum}: lessonAreas`,
        `${curriculum}: paths.default.1`,
        `${curriculum}: minimum.lessons`,
        `${FIXTURE_DIR}/bad-course/lessons/lesson-orphan.yaml: id`,
      ]),
    );
    expect(problems.find((p) => p.path === 'lessonAreas.0.items.2')!.message).toContain('is a guide');
    expect(problems.find((p) => p.path === 'lessonAreas')!.message).toContain('listed 2 times');
    expect(where(checkRelated(course, registry)).sort()).toEqual([
      `${FIXTURE_DIR}/bad-course/guides/guide-wrong-name.yaml: relatedLessons.0`,
      `${FIXTURE_DIR}/bad-course/lessons/lesson-orphan.yaml: relatedGuides.0`,
    ]);
    expect(where(bad.problems)).toContain(`${FIXTURE_DIR}/bad-course/guides/guide-wrong-name.yaml: id`);
  });
});

describe('the real curriculum', () => {
  // Scam content belongs to the scam library and is checked by its own tests.
  const ours = (p: ContentProblem) => !/(^|\/)(content\/scams\/|flows\/scam-)/.test(p.file);

  it('loads without problems', async () => {
    const content = await realContent();
    expect(content.problems.filter(ours)).toEqual([]);
  });

  it('passes every curriculum lint', async () => {
    const content = await realContent();
    const problems: ContentProblem[] = [];
    for (const check of curriculumChecks) problems.push(...(await check(PATHS, content)));
    expect(problems.filter(ours)).toEqual([]);
  });
});

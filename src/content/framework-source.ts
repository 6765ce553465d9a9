// Reads the skills framework (content/framework.yaml) and the question banks
// (content/assessment/<area>.yaml) and compiles them into flows: one test per
// area ("assess-<area>", kind assessment), the list of tests ("assessments")
// and the certificate ("certificate", which asks the name to show and hands the
// rest to the certificate service). Problems carry the author's file and path.
import path from 'node:path';
import { zodProblems, type ContentProblem, type FlowCandidate } from '../engine/flow-registry.js';
import { readYamlDir, readYamlFile, type ContentPaths, type FlowSource } from './loader.js';
import type { Authored } from './authored.js';
import { bubbles, fill, type ButtonData, type FlowData } from './compile-common.js';
import { AssessmentBankSchema, FrameworkSchema, type AssessmentBank, type Framework, type FrameworkArea } from './framework-schema.js';

export const FRAMEWORK_FILE = 'framework.yaml';
export const ASSESSMENT_DIR = 'assessment';
export const ASSESSMENTS_MENU_ID = 'assessments';
export const CERTIFICATE_FLOW_ID = 'certificate';
export const assessmentFlowId = (area: string) => `assess-${area}`;

export interface LoadedFramework {
  framework?: Authored<Framework>;
  banks: Authored<AssessmentBank>[];
  problems: ContentProblem[];
}

export async function loadFramework(paths: ContentPaths): Promise<LoadedFramework> {
  const problems: ContentProblem[] = [];
  const relative = path.relative(paths.root, path.join(paths.contentDir, FRAMEWORK_FILE));
  const data = await readYamlFile(path.join(paths.root, relative), relative, problems);
  // No framework file: a content tree without the learner's journey (test fixtures) is fine.
  if (data === undefined) return { banks: [], problems: [] };
  const parsed = FrameworkSchema.safeParse(data);
  if (!parsed.success) return { banks: [], problems: zodProblems(relative, parsed.error) };
  const banks: Authored<AssessmentBank>[] = [];
  for (const candidate of await readYamlDir(paths.root, path.join(paths.contentDir, ASSESSMENT_DIR), problems)) {
    const bank = AssessmentBankSchema.safeParse(candidate.data);
    if (!bank.success) problems.push(...zodProblems(candidate.file, bank.error));
    else banks.push({ file: candidate.file, data: bank.data });
  }
  return { framework: { file: relative, data: parsed.data }, banks, problems };
}

export function compileFramework(loaded: LoadedFramework): FlowCandidate[] {
  const { framework } = loaded;
  if (!framework) return [];
  const candidates: FlowCandidate[] = [];
  for (const area of framework.data.areas) {
    const bank = loaded.banks.find((b) => b.data.area === area.id);
    if (bank) candidates.push({ file: bank.file, data: compileAssessment(framework.data, area, bank.data) });
  }
  const tested = framework.data.areas.filter((area) => loaded.banks.some((b) => b.data.area === area.id));
  candidates.push({ file: framework.file, data: compileAssessmentMenu(framework.data, tested) });
  candidates.push({ file: framework.file, data: compileCertificateFlow(framework.data, tested) });
  return candidates;
}

function menuButton(framework: Framework): ButtonData {
  return { label: framework.texts.labels.menu, command: 'menu' };
}

/** "Every basic area's test is passed", as a branch condition. */
function allPassed(areas: FrameworkArea[]) {
  return { all: areas.filter((a) => a.basic).map((a) => ({ field: `progress.${assessmentFlowId(a.id)}`, equals: 'completed' })) };
}

function compileAssessment(framework: Framework, area: FrameworkArea, bank: AssessmentBank): FlowData {
  const { texts, assessment } = framework;
  const values = { area: area.title, questions: assessment.questions, passMark: assessment.passMark };
  const review = framework.areas.length > 0 ? [{ label: texts.labels.otherAreas, flow: ASSESSMENTS_MENU_ID }] : [];
  return {
    id: assessmentFlowId(area.id),
    version: bank.version,
    title: area.title,
    kind: 'assessment',
    start: 'intro',
    meta: { area: area.id, code: area.code, label: area.label, basic: area.basic, summary: area.description },
    nodes: {
      intro: {
        type: 'send',
        text: bubbles(texts.intro).map((b) => fill(b, values)),
        buttons: [
          { label: texts.labels.start, next: 'test' },
          { label: texts.labels.later, command: 'menu' },
        ],
      },
      test: {
        type: 'assess',
        heading: texts.questionHeading,
        questions: bank.questions.map((q) => ({ ...q, options: q.options.map((o) => ({ ...o, correct: o.correct ?? false })) })),
        draw: Math.min(assessment.questions, bank.questions.length),
        passMark: assessment.passMark,
        passed: 'passed_check',
        failed: 'failed',
      },
      passed_check: { type: 'branch', cases: [{ when: allPassed(framework.areas), next: 'all_passed' }], default: 'passed' },
      passed: { type: 'end', text: bubbles(texts.passed).map((b) => fill(b, values)), buttons: [...review, menuButton(framework)] },
      all_passed: {
        type: 'end',
        text: [...bubbles(texts.passed).map((b) => fill(b, values)), ...bubbles(texts.allPassed)],
        buttons: [{ label: texts.labels.certificate, flow: CERTIFICATE_FLOW_ID }, menuButton(framework)],
      },
      failed: {
        type: 'send',
        text: bubbles(texts.failed).map((b) => fill(b, values)),
        buttons: [
          { label: texts.labels.retry, next: 'test' },
          ...review,
          { label: texts.labels.later, command: 'menu' },
        ],
      },
    },
  };
}

function compileAssessmentMenu(framework: Framework, areas: FrameworkArea[]): FlowData {
  return {
    id: ASSESSMENTS_MENU_ID,
    version: 1,
    title: framework.texts.menuTitle,
    kind: 'system',
    start: 'main',
    // "tiến độ" (src/engine/skills-progress.ts) reads its words from here.
    meta: { progress: framework.texts.progress },
    nodes: {
      main: {
        type: 'send',
        text: bubbles(framework.texts.menuIntro),
        buttons: [...areas.map((area) => ({ label: area.label, flow: assessmentFlowId(area.id) })), menuButton(framework)],
      },
    },
  };
}

function compileCertificateFlow(framework: Framework, areas: FrameworkArea[]): FlowData {
  const texts = framework.certificate;
  const passed = allPassed(framework.areas);
  return {
    id: CERTIFICATE_FLOW_ID,
    version: 1,
    title: texts.title,
    kind: 'system',
    start: 'gate',
    // The certificate service reads its words and the areas from here.
    meta: { texts, certificateAreas: areas.map((a) => ({ id: a.id, code: a.code, title: a.title, flow: assessmentFlowId(a.id), basic: a.basic })) },
    nodes: {
      gate: {
        type: 'branch',
        cases: [
          { when: { all: [passed, { field: 'profile.certificate', exists: true }] }, next: 'issue' },
          { when: passed, next: 'ask_name' },
        ],
        default: 'not_yet',
      },
      not_yet: { type: 'end', text: texts.notYet, buttons: [{ label: framework.texts.menuTitle, flow: ASSESSMENTS_MENU_ID }, menuButton(framework)] },
      ask_name: {
        type: 'ask',
        text: texts.askName,
        choices: [{ label: texts.noName, value: '', next: 'mark' }],
        // Letters, spaces, dots, apostrophes and hyphens (checked without diacritics): no numbers, so no phone or ID numbers.
        input: { minLength: 2, maxLength: 60, pattern: "^[a-z][a-z .'-]*$" },
        invalid: texts.nameInvalid,
        save: 'profile.certificateName',
        next: 'mark',
        onMaxRetries: 'not_yet',
      },
      mark: { type: 'set', set: { 'profile.certificate': true }, next: 'issue' },
      issue: { type: 'service', service: 'certificate', next: 'done' },
      done: { type: 'end', buttons: [menuButton(framework)] },
    },
  };
}

export const frameworkFlowSource: FlowSource = async (paths) => {
  const loaded = await loadFramework(paths);
  return { candidates: compileFramework(loaded), problems: loaded.problems };
};

// The skills framework map and the area tests: content:check errors name the
// file and path; a draw is stable for one seed and differs between residents;
// a button names the question and option ids, so it still means the same
// answer after an author reorders or adds options; results go into progress.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkFrameworkMap } from '../../src/content/checks/framework-checks.js';
import { AssessmentBankSchema, FrameworkSchema } from '../../src/content/framework-schema.js';
import { CourseTextsSchema, LessonSchema } from '../../src/content/course-schema.js';
import { loadFramework, type LoadedFramework } from '../../src/content/framework-source.js';
import { assessmentChoices, drawAssessment, orderedOptions } from '../../src/engine/assessment.js';
import type { LoadedFlow } from '../../src/engine/flow-registry.js';
import type { NodeOf } from '../../src/engine/flow-schema.js';
import { activeFrame, type Frame } from '../../src/engine/state.js';
import { bubblesOf, consentingUser, contextOf, PATHS, realContent, ROOT, send } from './helpers.js';

const content = await realContent();
const ctx = contextOf(content);
const framework = await loadFramework(PATHS);

function assessNode(flowId: string): NodeOf<'assess'> {
  const node = content.registry.node(flowId, 'test')!;
  if (node.type !== 'assess') throw new Error('not an assess node');
  return node;
}

describe('content:check of the framework map', () => {
  const lesson = (id: string, file: string, areas?: string[]) => ({ id, kind: 'lesson', file, meta: areas ? { areas } : {}, nodes: {} }) as unknown as LoadedFlow;
  const bank = (area: string, file: string, ids: string[]) => ({
    file,
    data: { area, version: 1, questions: ids.map((id) => ({ id, question: 'Câu hỏi?', options: [{ id: 'a', label: 'A', correct: true, explanation: 'Vì thế.' }] })) },
  });
  const loaded = (banks: ReturnType<typeof bank>[]): LoadedFramework => ({
    framework: { file: 'content/framework.yaml', data: { ...framework.framework!.data, areas: framework.framework!.data.areas.slice(0, 2) } },
    banks: banks as LoadedFramework['banks'],
    problems: [],
  });
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('the real content has no problems', async () => {
    expect(framework.problems).toEqual([]);
    expect(checkFrameworkMap(framework, content.registry.all())).toEqual([]);
  });

  it('reports an area no lesson covers, an unknown area, a lesson without areas, a short bank, a reused id and a misnamed bank', () => {
    const flows = [lesson('lesson-a', 'content/lessons/lesson-a.yaml', ['device', 'nowhere']), lesson('lesson-qr', 'flows/lesson-qr.yaml')];
    const banks = [bank('device', 'content/assessment/device.yaml', ids('d', 8)), bank('information', 'content/assessment/info.yaml', [...ids('i', 6), 'd-1'])];
    const where = checkFrameworkMap(loaded(banks), flows).map((p) => `${p.file}: ${p.path}: ${p.message}`);
    expect(where).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^content\/lessons\/lesson-a\.yaml: areas\.1: unknown area "nowhere"/),
        expect.stringMatching(/^flows\/lesson-qr\.yaml: meta\.areas: every lesson names the areas/),
        expect.stringMatching(/^content\/framework\.yaml: areas\.1: area "information" .* has no lesson/),
        expect.stringMatching(/^content\/assessment\/info\.yaml: questions: an area needs at least 8 questions \(found 7\)/),
        expect.stringMatching(/^content\/assessment\/info\.yaml: questions\.6\.id: question id "d-1" is also used in content\/assessment\/device\.yaml/),
        expect.stringMatching(/^content\/assessment\/info\.yaml: area: the file should be named information\.yaml/),
      ]),
    );
    expect(where.filter((line) => line.includes('areas.0'))).toEqual([]);
  });

  it('every area has a bank of at least 8 questions with one right answer each', () => {
    for (const area of framework.framework!.data.areas) {
      const found = framework.banks.find((b) => b.data.area === area.id)!;
      expect(found.data.questions.length, area.id).toBeGreaterThanOrEqual(8);
    }
  });

  it('the exported JSON Schemas are in step with the formats (npm run schema:export)', () => {
    for (const [file, schema] of [
      ['framework.schema.json', FrameworkSchema],
      ['assessment.schema.json', AssessmentBankSchema],
      ['lesson.schema.json', LessonSchema],
      ['course-texts.schema.json', CourseTextsSchema],
    ] as const) {
      const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema', file), 'utf8'));
      expect(committed, file).toEqual(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
    }
  });
});

describe('shuffling and payloads', () => {
  const node = assessNode('assess-safety');

  it('one seed gives one draw; residents get different draws and orders', () => {
    expect(drawAssessment(node.questions, 5, 'resident-1')).toEqual(drawAssessment(node.questions, 5, 'resident-1'));
    const draws = Array.from({ length: 20 }, (_, i) => JSON.stringify(drawAssessment(node.questions, 5, `resident-${i}`)));
    expect(new Set(draws).size).toBeGreaterThan(15);
    const first = drawAssessment(node.questions, 5, 'resident-1');
    expect(first.questions).toHaveLength(5);
    expect(new Set(first.questions).size).toBe(5);
    for (const id of first.questions) expect([...first.order[id]!].sort()).toEqual(node.questions.find((q) => q.id === id)!.options.map((o) => o.id).sort());
  });

  it('a button names question and option ids, and keeps its meaning when the author reorders or adds options', () => {
    const run = drawAssessment(node.questions, 5, 'resident-7');
    const frame: Frame = { flow: 'assess-safety', node: 'test', revision: 'x', history: [], retries: 0, vars: {}, quiz: {}, assessment: run };
    const before = assessmentChoices(frame, node);
    expect(before.every((b) => /^a:[a-z0-9-]+:[a-z]$/.test(b.payload))).toBe(true);
    const question = node.questions.find((q) => q.id === run.questions[0])!;
    const edited = { ...node, questions: node.questions.map((q) => (q === question ? { ...q, options: [{ id: 'd', label: 'Mới', correct: false, explanation: 'Đáp án mới.' }, ...[...q.options].reverse()] } : q)) };
    const after = assessmentChoices(frame, edited);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)!.payload).toBe(`a:${question.id}:d`);
    expect(orderedOptions(question, ['zz', ...run.order[question.id]!]).map((o) => o.id)).toEqual(run.order[question.id]);
  });

  it('a question the author removed mid-test is skipped', () => {
    const run = drawAssessment(node.questions, 5, 'resident-9');
    const frame: Frame = { flow: 'assess-safety', node: 'test', revision: 'x', history: [], retries: 0, vars: {}, quiz: {}, assessment: run };
    const without = { ...node, questions: node.questions.filter((q) => q.id !== run.questions[0]) };
    expect(assessmentChoices(frame, without)[0]!.payload).toMatch(new RegExp(`^a:${run.questions[1]}:`));
  });
});

describe('an area test through the engine', () => {
  const start = () => send(send(consentingUser({ ward: 'Phường Hòa Bình' }), { payload: 'f:assess-device' }, ctx).state, { text: 'Bắt đầu kiểm tra' }, ctx);

  it('accepts "1" for the first option shown, refuses an answer to an earlier question, and records a failed attempt as not passed', () => {
    let result = start();
    expect(bubblesOf(result)[0]).toMatch(/^Câu 1\/5: /);
    const firstButtons = result.state.choices;
    result = send(result.state, { text: '1' }, ctx);
    expect(Object.keys(activeFrame(result.state)!.quiz)).toEqual([firstButtons[0]!.payload.split(':')[1]]);
    expect(bubblesOf(send(result.state, { payload: firstButtons[1]!.payload }, ctx))[0]).toBe(content.catalog.stalePayload.toString());
    const node = assessNode('assess-device');
    while (activeFrame(result.state)?.node === 'test') {
      const [, question] = result.state.choices[0]!.payload.split(':');
      const wrong = node.questions.find((q) => q.id === question)!.options.find((o) => !o.correct)!;
      result = send(result.state, { payload: `a:${question}:${wrong.id}` }, ctx);
    }
    expect(activeFrame(result.state)!.node).toBe('failed');
    expect(result.state.progress['assess-device']).toMatchObject({ status: 'started', bestScore: 0, quizTotal: 5 });
    expect(result.state.choices.map((c) => c.label)).toContain('Làm lại ngay');
    // A retry draws again (a new attempt at the test node).
    result = send(result.state, { text: 'Làm lại ngay' }, ctx);
    expect(bubblesOf(result)[0]).toMatch(/^Câu 1\/5: /);
  });
});

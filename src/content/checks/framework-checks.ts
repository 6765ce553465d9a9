// Checks of the skills framework map: every lesson names known areas, every
// area is covered by a lesson and has a question bank of at least 8 questions,
// question ids are unique across banks (a button names them).
import path from 'node:path';
import type { ContentProblem, LoadedFlow } from '../../engine/flow-registry.js';
import type { ContentCheck } from '../check-types.js';
import { loadFramework, type LoadedFramework } from '../framework-source.js';
import { MIN_QUESTIONS_PER_AREA } from '../framework-schema.js';

/** Where a lesson's areas are written: `areas` in content/lessons/, `meta.areas` in a hand-written flow. */
function areasPath(flow: LoadedFlow): string {
  return path.basename(path.dirname(flow.file)) === 'lessons' ? 'areas' : 'meta.areas';
}

export function checkFrameworkMap(loaded: LoadedFramework, flows: LoadedFlow[]): ContentProblem[] {
  const { framework, banks } = loaded;
  if (!framework) return [];
  const problems: ContentProblem[] = [];
  const known = new Set(framework.data.areas.map((area) => area.id));
  const lessons = flows.filter((flow) => flow.kind === 'lesson');
  for (const lesson of lessons) {
    const areas = Array.isArray(lesson.meta?.areas) ? (lesson.meta.areas as string[]) : [];
    if (areas.length === 0) problems.push({ file: lesson.file, path: areasPath(lesson), message: `every lesson names the areas of ${framework.file} it covers (e.g. areas: [${[...known][0]}])` });
    areas.forEach((area, i) => {
      if (!known.has(area)) problems.push({ file: lesson.file, path: `${areasPath(lesson)}.${i}`, message: `unknown area "${area}" (the areas are in ${framework.file})` });
    });
  }
  framework.data.areas.forEach((area, i) => {
    const covered = lessons.some((lesson) => Array.isArray(lesson.meta?.areas) && (lesson.meta.areas as string[]).includes(area.id));
    if (!covered) problems.push({ file: framework.file, path: `areas.${i}`, message: `area "${area.id}" (${area.title}) has no lesson: add a lesson with areas: [${area.id}]` });
    if (!banks.some((bank) => bank.data.area === area.id)) problems.push({ file: framework.file, path: `areas.${i}`, message: `area "${area.id}" has no question bank (content/assessment/${area.id}.yaml)` });
  });
  const seen = new Map<string, string>();
  for (const { file, data } of banks) {
    if (!known.has(data.area)) problems.push({ file, path: 'area', message: `unknown area "${data.area}" (the areas are in ${framework.file})` });
    if (path.basename(file) !== `${data.area}.yaml`) problems.push({ file, path: 'area', message: `the file should be named ${data.area}.yaml` });
    if (data.questions.length < MIN_QUESTIONS_PER_AREA) problems.push({ file, path: 'questions', message: `an area needs at least ${MIN_QUESTIONS_PER_AREA} questions (found ${data.questions.length})` });
    data.questions.forEach((question, i) => {
      const other = seen.get(question.id);
      if (other) problems.push({ file, path: `questions.${i}.id`, message: `question id "${question.id}" is also used in ${other}` });
      seen.set(question.id, file);
    });
  }
  return problems;
}

export const frameworkContentCheck: ContentCheck = async (paths, content) => checkFrameworkMap(await loadFramework(paths), content.registry.all());

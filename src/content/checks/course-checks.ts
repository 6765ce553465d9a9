// Cross-checks between lessons, guides, quizzes and the curriculum: broken
// references, orphans (content no menu lists), promised counts, and the
// metadata every lesson and guide must carry.
import type { ContentProblem, FlowRegistry, LoadedFlow } from '../../engine/flow-registry.js';
import type { Course } from '../course-source.js';

export const QUIZ_RANGE = { min: 3, max: 5 };

export function checkCurriculum(course: Course, registry: FlowRegistry): ContentProblem[] {
  const curriculum = course.curriculum;
  if (!curriculum) return [];
  const { file, data } = curriculum;
  const problems: ContentProblem[] = [];
  const expectKind = (path: string, id: string, kind: 'lesson' | 'guide') => {
    const flow = registry.get(id);
    if (!flow) problems.push({ file, path, message: `unknown ${kind} "${id}"` });
    else if (flow.kind !== kind) problems.push({ file, path, message: `"${id}" is a ${flow.kind}, not a ${kind}` });
  };
  data.lessonAreas.forEach((area, a) => area.items.forEach((id, i) => expectKind(`lessonAreas.${a}.items.${i}`, id, 'lesson')));
  data.guideAreas.forEach((area, a) => area.items.forEach((id, i) => expectKind(`guideAreas.${a}.items.${i}`, id, 'guide')));
  for (const [group, ids] of Object.entries(data.paths)) ids?.forEach((id, i) => expectKind(`paths.${group}.${i}`, id, 'lesson'));
  problems.push(...checkListedOnce(course, registry), ...checkCounts(course, registry));
  return problems;
}

/** Every lesson and guide appears in its menu exactly once: nothing orphaned, nothing twice. */
function checkListedOnce(course: Course, registry: FlowRegistry): ContentProblem[] {
  const { file, data } = course.curriculum!;
  const problems: ContentProblem[] = [];
  for (const kind of ['lesson', 'guide'] as const) {
    const key = kind === 'lesson' ? 'lessonAreas' : 'guideAreas';
    const listed = data[key].flatMap((area) => area.items);
    for (const flow of registry.all().filter((f) => f.kind === kind)) {
      const count = listed.filter((id) => id === flow.id).length;
      if (count === 0) problems.push({ file: flow.file, path: 'id', message: `${kind} "${flow.id}" is not listed in ${file} (${key}), so no menu shows it` });
      if (count > 1) problems.push({ file, path: key, message: `${kind} "${flow.id}" is listed ${count} times` });
    }
  }
  return problems;
}

function checkCounts(course: Course, registry: FlowRegistry): ContentProblem[] {
  const { file, data } = course.curriculum!;
  const count = (kind: string) => registry.all().filter((flow) => flow.kind === kind).length;
  const problems: ContentProblem[] = [];
  if (count('lesson') < data.minimum.lessons) problems.push({ file, path: 'minimum.lessons', message: `${count('lesson')} lessons, fewer than the ${data.minimum.lessons} promised` });
  if (count('guide') < data.minimum.guides) problems.push({ file, path: 'minimum.guides', message: `${count('guide')} guides, fewer than the ${data.minimum.guides} promised` });
  return problems;
}

/** relatedGuides of lessons and relatedLessons of guides point to existing items of the right kind. */
export function checkRelated(course: Course, registry: FlowRegistry): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const expect = (file: string, path: string, id: string, kind: 'lesson' | 'guide') => {
    const flow = registry.get(id);
    if (!flow || flow.kind !== kind) problems.push({ file, path, message: `unknown ${kind} "${id}"` });
  };
  for (const { file, data } of course.lessons) data.relatedGuides?.forEach((id, i) => expect(file, `relatedGuides.${i}`, id, 'guide'));
  for (const { file, data } of course.guides) data.relatedLessons.forEach((id, i) => expect(file, `relatedLessons.${i}`, id, 'lesson'));
  return problems;
}

/** Metadata every lesson and guide carries, hand-written or compiled. */
export function checkMetadata(flow: LoadedFlow): ContentProblem[] {
  if (flow.kind === 'system' || flow.kind === 'assessment') return [];
  const meta = flow.meta ?? {};
  // A guide's review is optional: it is set only when someone checked it (source-checks.ts reports the gaps).
  const required = flow.kind === 'lesson' ? ['source', 'reviewed', 'summary', 'groups', 'minutes', 'skill'] : ['source', 'summary', 'groups'];
  const problems: ContentProblem[] = required
    .filter((key) => meta[key] === undefined || meta[key] === '')
    .map((key) => ({ file: flow.file, path: `meta.${key}`, message: `every ${flow.kind} needs "${key}"` }));
  if (typeof meta.reviewed === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(meta.reviewed)) {
    problems.push({ file: flow.file, path: 'meta.reviewed', message: 'write the review date as YYYY-MM-DD' });
  }
  return problems;
}

/** Lessons have 3–5 questions; every option of every quiz has a real explanation. */
export function checkQuizzes(flow: LoadedFlow): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const quizzes = Object.entries(flow.nodes).filter(([, node]) => node.type === 'quiz');
  if (flow.kind === 'lesson' && (quizzes.length < QUIZ_RANGE.min || quizzes.length > QUIZ_RANGE.max)) {
    problems.push({ file: flow.file, path: 'nodes', message: `a lesson has ${QUIZ_RANGE.min}–${QUIZ_RANGE.max} quiz questions (found ${quizzes.length})` });
  }
  for (const [id, node] of quizzes) {
    if (node.type !== 'quiz') continue;
    node.options.forEach((option, i) => {
      if (option.explanation.trim().length < 5) problems.push({ file: flow.file, path: `nodes.${id}.options.${i}.explanation`, message: 'every option needs an explanation of why it is right or wrong' });
    });
  }
  return problems;
}

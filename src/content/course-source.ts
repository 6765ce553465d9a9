// Reads the author-facing course files (texts, curriculum, lessons, guides),
// validates them and compiles them into flows: the FlowSource registered in
// registry.ts. Problems carry the author's file and path, never a crash.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { zodProblems, type ContentProblem, type FlowCandidate } from '../engine/flow-registry.js';
import { readYamlDir, readYamlFile, type ContentPaths, type FlowSource } from './loader.js';
import {
  CourseTextsSchema, CurriculumSchema, GuideSchema, LessonSchema,
  type CourseTexts, type Curriculum, type Guide, type Lesson,
} from './course-schema.js';
import { compileLesson } from './compile-lesson.js';
import { compileGuide } from './compile-guide.js';
import { compileMenu, compileRecommend, compileRecommendStart, type ItemInfo } from './compile-menus.js';
import type { FlowData } from './compile-common.js';

export type { Authored } from './authored.js';
import type { Authored } from './authored.js';

export interface Course {
  texts?: CourseTexts;
  curriculum?: Authored<Curriculum>;
  lessons: Authored<Lesson>[];
  guides: Authored<Guide>[];
  /** Titles and minutes of hand-written flows in flows/ (e.g. lesson-qr), for menus. */
  handWritten: Map<string, ItemInfo & { kind: string; file: string }>;
  problems: ContentProblem[];
}

export const COURSE_FILES = { texts: 'course-texts.yaml', curriculum: 'curriculum.yaml', lessons: 'lessons', guides: 'guides' };

export async function loadCourse(paths: ContentPaths): Promise<Course> {
  const problems: ContentProblem[] = [];
  const rel = (name: string) => path.relative(paths.root, path.join(paths.contentDir, name));
  const texts = await readOne(paths, rel(COURSE_FILES.texts), CourseTextsSchema, problems);
  const curriculum = await readOne(paths, rel(COURSE_FILES.curriculum), CurriculumSchema, problems);
  const lessons = await readAuthored(paths, COURSE_FILES.lessons, LessonSchema, problems);
  const guides = await readAuthored(paths, COURSE_FILES.guides, GuideSchema, problems);
  const handWritten = await readHandWritten(paths);
  return {
    ...(texts ? { texts: texts.data } : {}),
    ...(curriculum ? { curriculum } : {}),
    lessons, guides, handWritten, problems,
  };
}

async function readOne<S extends z.ZodType>(paths: ContentPaths, relative: string, schema: S, problems: ContentProblem[]): Promise<Authored<z.output<S>> | undefined> {
  const data = await readYamlFile(path.join(paths.root, relative), relative, problems);
  if (data === undefined) return undefined;
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    problems.push(...zodProblems(relative, parsed.error));
    return undefined;
  }
  return { file: relative, data: parsed.data };
}

/** Every file of a content subfolder, validated; the file must be named after its id. */
async function readAuthored<S extends z.ZodType<{ id: string }>>(paths: ContentPaths, folder: string, schema: S, problems: ContentProblem[]): Promise<Authored<z.output<S>>[]> {
  const dir = path.join(paths.contentDir, folder);
  const exists = await readdir(dir).then(() => true, () => false);
  if (!exists) return [];
  const items: Authored<z.output<S>>[] = [];
  for (const candidate of await readYamlDir(paths.root, dir, problems)) {
    const parsed = schema.safeParse(candidate.data);
    if (!parsed.success) {
      problems.push(...zodProblems(candidate.file, parsed.error));
      continue;
    }
    const expected = `${parsed.data.id}.yaml`;
    if (path.basename(candidate.file) !== expected) problems.push({ file: candidate.file, path: 'id', message: `the file should be named ${expected}` });
    items.push({ file: candidate.file, data: parsed.data });
  }
  return items;
}

async function readHandWritten(paths: ContentPaths): Promise<Course['handWritten']> {
  const found: Course['handWritten'] = new Map();
  // Problems in flows/ are reported by the main loader; ignore them here.
  for (const candidate of await readYamlDir(paths.root, paths.flowsDir, [])) {
    const flow = candidate.data as { id?: unknown; title?: unknown; kind?: unknown; meta?: { minutes?: unknown; summary?: unknown } };
    if (typeof flow?.id !== 'string' || typeof flow.title !== 'string') continue;
    const minutes = typeof flow.meta?.minutes === 'number' ? flow.meta.minutes : undefined;
    const summary = typeof flow.meta?.summary === 'string' ? flow.meta.summary : undefined;
    found.set(flow.id, { title: flow.title, kind: String(flow.kind), file: candidate.file, ...(minutes ? { minutes } : {}), ...(summary ? { summary } : {}) });
  }
  return found;
}

/** Title, minutes and summary of any lesson or guide, authored or hand-written. */
export function itemInfo(course: Course, flowId: string): ItemInfo | undefined {
  const authored = course.lessons.find((l) => l.data.id === flowId)?.data ?? course.guides.find((g) => g.data.id === flowId)?.data;
  if (authored) return { title: authored.title, summary: authored.summary, ...('minutes' in authored ? { minutes: authored.minutes } : {}) };
  return course.handWritten.get(flowId);
}

export function compileCourse(course: Course): FlowCandidate[] {
  const { texts } = course;
  if (!texts) return [];
  const info = (id: string) => itemInfo(course, id);
  const titleOf = (id: string) => info(id)?.title;
  const candidates: FlowCandidate[] = [
    ...course.lessons.map((lesson) => candidate(lesson.file, compileLesson(lesson.data, texts, titleOf))),
    ...course.guides.map((guide) => candidate(guide.file, compileGuide(guide.data, texts, titleOf))),
  ];
  const curriculum = course.curriculum;
  if (curriculum) {
    // Unknown ids are left out of the menus; the curriculum check names them.
    const known = withKnownItems(curriculum.data, (id) => info(id) !== undefined);
    candidates.push(
      candidate(curriculum.file, compileMenu('lesson', known, texts, info)),
      candidate(curriculum.file, compileMenu('guide', known, texts, info)),
      candidate(curriculum.file, compileRecommend(known, texts, info)),
      candidate(curriculum.file, compileRecommendStart(known, texts, info)),
    );
  }
  return candidates;
}

function candidate(file: string, flow: FlowData): FlowCandidate {
  return { file, data: flow };
}

function withKnownItems(curriculum: Curriculum, known: (id: string) => boolean): Curriculum {
  const areas = (list: Curriculum['lessonAreas']) =>
    list.map((area) => ({ ...area, items: area.items.filter(known) })).filter((area) => area.items.length > 0);
  const paths = Object.fromEntries(Object.entries(curriculum.paths).map(([group, ids]) => [group, (ids ?? []).filter(known)]));
  return { ...curriculum, lessonAreas: areas(curriculum.lessonAreas), guideAreas: areas(curriculum.guideAreas), paths };
}

export const courseFlowSource: FlowSource = async (paths) => {
  const course = await loadCourse(paths);
  return { candidates: compileCourse(course), problems: course.problems };
};

// What "tiến độ" says about the skills framework: the areas passed and to do,
// the certificate once earned, the questions waiting for review, and ONE next
// step as a button (the next lesson of the first area not passed, else its
// test, else the certificate, else a review). The areas are the compiled area
// tests (kind "assessment"); their words come from the "assessments" flow.
import type { FlowRegistry, LoadedFlow } from './flow-registry.js';
import type { Button } from './messages.js';
import { payloadFor } from './payloads.js';
import { reviewsDue } from './review.js';
import type { UserState } from './state.js';
import { fillTemplate } from './template.js';
import type { TurnBuilder } from './turn-builder.js';

export const ASSESSMENTS_FLOW = 'assessments';
export const CERTIFICATE_FLOW = 'certificate';

interface ProgressTexts {
  areas: string;
  areaPassed: string;
  areaToDo: string;
  certificate: string | string[];
  reviewsDue: string;
  wardRank?: string;
  nextLesson: string;
  nextTest: string;
  getCertificate: string;
  viewCertificate: string;
  review: string;
}

export interface AreaStatus {
  test: LoadedFlow;
  passed: boolean;
  basic: boolean;
  lessons: LoadedFlow[];
  lessonsDone: number;
}

export function areaStatuses(state: UserState, registry: FlowRegistry): AreaStatus[] {
  const lessons = registry.all().filter((flow) => flow.kind === 'lesson');
  return registry
    .all()
    .filter((flow) => flow.kind === 'assessment')
    .map((test) => {
      const area = test.meta?.area;
      const covering = lessons.filter((lesson) => Array.isArray(lesson.meta?.areas) && (lesson.meta.areas as unknown[]).includes(area));
      return {
        test,
        passed: state.progress[test.id]?.status === 'completed',
        basic: test.meta?.basic !== false,
        lessons: covering,
        lessonsDone: covering.filter((lesson) => state.progress[lesson.id]?.status === 'completed').length,
      };
    });
}

function label(prefix: string, title: string): string {
  const text = `${prefix}${title}`;
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}

/** The one next step: learn, test, get the certificate, or review. */
export function nextStep(state: UserState, areas: AreaStatus[], texts: ProgressTexts, due: number): Button | undefined {
  const todo = areas.find((area) => area.basic && !area.passed);
  if (todo) {
    const lesson = todo.lessons.find((l) => state.progress[l.id]?.status !== 'completed');
    if (lesson) return { label: label(texts.nextLesson, lesson.title), payload: payloadFor.flow(lesson.id) };
    return { label: label(texts.nextTest, String(todo.test.meta?.label ?? todo.test.title)), payload: payloadFor.flow(todo.test.id) };
  }
  if (areas.length > 0 && state.profile.certificate !== true) return { label: texts.getCertificate, payload: payloadFor.flow(CERTIFICATE_FLOW) };
  if (due > 0) return { label: texts.review, payload: payloadFor.command('review') };
  if (areas.length > 0) return { label: texts.viewCertificate, payload: payloadFor.flow(CERTIFICATE_FLOW) };
  return undefined;
}

/** Says the areas, the certificate and the reviews due; returns the next-step button to offer. */
export function describeSkillsPath(t: TurnBuilder): Button | undefined {
  const texts = t.ctx.registry.get(ASSESSMENTS_FLOW)?.meta?.progress as ProgressTexts | undefined;
  if (!texts) return undefined;
  const areas = areaStatuses(t.state, t.ctx.registry);
  const due = reviewsDue(t.state, t.ctx.now, t.ctx.registry).length;
  if (areas.length > 0) {
    const lines = areas.map((area) =>
      area.passed
        ? fillTemplate(texts.areaPassed, t.state, { title: area.test.title })
        : fillTemplate(texts.areaToDo, t.state, { title: area.test.title, done: area.lessonsDone, lessons: area.lessons.length }),
    );
    t.say([fillTemplate(texts.areas, t.state, { passed: areas.filter((a) => a.passed).length, total: areas.length }), ...lines].join('\n'));
  }
  if (t.state.profile.certificate === true) t.say(texts.certificate);
  if (due > 0) t.say(texts.reviewsDue, { count: due });
  sayWardRank(t, texts.wardRank);
  return nextStep(t.state, areas, texts, due);
}

/** Only when there is a contest: the resident's ward is ranked among at least two. */
function sayWardRank(t: TurnBuilder, text: string | undefined): void {
  const ward = t.state.profile.ward;
  const place = typeof ward === 'string' ? t.ctx.wardRanks?.get(ward) : undefined;
  if (!text || !place || place.of < 2) return;
  t.say(text, { ward: String(ward), rank: place.rank, wards: place.of });
}

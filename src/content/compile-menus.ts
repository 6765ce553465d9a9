// Builds the system flows that come from content/curriculum.yaml: the lesson
// and guide menus (grouped by area, at most 8 buttons a message) and the two
// recommendation flows (by onboarding group and by what is already finished).
import type { CourseTexts, Curriculum } from './course-schema.js';
import { backButton, fill, menuButton, type ButtonData, type FlowData } from './compile-common.js';

/** What the menus need to know about each lesson or guide. */
export interface ItemInfo {
  title: string;
  minutes?: number;
  summary?: string;
}
export type ItemLookup = (flowId: string) => ItemInfo | undefined;

export const LESSON_MENU_ID = 'lessons';
export const GUIDE_MENU_ID = 'guides';
export const RECOMMEND_ID = 'recommend';
export const RECOMMEND_START_ID = 'recommend-start';

type Area = Curriculum['lessonAreas'][number];

export function compileMenu(kind: 'lesson' | 'guide', curriculum: Curriculum, texts: CourseTexts, info: ItemLookup): FlowData {
  const areas = kind === 'lesson' ? curriculum.lessonAreas : curriculum.guideAreas;
  const extra: ButtonData[] = kind === 'lesson' ? [{ label: texts.labels.recommendMe, flow: RECOMMEND_ID }] : [];
  const nodes: FlowData['nodes'] = {
    main: {
      type: 'send',
      text: kind === 'lesson' ? texts.lessonMenu : texts.guideMenu,
      buttons: [...areas.map((area) => ({ label: area.label, next: `area_${area.id}` })), ...extra, menuButton(texts)],
    },
  };
  for (const area of areas) nodes[`area_${area.id}`] = areaNode(kind, area, texts, info);
  return {
    id: kind === 'lesson' ? LESSON_MENU_ID : GUIDE_MENU_ID,
    version: 1,
    title: kind === 'lesson' ? texts.labels.allLessons : texts.labels.otherGuides,
    kind: 'system',
    start: 'main',
    nodes,
  };
}

function areaNode(kind: 'lesson' | 'guide', area: Area, texts: CourseTexts, info: ItemLookup): Record<string, unknown> {
  const items = area.items.map((id) => ({ label: itemLabel(kind, id, texts, info), flow: id }));
  return {
    type: 'send',
    text: fill(kind === 'lesson' ? texts.lessonArea : texts.guideArea, { area: area.label }),
    buttons: [...items, backButton(texts), menuButton(texts)],
  };
}

function itemLabel(kind: 'lesson' | 'guide', id: string, texts: CourseTexts, info: ItemLookup): string {
  const item = info(id);
  if (!item) return id;
  if (kind === 'guide' || item.minutes === undefined) return item.title;
  const label = fill(texts.menuItemMinutes, { title: item.title, minutes: item.minutes });
  return label.length <= 60 ? label : item.title;
}

/** Groups with their own path, then "default" for everyone else. */
function pathsOf(curriculum: Curriculum): [string, string[]][] {
  return Object.entries(curriculum.paths).filter((entry): entry is [string, string[]] => entry[1] !== undefined);
}

function routeByGroup(curriculum: Curriculum, nodeFor: (group: string) => string): Record<string, unknown> {
  const groups = pathsOf(curriculum).map(([group]) => group).filter((group) => group !== 'default');
  return {
    type: 'branch',
    cases: groups.map((group) => ({ when: { field: 'profile.group', equals: group }, next: nodeFor(group) })),
    default: nodeFor('default'),
  };
}

/** The next lesson of the resident's path that is not completed yet. */
export function compileRecommend(curriculum: Curriculum, texts: CourseTexts, info: ItemLookup): FlowData {
  const nodes: FlowData['nodes'] = { route: routeByGroup(curriculum, (group) => `${group}_1`) };
  for (const [group, lessons] of pathsOf(curriculum)) {
    lessons.forEach((lesson, i) => {
      nodes[`${group}_${i + 1}`] = {
        type: 'branch',
        cases: [{ when: { field: `progress.${lesson}`, equals: 'completed' }, next: i + 1 < lessons.length ? `${group}_${i + 2}` : 'all_done' }],
        default: `offer_${lesson}`,
      };
      nodes[`offer_${lesson}`] ??= {
        type: 'end',
        text: fill(texts.recommendNext, { title: info(lesson)?.title ?? lesson, minutes: info(lesson)?.minutes ?? '', summary: info(lesson)?.summary ?? '' }),
        buttons: [
          { label: texts.labels.learnThis, flow: lesson },
          { label: texts.labels.allLessons, flow: LESSON_MENU_ID },
          menuButton(texts),
        ],
      };
    });
  }
  nodes.all_done = {
    type: 'end',
    text: texts.recommendAllDone,
    buttons: [{ label: texts.labels.allLessons, flow: LESSON_MENU_ID }, { label: texts.labels.otherGuides, flow: GUIDE_MENU_ID }, menuButton(texts)],
  };
  return { id: RECOMMEND_ID, version: 1, title: texts.labels.recommendMe, kind: 'system', start: 'route', nodes };
}

/**
 * The first recommendation, called at the end of onboarding. Its choices are
 * on a waiting send node (not an end node), because a called flow's end does
 * not show buttons; each choice leaves for another flow.
 */
export function compileRecommendStart(curriculum: Curriculum, texts: CourseTexts, info: ItemLookup): FlowData {
  const nodes: FlowData['nodes'] = { route: routeByGroup(curriculum, (group) => `start_${group}`) };
  for (const [group, lessons] of pathsOf(curriculum)) {
    const [first = '', second = ''] = lessons;
    nodes[`start_${group}`] = {
      type: 'send',
      text: fill(texts.recommendStart, {
        first: info(first)?.title ?? first, firstMinutes: info(first)?.minutes ?? '',
        second: info(second)?.title ?? second, secondMinutes: info(second)?.minutes ?? '',
      }),
      buttons: [
        { label: texts.labels.firstLesson, flow: first },
        { label: texts.labels.allLessons, flow: LESSON_MENU_ID },
        { label: texts.labels.askQuestion, flow: 'ask-question' },
      ],
    };
  }
  return { id: RECOMMEND_START_ID, version: 1, title: texts.labels.recommendMe, kind: 'system', start: 'route', nodes };
}

// The content checks of the curriculum, in the shape registry.ts expects.
import type { ContentCheck } from '../check-types.js';
import { loadCourse } from '../course-source.js';
import { loadOfficialDomains } from '../domains.js';
import { checkCurriculum, checkMetadata, checkQuizzes, checkRelated } from './course-checks.js';
import { textsOfCatalog } from './flow-texts.js';
import { checkLinks } from './link-checks.js';
import { checkFlowsReachable, checkNodesReachable } from './reach-checks.js';
import { checkBubbleLength, checkFlowTexts, checkSecretRequests } from './text-checks.js';
import { checkFactItem, checkLessonReview } from './source-checks.js';
import { allFactItems } from '../fact-providers.js';
import { checkFlowWording, checkWording } from './wording-checks.js';
import { reviewMaxDays } from '../facts.js';

const CATALOG_FILE = 'content/messages.yaml';

export const checkTexts: ContentCheck = (_paths, content) => {
  const problems = [...checkFlowTexts(content.registry.all()), ...checkFlowWording(content.registry.all())];
  if (content.catalog) {
    const texts = textsOfCatalog(content.catalog as unknown as Record<string, unknown>);
    problems.push(...checkBubbleLength(CATALOG_FILE, texts), ...checkSecretRequests(CATALOG_FILE, texts), ...checkWording(CATALOG_FILE, texts));
  }
  return problems;
};

export const checkAllowedLinks: ContentCheck = async (paths, content) => {
  const { domains, problems } = await loadOfficialDomains(paths);
  return [...problems, ...checkLinks(content.registry.all(), domains)];
};

export const checkReachability: ContentCheck = (_paths, content) => {
  const flows = content.registry.all();
  return [...checkFlowsReachable(flows), ...flows.flatMap(checkNodesReachable)];
};

export const checkCourse: ContentCheck = async (paths, content) => {
  // Course problems (schema errors) are already reported by the flow source.
  const course = await loadCourse(paths);
  const flows = content.registry.all();
  return [
    ...checkCurriculum(course, content.registry),
    ...checkRelated(course, content.registry),
    ...flows.flatMap(checkMetadata),
    ...flows.flatMap(checkQuizzes),
  ];
};

/** Facts without a source, stale reviews (warnings); unofficial source links (errors). */
export const checkSources: ContentCheck = async (paths) => {
  const [course, items, { domains }] = await Promise.all([loadCourse(paths), allFactItems(paths), loadOfficialDomains(paths)]);
  const options = { now: Date.now(), maxDays: reviewMaxDays(), domains };
  return [...items.flatMap((item) => checkFactItem(item, options)), ...course.lessons.flatMap((lesson) => checkLessonReview(lesson, options))];
};

export const curriculumChecks: ContentCheck[] = [checkTexts, checkAllowedLinks, checkReachability, checkCourse, checkSources];

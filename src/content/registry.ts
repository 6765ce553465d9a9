// The one place where content modules plug in: extra flow sources (flows built
// from lessons or guides) and extra checks run by `npm run content:check`.
import type { FlowSource } from './loader.js';
import { courseFlowSource } from './course-source.js';
import { curriculumChecks } from './checks/index.js';
import { faqContentCheck } from './checks/faq-checks.js';
import { faqProblemSource } from './faq-source.js';
import { playbookFlowSource } from './playbook-source.js';
import { frameworkFlowSource } from './framework-source.js';
import { frameworkContentCheck } from './checks/framework-checks.js';
import { playbookContentCheck } from './playbook-checks.js';
import { scamContentCheck, scamFlowSource } from '../scam-check/index.js';

export type { ContentCheck } from './check-types.js';
import type { ContentCheck } from './check-types.js';

export const flowSources: FlowSource[] = [courseFlowSource, scamFlowSource, faqProblemSource, playbookFlowSource, frameworkFlowSource];

export const contentChecks: ContentCheck[] = [...curriculumChecks, scamContentCheck, faqContentCheck, playbookContentCheck, frameworkContentCheck];

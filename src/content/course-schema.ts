// Author-facing formats for lessons (content/lessons/*.yaml), procedure guides
// (content/guides/*.yaml) and the curriculum (content/curriculum.yaml). These
// are compiled into flows, so authors never write node ids or buttons by hand.
import { z } from 'zod';
import { Bubbles, FLOW_ID } from '../engine/flow-schema.js';
import { CheckedSchema, factSchema, StepSourcing } from './facts.js';

export const GROUPS = ['elderly', 'worker', 'farmer', 'student', 'disability', 'other'] as const;
export const SKILLS = ['phone', 'social', 'information', 'public-services', 'payment', 'banking', 'health', 'daily-life', 'safety', 'ai'] as const;

const ReviewedDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD').describe('When a person last checked the content against the source (YYYY-MM-DD).');
const Reviewed = z
  .union([ReviewedDate, CheckedSchema])
  .describe('Whole-item review: { by: role, on: date } when a person checked every fact against its source. A bare date (older files) names no reviewer.');
const Source = z.string().url().describe('The official page or document the content is based on (an allowlisted https link).');
const Link = z.strictObject({
  url: z.string().url().describe('An https link on the official allowlist (content/official-domains.yaml).'),
  label: z.string().min(1).max(80).describe('What the link is, in words.'),
});
const Title = z.string().min(3).max(60).describe('Name shown to residents; also the menu button, so keep it short.');
const Triggers = z.array(z.string().min(2)).optional().describe('Words that open this item when a resident types them (matched without diacritics).');

const QuizQuestion = z
  .strictObject({
    question: z.string().min(5).describe('The question; "Câu 2/4:" is added automatically.'),
    options: z
      .array(
        z.strictObject({
          label: z.string().min(1).max(60).describe('The answer as a short button.'),
          correct: z.boolean().optional().describe('true on exactly one option.'),
          explanation: z.string().min(5).describe('Why this answer is right or wrong; shown after it is chosen.'),
        }),
      )
      .min(2)
      .max(4)
      .refine((options) => options.filter((option) => option.correct).length === 1, 'exactly one option must have correct: true'),
  })
  .describe('One quiz question with 2–4 options, exactly one correct, each explained.');

const LessonStep = z
  .strictObject({
    text: Bubbles.describe('One to three bubbles, one idea each; "Bước 2/5:" is added to the first.'),
    link: Link.optional().describe('An official page shown after the step.'),
  })
  .describe('One step of a lesson.');

const GuideStep = z
  .strictObject({
    text: Bubbles.describe('One to three bubbles, one idea each; "Bước 2/5:" is added to the first.'),
    link: Link.optional().describe('An official page shown after the step.'),
    ...StepSourcing,
  })
  .describe('One step of a guide. A step that states a figure (amount, days, age) names its source.');

const CommonMeta = {
  version: z.number().int().min(1).describe('Raise it whenever you change the item, so residents in the middle of it restart cleanly.'),
  title: Title,
  summary: z.string().min(10).max(200).describe('One sentence on what the resident will be able to do.'),
  groups: z.array(z.enum(GROUPS)).min(1).describe('Target groups.'),
  source: Source,
  triggers: Triggers,
};

export const LessonSchema = z
  .strictObject({
    id: z.string().regex(/^lesson-[a-z0-9-]+$/, 'a lesson id starts with "lesson-"').describe('Unique id; the file is content/lessons/<id>.yaml.'),
    ...CommonMeta,
    reviewed: Reviewed,
    minutes: z.number().int().min(1).max(30).describe('Estimated minutes, shown to residents.'),
    skill: z.enum(SKILLS).describe('Skill area.'),
    areas: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/))
      .min(1)
      .max(4)
      .describe('The areas of the skills framework (content/framework.yaml) this lesson covers; the first is its main area.'),
    intro: Bubbles.describe('Why the lesson matters, after the title line.'),
    steps: z.array(LessonStep).min(2).max(8),
    quiz: z.array(QuizQuestion).min(3).max(5).describe('3–5 questions.'),
    remember: z.string().min(5).describe('The one thing to remember, shown at the end with 📌.'),
    relatedGuides: z.array(z.string().regex(FLOW_ID)).max(2).optional().describe('Guide ids offered at the end of the lesson.'),
  })
  .describe('A lesson of the Học Vụ Số tutor, compiled into a flow.');

export const GuideSchema = z
  .strictObject({
    id: z.string().regex(/^guide-[a-z0-9-]+$/, 'a guide id starts with "guide-"').describe('Unique id; the file is content/guides/<id>.yaml.'),
    ...CommonMeta,
    reviewed: Reviewed.optional(),
    where: factSchema(200, 'Where to do it: online (which portal or app) and/or which authority.'),
    fee: factSchema(200, 'The exact fee where it is known ("200.000đ; 100.000đ cho học sinh"), "Miễn phí", or what the portal shows; never an invented number.'),
    duration: factSchema(200, 'How long it takes by law or by the official page.'),
    documents: z.array(factSchema(160, 'One document of the checklist.')).min(1).max(8).describe('The documents checklist.'),
    steps: z.array(GuideStep).min(3).max(9),
    link: Link.describe('The official page where the procedure is done or explained.'),
    note: factSchema(300, 'A warning or tip shown before the last step ends (⚠️ is added).').optional(),
    relatedLessons: z.array(z.string().regex(FLOW_ID)).min(1).max(2).describe('Lesson ids the resident can jump to.'),
  })
  .describe('A step-by-step guide to one administrative procedure, compiled into a flow.');

const MenuArea = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/).describe('Short id, used in node ids.'),
  label: z.string().min(1).max(40).describe('Button text for the area.'),
  items: z.array(z.string().regex(FLOW_ID)).min(1).max(6).describe('Flow ids listed in this area, in order (at most 6, so a message has at most 8 buttons).'),
});

export const CurriculumSchema = z
  .strictObject({
    lessonAreas: z.array(MenuArea).min(1).max(6).describe('The "Học kỹ năng số" menu, by skill area. Every lesson appears exactly once.'),
    guideAreas: z.array(MenuArea).min(1).max(7).describe('The "Hướng dẫn thủ tục" menu (at most 7 areas, so with "Về menu" it has 8 buttons). Every guide appears exactly once.'),
    paths: z
      .partialRecord(z.enum([...GROUPS, 'default']), z.array(z.string().regex(FLOW_ID)).min(2))
      .refine((paths) => paths.default !== undefined, 'a "default" path is required')
      .describe('Recommended order of lessons per onboarding group; "default" for anyone else.'),
    minimum: z.strictObject({ lessons: z.number().int(), guides: z.number().int() }).describe('Counts the curriculum promises; content:check fails below them.'),
  })
  .describe('Menus and recommendation paths.');

const Label = z.string().min(1).max(40);
export const CourseTextsSchema = z
  .strictObject({
    labels: z.strictObject({
      next: Label, back: Label, stop: Label, startQuiz: Label, startGuide: Label, repeatStep: Label, documents: Label,
      relatedLesson: Label, relatedGuide: Label, finishGuide: Label, nextLesson: Label, otherGuides: Label, menu: Label,
      allLessons: Label, recommendMe: Label, learnThis: Label, firstLesson: Label, askQuestion: Label,
      report: Label.describe('The one-tap "Thông tin này chưa đúng?" on every guide step.'),
      retryQuiz: Label.optional().describe('Offered when a lesson quiz was not all right: answer the questions again.'),
      finishLesson: Label.optional().describe('Beside retryQuiz: end the lesson with this score.'),
    }),
    quizRetry: Bubbles.optional().describe('After a lesson quiz with a wrong answer, before "Làm lại câu hỏi"; {{quiz.score}}/{{quiz.total}} work.'),
    nextAliases: z.array(z.string()).describe('Other words for "Tiếp".'),
    lessonHeading: z.string().describe('First bubble of a lesson; {title}, {minutes}.'),
    stepHeading: z.string().describe('Before each step; {n}, {total}.'),
    questionHeading: z.string().describe('Before each quiz question; {n}, {total}.'),
    lessonDone: Bubbles.describe('End of a lesson, before the 📌 line.'),
    guideHeading: z.string().describe('First bubble of a guide; {title}.'),
    guideFacts: z.string().describe('Where / fee / duration bubble; {where}, {fee}, {duration}.'),
    documentsHeading: z.string(),
    documentsAfter: z.string().describe('Said under the checklist.'),
    guideDone: Bubbles,
    noteHeading: z.string(),
    unverifiedPrefix: z.string().describe('Put before a where/fee/duration no one has checked ("Tham khảo: ").'),
    unverifiedAdvice: z.string().describe('Said under the overview or a step when a fact there is unverified (ask the one-stop desk).'),
    documentsUnverified: z.string().describe('Said under the checklist when a document on it is unverified.'),
    reportThanks: Bubbles.describe('After "Thông tin này chưa đúng?": the report went to the operators.'),
    lessonMenu: z.string(), lessonArea: z.string().describe('{area}'),
    guideMenu: z.string(), guideArea: z.string().describe('{area}'),
    menuItemMinutes: z.string().describe('A lesson button; {title}, {minutes}.'),
    recommendStart: z.string().describe('After onboarding; {first}, {firstMinutes}, {second}, {secondMinutes}.'),
    recommendNext: z.string().describe('Next unfinished lesson; {title}, {minutes}, {summary}.'),
    recommendAllDone: Bubbles,
  })
  .describe('The words the compiler puts around lessons and guides (buttons, headings).');

export type Lesson = z.output<typeof LessonSchema>;
export type Guide = z.output<typeof GuideSchema>;
export type Curriculum = z.output<typeof CurriculumSchema>;
export type CourseTexts = z.output<typeof CourseTextsSchema>;
export type QuizItem = z.output<typeof QuizQuestion>;
export type GuideStepItem = z.output<typeof GuideStep>;

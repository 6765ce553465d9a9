// Author-facing formats of the skills framework (content/framework.yaml) and of
// the per-area question banks (content/assessment/<area>.yaml). Both compile
// into one assessment flow per area (framework-source.ts).
import { z } from 'zod';
import { Bubbles } from '../engine/flow-schema.js';

const AREA_ID = /^[a-z0-9][a-z0-9-]*$/;
const ITEM_ID = /^[a-z0-9][a-z0-9-]*$/;
export const MIN_QUESTIONS_PER_AREA = 8;

const Label = z.string().min(1).max(40);

export const FrameworkTextsSchema = z
  .strictObject({
    menuTitle: z.string().min(3).max(60).describe('Title of the list of area tests (also its button in the main menu).'),
    menuIntro: Bubbles.describe('Said above the list of areas; {{ban}} works.'),
    intro: Bubbles.describe('Before a test; {area}, {questions}, {passMark} are filled when compiling.'),
    questionHeading: z.string().min(1).describe('Before each question; {n}, {total}.'),
    passed: Bubbles.describe('The test was passed; {area}; {{quiz.score}}/{{quiz.total}} work.'),
    failed: Bubbles.describe('The test was not passed; {area}, {passMark}; {{quiz.score}}/{{quiz.total}} work.'),
    allPassed: Bubbles.describe('Every area is passed: followed by the certificate button.'),
    progress: z
      .strictObject({
        areas: z.string().min(1).describe('Heading of the areas in "tiến độ"; {{passed}}, {{total}}.'),
        areaPassed: z.string().min(1).describe('One passed area; {{title}}.'),
        areaToDo: z.string().min(1).describe('One area to do; {{title}}, {{done}}, {{lessons}} (lessons of the area finished).'),
        certificate: Bubbles.describe('The certificate was earned.'),
        reviewsDue: z.string().min(1).describe('Questions waiting for review; {{count}}.'),
        wardRank: z
          .string()
          .min(1)
          .optional()
          .describe("The resident's ward in the thi đua (WARD_RANK_FOR_RESIDENTS); {{ward}}, {{rank}}, {{wards}} (wards ranked). Left out: never said."),
        nextLesson: z.string().min(1).max(40).describe('Button: the next lesson; followed by its title.'),
        nextTest: z.string().min(1).max(30).describe('Button: the test of the next area; followed by its label.'),
        getCertificate: Label,
        viewCertificate: Label,
        review: Label,
      })
      .describe('What "tiến độ" says about the areas, the certificate and the reviews, and its one next-step button.'),
    labels: z.strictObject({
      start: Label,
      later: Label,
      retry: Label,
      review: Label.describe('Opens the first lesson of the area again.'),
      certificate: Label,
      otherAreas: Label,
      menu: Label,
    }),
  })
  .describe('Words around the area tests.');

const Line = z.string().min(1).max(200);
export const CertificateTextsSchema = z
  .strictObject({
    title: z.string().min(3).max(80).describe('The heading of the certificate.'),
    askName: Bubbles.describe('Asks which name to show (none is fine).'),
    noName: Label.describe('The button for showing no name.'),
    nameInvalid: Bubbles,
    notYet: Bubbles.describe('Not every basic area is passed yet.'),
    sent: Bubbles.describe('Sent with the picture.'),
    verifyLine: z.string().min(5).describe('The verify link as text; {code}, {url}.'),
    revoked: Bubbles.describe('The certificate was revoked by an operator.'),
    failed: Bubbles.describe('The certificate could not be made now.'),
    ward: Line, date: Line, areasPassed: Line, issuer: Line, scan: Line,
    valid: Line.describe('The verify page of a valid certificate.'),
    revokedPage: Line.describe('The verify page of a revoked certificate.'),
    notFound: Line.describe('The verify page of an unknown code (404).'),
    nameHidden: Line.describe('Shown instead of a name the resident chose not to show.'),
  })
  .describe('Words of the certificate, its message and its verify page.');

export const FrameworkSchema = z
  .strictObject({
    id: z.string().regex(ITEM_ID),
    title: z.string().min(3).describe('Name of the framework.'),
    decision: z.string().min(3).describe('The legal document that issued it (number, date, issuer).'),
    reviewed: z
      .union([z.literal(false), z.strictObject({ by: z.string().min(2), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })])
      .describe('false until a person checked every area against the document itself; then { by: role, on: date }.'),
    sources: z
      .array(z.strictObject({ url: z.string().url(), what: z.string().min(3).describe('What this source confirms.') }))
      .min(1)
      .describe('Where the areas were read.'),
    assessment: z
      .strictObject({
        questions: z.number().int().min(3).max(10).describe('Questions drawn from the bank for one test.'),
        passMark: z.number().int().min(1).describe('Right answers needed to pass (at most `questions`).'),
      })
      .refine((a) => a.passMark <= a.questions, 'passMark cannot be more than questions'),
    areas: z
      .array(
        z.strictObject({
          id: z.string().regex(AREA_ID, 'area ids use lowercase letters, digits and "-"').describe('Used by lessons (`areas:`) and the bank file name.'),
          code: z.string().min(1).max(4).describe('The number of the area in the framework.'),
          title: z.string().min(3).max(60).describe('The area as the framework names it; shown on the certificate.'),
          label: Label.describe('Short button text.'),
          description: z.string().min(10).max(200),
          basic: z.boolean().default(true).describe('Part of the basic path: passing every basic area earns the certificate.'),
        }),
      )
      .min(1)
      .max(10),
    texts: FrameworkTextsSchema,
    certificate: CertificateTextsSchema,
  })
  .describe('The basic digital skills framework the lessons and tests are mapped to.');

const OptionSchema = z.strictObject({
  id: z.string().regex(ITEM_ID).max(12).describe('Stable id of the option (a button names it, so never reuse an id for a different answer).'),
  label: z.string().min(1).max(60).describe('The answer as a short button.'),
  correct: z.boolean().optional().describe('true on exactly one option.'),
  explanation: z.string().min(5).describe('Why this answer is right or wrong; shown after it is chosen.'),
});

export const AssessmentBankSchema = z
  .strictObject({
    area: z.string().regex(AREA_ID).describe('The framework area; the file is content/assessment/<area>.yaml.'),
    version: z.number().int().min(1).describe('Raise it when you change the bank.'),
    questions: z
      .array(
        z.strictObject({
          id: z.string().regex(ITEM_ID).max(24).describe('Stable, unique id of the question across every bank (e.g. device-03).'),
          question: z.string().min(5),
          options: z
            .array(OptionSchema)
            .min(2)
            .max(4)
            .refine((options) => options.filter((o) => o.correct).length === 1, 'exactly one option must have correct: true')
            .refine((options) => new Set(options.map((o) => o.id)).size === options.length, 'option ids must differ'),
        }),
      )
      .describe(`At least ${MIN_QUESTIONS_PER_AREA} questions; a test draws a few of them, options shuffled per resident.`),
  })
  .describe('The question bank of one framework area.');

export type Framework = z.output<typeof FrameworkSchema>;
export type FrameworkArea = Framework['areas'][number];
export type FrameworkTexts = z.output<typeof FrameworkTextsSchema>;
export type CertificateTexts = z.output<typeof CertificateTextsSchema>;
export type AssessmentBank = z.output<typeof AssessmentBankSchema>;
export type BankQuestion = AssessmentBank['questions'][number];

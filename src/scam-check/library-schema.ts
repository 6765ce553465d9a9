// The scam library format (content/scams/<id>.yaml). The schema is the
// documentation: `npm run schema:export` writes schema/scam.schema.json from it.
import { z } from 'zod';

export const SCAM_CATEGORIES = ['gia-danh', 'tien-bac', 'viec-lam', 'nguoi-than', 'mua-ban'] as const;
export type ScamCategory = (typeof SCAM_CATEGORIES)[number];

/** Resident-facing bubbles are kept short enough for a cheap phone's screen. */
export const MAX_BUBBLE = 350;

const Bubble = z.string().min(1).max(MAX_BUBBLE, `a bubble has at most ${MAX_BUBBLE} characters`);

const QuizOption = z
  .strictObject({
    label: z.string().min(1).max(60).describe('Text on the answer button.'),
    correct: z.boolean().default(false).describe('True for the one right answer.'),
    explanation: Bubble.describe('Why this answer is right or wrong; shown after it is chosen.'),
  })
  .describe('One answer of a quick-check question.');

const QuizQuestion = z
  .strictObject({
    question: Bubble.describe('The question, in one bubble.'),
    options: z.array(QuizOption).min(2).max(4).describe('Two to four answers; exactly one has correct: true.'),
  })
  .describe('A question of the quick check ("Làm bài kiểm tra nhanh").');

const Signals = z
  .strictObject({
    phrases: z.array(z.string().min(2)).min(2).describe('Words or phrases typical of this scam; matched without diacritics or case ("nang cap tai khoan dinh danh"). Each found phrase scores 1.'),
    strong: z.array(z.string().min(2)).optional().describe('Phrases that almost only this scam uses; each found one scores 2.'),
    minScore: z.number().int().min(1).max(10).default(2).describe('Score from which a message is said to resemble this pattern.'),
  })
  .describe('How the "Kiểm tra lừa đảo" checker recognises this scam. Write them from the scam itself, not from the evaluation set.');

export const ScamPatternSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lowercase letters, digits and "-"')
      .describe('Unique id; the file is named <id>.yaml. The detail flow is scam-<id>.'),
    version: z.number().int().min(1).default(1).describe('Raise it when you change the texts, so residents in the middle of the detail flow restart safely.'),
    title: z.string().min(1).max(60).describe('Short name residents see ("Giả danh công an gọi điện").'),
    category: z
      .enum(SCAM_CATEGORIES)
      .describe(
        'Group in the library list: gia-danh (impersonating authorities), tien-bac (banks, loans, investment), viec-lam (jobs, prizes), nguoi-than (relatives, romance, charity), mua-ban (shopping, deliveries).',
      ),
    featured: z.boolean().optional().describe('Shown by "Xem cảnh báo tuần này" before the resident has received any weekly alert (the first featured pattern).'),
    sample: z.string().min(1).max(280).describe('A realistic message or call script of this scam, shown as an example. Fictitious numbers and links only.'),
    redFlags: z.array(Bubble).min(2).max(6).describe('Signs that give the scam away, one per line, plain words.'),
    whatToDo: z.array(Bubble).min(1).max(4).describe('What to do, as short steps.'),
    report: z.array(Bubble).min(1).max(3).describe("Where to call or report: 113, the bank's official hotline, canhbao.khonggianmang.vn, the ward police."),
    tip: Bubble.describe('The weekly alert: one bubble that stands alone.'),
    quiz: z.array(QuizQuestion).min(1).max(2).describe('One or two quick-check questions.'),
    signals: Signals,
    source: z.url().describe('Official page the pattern is based on (on the allowlist of official domains).'),
    reviewed: z.iso.date().describe('Date the pattern was last checked (YYYY-MM-DD).'),
  })
  .describe('One scam pattern of the Học Vụ Số scam library.');

export type ScamPattern = z.output<typeof ScamPatternSchema>;

const Label = z.string().min(1).max(60);

const LibraryTexts = z
  .strictObject({
    listIntro: Bubble.describe('Above the list of categories.'),
    categoryIntro: Bubble.describe('Above the patterns of one category. Uses {{category}}.'),
    thisWeekNone: Bubble.describe('"Xem cảnh báo tuần này" before any weekly alert was sent: introduces the featured pattern.'),
    sampleIntro: z.string().min(1).describe('Line before the sample message. Uses {{title}}.'),
    redFlagsIntro: z.string().min(1).describe('Line before the red flags.'),
    whatToDoIntro: z.string().min(1).describe('Line before what to do.'),
    reportIntro: z.string().min(1).describe('Line before where to report.'),
    quizIntro: Bubble.describe('Before the quick check. Uses {{title}}.'),
    quizDone: Bubble.describe('After the quick check. Uses {{quiz.score}} and {{quiz.total}}.'),
    labels: z.strictObject({
      details: Label,
      todo: Label,
      quiz: Label,
      library: Label,
      thisWeek: Label,
      check: Label,
      menu: Label,
      more: Label,
      back: Label,
    }),
  })
  .describe('Texts of the scam library flows built from the patterns (scam-library, scam-<id>, scam-<id>-quiz).');

/** Texts of the checker and the library list (content/scams/_texts.yaml). */
export const ScamTextsSchema = z
  .strictObject({
    levels: z
      .strictObject({
        'nguy-hiem': Bubble,
        'dang-ngo': Bubble,
        'chua-thay-dau-hieu': Bubble,
      })
      .describe('The headline bubble for each level. Never say a message is safe.'),
    flagsIntro: z.string().min(1).describe('Line before the list of red flags found.'),
    flags: z.record(z.string(), Bubble).describe('One plain sentence per flag code (see src/scam-check/flags.ts). May use {{detail}}.'),
    matchedPattern: z.string().min(1).describe('Line naming the scam the message resembles. Uses {{title}}.'),
    advice: z
      .strictObject({
        'nguy-hiem': Bubble,
        'dang-ngo': Bubble,
        'chua-thay-dau-hieu': Bubble,
      })
      .describe('What to do, for each level.'),
    rules: Bubble.describe('The rules to remember, sent with every answer.'),
    sensitiveData: Bubble.describe("Said when the pasted text seems to contain the resident's own code or number."),
    categories: z.record(z.enum(SCAM_CATEGORIES), z.string().min(1).max(60)).describe('Button label of each category in the library list.'),
    library: LibraryTexts,
  })
  .describe('Resident-facing texts of the "Kiểm tra lừa đảo" checker.');

export type ScamTexts = z.output<typeof ScamTextsSchema>;

/** The loaded library: patterns plus the checker's texts. */
export interface ScamLibrary {
  patterns: ScamPattern[];
  texts: ScamTexts;
}

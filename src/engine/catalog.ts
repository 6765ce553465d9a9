// Resident-facing texts the engine itself says (not part of any flow). They
// live in content/messages.yaml so authors can change them without a developer.
import { z } from 'zod';
import { Bubbles } from './flow-schema.js';
import { FrontDoorTextsSchema } from './front-door/texts-schema.js';
import { JourneyTextsSchema } from './journey-texts.js';

const Label = z.string().min(1).max(60);

export const CatalogSchema = z
  .strictObject({
    notUnderstood: Bubbles.describe('Said when nothing matches; followed by the menu button.'),
    help: Bubbles.describe('What "giúp" says: the commands that always work.'),
    stalePayload: Bubbles.describe('A button from an earlier step was pressed; the current step follows.'),
    stalePayloadWhileSending: Bubbles.describe('A button from an earlier step was pressed while the current step was still being sent: it is not repeated.'),
    unknownPayload: Bubbles.describe('A button that no longer exists was pressed.'),
    invalidChoice: Bubbles.describe('The answer did not match any choice; the question follows again.'),
    unsupported: Bubbles.describe('A sticker, voice message, location or file arrived.'),
    quizCorrect: z.string().min(1).describe('Starts the explanation of a right answer.'),
    quizWrong: z.string().min(1).describe('Starts the explanation of a wrong answer.'),
    quizRightAnswerWas: z.string().min(1).describe('Names the right answer after a wrong one; uses {{answer}}.'),
    stopped: Bubbles.describe('After "dừng": the lesson is paused and progress kept.'),
    nothingToStop: Bubbles,
    backUnavailable: Bubbles.describe('"quay lại" at the first step.'),
    flowChanged: Bubbles.describe("The flow was updated and the resident's step no longer exists."),
    flowRemoved: Bubbles.describe('The flow the resident was in no longer exists.'),
    resumePrompt: Bubbles.describe('Offered when a resident returns to an unfinished lesson; uses {{title}}.'),
    progressNone: Bubbles,
    progressSummary: Bubbles.describe('Uses {{done}}, {{total}}.'),
    progressLine: z.string().min(1).describe('One line per lesson; uses {{title}}, {{status}}, {{score}}.'),
    progressNoConsent: Bubbles.describe('Shown when the resident did not agree to store progress.'),
    statusCompleted: z.string().min(1),
    statusStarted: z.string().min(1),
    deleteConfirm: Bubbles,
    deleteDone: Bubbles,
    deleteCancelled: Bubbles,
    offerOnboarding: Bubbles.describe("After answering a new resident's first question."),
    choiceHint: z.string().min(1).describe('Under a numbered list where a channel has no buttons; uses {{numbers}}.'),
    choiceHintOr: z.string().min(1).describe('The word between the last two numbers ("hoặc").'),
    commandWords: z
      .strictObject({
        menu: z.array(z.string().min(1)).min(1),
        help: z.array(z.string().min(1)).min(1),
        back: z.array(z.string().min(1)).min(1),
        stop: z.array(z.string().min(1)).min(1),
        progress: z.array(z.string().min(1)).min(1),
        delete: z.array(z.string().min(1)).min(1),
      })
      .describe('Whole messages that run a global command anywhere, matched without diacritics or case.'),
    fillerWords: z.array(z.string()).describe('Polite words ignored around a command ("cho mình", "nhé").'),
    frontDoor: FrontDoorTextsSchema,
    journey: JourneyTextsSchema.describe('Loaded from content/journey.yaml.'),
    labels: z.strictObject({
      menu: Label,
      resume: Label,
      restart: Label,
      deleteYes: Label,
      deleteNo: Label,
      start: Label,
    }),
  })
  .describe('Texts the tutor says outside flows.');

export type Catalog = z.output<typeof CatalogSchema>;

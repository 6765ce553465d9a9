// The words and texts of the learner's journey (content/journey.yaml, loaded as
// the catalog's `journey` section): review of missed questions, reminders,
// invitations and surveys. Authors change them without a developer.
import { z } from 'zod';
import { Bubbles } from './flow-schema.js';

const Phrases = z.array(z.string().min(1)).min(1);
const Label = z.string().min(1).max(60);

export const JourneyTextsSchema = z
  .strictObject({
    words: z
      .strictObject({
        review: Phrases.describe('Whole messages that start a review of missed questions ("ôn tập").'),
        remindersOff: Phrases.describe('Whole messages that turn every reminder off ("tắt nhắc").'),
        remindersOn: Phrases.describe('Whole messages that turn review reminders on ("bật nhắc").'),
        invite: Phrases.describe('Whole messages that ask for an invitation to pass on ("mời người thân").'),
        inviteCode: Phrases.describe('Words before an invitation code typed by a new resident ("mã mời", "moi"): "MOI K7Q2XPA".'),
      })
      .describe('Matched without diacritics or case, polite words around them ignored.'),
    labels: z.strictObject({
      review: Label,
      remindersOn: Label,
      remindersOff: Label,
      noThanks: Label,
      invite: Label,
      survey: Label.describe('The button that opens a survey after a lesson; uses {{title}}.'),
    }),
    reviewNudge: Bubbles.describe('The one-minute review reminder; uses {{count}}.'),
    resumeNudge: Bubbles.describe('The "học tiếp" reminder for a lesson left midway; uses {{title}}.'),
    reviewHeader: z.string().min(1).describe('Before each review question; uses {{n}}, {{total}}.'),
    reviewNone: Bubbles.describe('"ôn tập" with no missed question to review.'),
    reviewLater: Bubbles.describe('"ôn tập" before the next question is due; uses {{days}}.'),
    reviewDone: Bubbles.describe('After the last review question; uses {{right}}, {{total}}.'),
    offerReminders: Bubbles.describe('After the first lesson a resident finishes: may the tutor remind them to review?'),
    remindersOnDone: Bubbles,
    remindersOffDone: Bubbles,
    inviteNeedsLesson: Bubbles.describe('"mời" before finishing any lesson.'),
    invite: Bubbles.describe('The invitation; uses {{code}} and {{links}} (the links this deployment has, one per line).'),
    inviteTelegramLink: z.string().min(1).describe('One line of {{links}}; uses {{link}}.'),
    inviteWebLink: z.string().min(1).describe('One line of {{links}}; uses {{link}}.'),
    inviteCodeLine: z.string().min(1).describe('One line of {{links}}, for Zalo and any chat; uses {{code}}.'),
    invitedWelcome: Bubbles.describe('Said to a new resident who came with an invitation, before onboarding.'),
    mentorThanks: Bubbles.describe('Sent to a resident when the third person they invited finishes a lesson ("Người hướng dẫn").'),
  })
  .describe("The learner's journey: review, reminders, invitations, surveys.");

export type JourneyTexts = z.output<typeof JourneyTextsSchema>;

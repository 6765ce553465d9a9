// The front door's words and texts (the `frontDoor:` section of
// content/messages.yaml): how residents say yes and no, everyday intents in
// their own phrasings, what marks a pasted message, and the out-of-scope topics
// with where to go instead. Phrases are matched without diacritics or case,
// with chat shorthand expanded ("ko" → "không").
import { z } from 'zod';
import { Bubbles } from '../flow-schema.js';

const Phrases = z.array(z.string().min(1));
const Label = z.string().min(1).max(60);

export const INTENTS = ['menu', 'help', 'back', 'stop', 'progress', 'delete', 'alerts-on', 'alerts-off', 'person', 'volunteer', 'greeting', 'thanks'] as const;
export type IntentId = (typeof INTENTS)[number];

const IntentSchema = z
  .strictObject({
    exact: Phrases.default([]).describe('The whole message (polite words around it ignored) means this intent: "tiến độ", "chào bạn".'),
    contains: Phrases.default([]).describe('A phrase anywhere in a short message means this intent ("học đến đâu rồi"), unless it asks how to do something ("làm sao…").'),
  })
  .describe('How residents say one everyday intent.');

const TopicSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z-]*$/),
    text: z.string().min(1).max(350).describe('ONE bubble: the tutor helps with digital skills, procedures and online safety; where to go instead (115 for a medical emergency).'),
    any: Phrases.default([]).describe('One of these phrases is enough.'),
    all: z.array(Phrases.min(1)).default([]).describe('One phrase from each group (e.g. a request verb and a topic).'),
  })
  .describe('A topic the tutor declines, with where to go instead.');

export const FrontDoorTextsSchema = z
  .strictObject({
    labels: z.strictObject({
      continue: Label.describe('After an answer given in the middle of a step: shows that step again.'),
      checkAnother: Label,
      volunteer: Label.describe('Passes the last unanswered question to a volunteer (the Q&A service).'),
    }),
    confirm: z
      .strictObject({
        yes: Phrases.describe('Yes to a pending confirmation ("có", "ừ", "đồng ý", "xóa đi").'),
        no: Phrases.describe('No to a pending confirmation ("không", "thôi", "ko").'),
        restart: Phrases.describe('At the resume prompt: start the lesson from the beginning.'),
      })
      .describe('Answers to a pending confirmation, in every form.'),
    intents: z.partialRecord(z.enum(INTENTS), IntentSchema).describe('Everyday intents in natural phrasings.'),
    howTo: Phrases.describe('Words of a how-to question ("làm sao", "cách"): a message with them is a question, not an intent.'),
    questionWords: Phrases.describe('Words that make a message a question for the Q&A service.'),
    requestWords: Phrases.describe('Words around a lesson name that only ask for it ("học", "mở bài", "hướng dẫn"), dropped before matching triggers.'),
    pasted: z
      .strictObject({
        checkRequests: Phrases.describe('A resident asking to check the message that follows ("tin này có phải lừa đảo không:").'),
        formal: Phrases.describe('How official or commercial messages address people ("quý khách", "vui lòng").'),
        firstPerson: Phrases.describe('A resident telling what happened to them ("tôi vừa", "bác lỡ"): not a pasted message.'),
        vocatives: Phrases.describe('How a forwarded family message opens ("mẹ ơi", "anh ơi"); a long one that asks nothing of the tutor is a pasted message.'),
      })
      .describe('What marks a pasted or forwarded message.'),
    victimBlockers: Phrases.describe('Words just before a victim phrase that make it advice, not an emergency ("không", "tránh", "nếu").'),
    outOfScope: z.array(TopicSchema).describe('Declined topics, tried in order.'),
    declineOther: z
      .string()
      .min(1)
      .max(350)
      .describe('ONE bubble for a text the model (with OPENAI_API_KEY) finds out of scope but no topic above names: what the tutor helps with, where to go instead.'),
    person: Bubbles.describe('When a resident asks for a real person.'),
    greeting: Bubbles.describe('Said before the menu when an onboarded resident greets.'),
    thanks: Bubbles.describe('The answer to "cảm ơn".'),
    checkedAfter: Bubbles.describe('After the verdict on a pasted message.'),
    nothingToContinue: Bubbles.describe('"Tiếp tục bài" pressed when no lesson is open.'),
    consentForProgress: Bubbles.describe('Before a lesson or guide opened by a resident who has not answered the consent question: progress needs storing.'),
  })
  .describe('The front door: how free text is understood before any flow sees it.');

export type FrontDoorTexts = z.output<typeof FrontDoorTextsSchema>;

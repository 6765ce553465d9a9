// The knowledge base of questions residents really ask (content/faq/<topic>.yaml).
// Each entry answers one question directly in 1–3 bubbles; the Q&A service finds
// it through its question variants and offers the related guides and lessons as
// buttons. `npm run schema:export` writes schema/faq.schema.json from this file.
import { z } from 'zod';
import { FLOW_ID } from '../engine/flow-schema.js';

export const FAQ_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FAQ_BUBBLE_MAX = 350;
export const FAQ_MIN_QUESTIONS = 3;

/** A legal reference names the document and the article ("Luật Cư trú 2020, Điều 22"). */
const LEGAL_REFERENCE = /(luật|nghị định|thông tư|quyết định|nghị quyết|bộ luật)[^,]*\d.*(điều|khoản)\s*\d/iu;

const Source = z
  .string()
  .min(8)
  .refine((value) => /^https?:\/\//.test(value) || LEGAL_REFERENCE.test(value), 'an official https link, or a law with its article ("Luật Cư trú 2020, Điều 22")')
  .describe('Where the facts come from: an official https page (allowlisted in content/official-domains.yaml), or a legal document with its article ("Nghị định 59/2022/NĐ-CP, Điều 12").');

const Reviewed = z
  .strictObject({
    by: z.string().min(3).max(80).describe('Who checked the facts against the source (a role is enough: "cán bộ bộ phận một cửa phường").'),
    on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD').describe('When they checked it (YYYY-MM-DD).'),
  })
  .describe('Only when a person really checked the answer against the source. Leave it out otherwise: an unreviewed answer is still used, and the gap stays visible.');

export const FaqEntrySchema = z
  .strictObject({
    id: z.string().regex(FAQ_ID, 'an id uses lowercase letters, digits and "-"').describe('Unique across all FAQ files; start it with the topic ("vneid-forgot-password").'),
    questions: z
      .array(z.string().min(4).max(200))
      .min(FAQ_MIN_QUESTIONS, `at least ${FAQ_MIN_QUESTIONS} phrasings`)
      .describe('At least 3 ways residents ask it, in their own words: with AND without diacritics, and chat shorthand (ko, dc, mk, cccd, tk, sdt). Each phrasing belongs to one entry only.'),
    answer: z
      .array(z.string().min(10).max(FAQ_BUBBLE_MAX, `a bubble holds at most ${FAQ_BUBBLE_MAX} characters`))
      .min(1)
      .max(3)
      .describe('1–3 bubbles of at most 350 characters, one idea each: the step, the fact, where / fee / time. Never asks for an OTP, password or ID number; say "tham khảo" and point to the one-stop desk ("bộ phận một cửa") instead of guessing a figure. Address the resident as {{ban}} / {{Ban}} ("bạn", or "bác" for an elderly resident).'),
    source: Source,
    reviewed: Reviewed.optional(),
    related: z
      .array(z.string().regex(FLOW_ID))
      .max(3)
      .optional()
      .describe('Ids of existing guides, lessons or scam patterns ("guide-vneid-level2", "lesson-vneid", "scam-fake-police"), offered as buttons after the answer.'),
  })
  .describe('One question residents ask, with its direct answer.');

export const FaqFileSchema = z
  .strictObject({
    topic: z.string().regex(FAQ_ID, 'a topic uses lowercase letters, digits and "-"').describe('The topic; the file is content/faq/<topic>.yaml.'),
    entries: z.array(FaqEntrySchema).min(1),
  })
  .describe('A file of the Q&A knowledge base: questions residents ask about one topic, each with a short direct answer.');

export type FaqEntry = z.output<typeof FaqEntrySchema>;
export type FaqFile = z.output<typeof FaqFileSchema>;

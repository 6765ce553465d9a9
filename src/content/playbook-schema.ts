// Urgent playbooks (content/playbooks/<id>.yaml): what a resident does in the
// next ten minutes after money sent to a scammer, an OTP given away, an account
// taken over, a remote-control app installed or documents photographed by a
// stranger; then where to report; then the related lesson. Every fact names its
// source. `npm run schema:export` writes schema/playbook.schema.json from here.
import { z } from 'zod';
import { FLOW_ID } from '../engine/flow-schema.js';
import { CheckedSchema, SourceSchema } from './facts.js';

export const PLAYBOOK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TEXTS_FILE = '_texts.yaml';

const Phrases = z.array(z.string().min(2));

const PlaybookFact = z
  .strictObject({
    text: z.string().min(5).max(200).describe('One short action, as the resident reads it ("Gọi 113…").'),
    source: SourceSchema.describe('The law with its article, or the official page, that says it.'),
    checked: CheckedSchema.optional(),
  })
  .describe('One step, with where it comes from.');

export const PlaybookSchema = z
  .strictObject({
    id: z.string().regex(PLAYBOOK_ID, 'an id uses lowercase letters, digits and "-"').describe('The file is content/playbooks/<id>.yaml; the flow is urgent-<id>.'),
    version: z.number().int().min(1).describe('Raise it when you change the playbook.'),
    title: z.string().min(3).max(60).describe('What happened, in the resident\'s words ("Lỡ chuyển tiền cho kẻ gian"); the button in the list.'),
    priority: z.number().int().min(0).max(1000).describe('Lower is tried first: the most specific playbooks first, the general "bị lừa" one last.'),
    match: z
      .strictObject({
        any: Phrases.default([]).describe('One of these phrases is enough ("lỡ đọc mã otp", "bị hack zalo").'),
        all: z.array(Phrases.min(1)).default([]).describe('One phrase from each group ("lỡ", "đã" + "otp", "mã xác nhận").'),
        unless: Phrases.default([]).describe('Not this playbook when one of these is said ("chuyển nhầm": a wrong transfer is not a scam).'),
      })
      .describe('How a resident says this happened, matched without diacritics. "Không", "tránh", "nếu" just before a phrase make it advice, not an emergency.'),
    now: z.array(PlaybookFact).min(2).max(5).describe('The first bubble: what to do in the next ten minutes, most urgent first.'),
    report: z.array(PlaybookFact).min(1).max(4).describe('The second bubble: where to report.'),
    lesson: z.string().regex(FLOW_ID).describe('The lesson offered as a button after the steps.'),
  })
  .describe('An urgent playbook: the steps right after a scam, each with its source.');

export const PlaybookTextsSchema = z
  .strictObject({
    nowIntro: z.string().min(3).describe('Opens the first bubble ("⚠️ Làm ngay trong 10 phút tới:").'),
    reportIntro: z.string().min(3).describe('Opens the second bubble.'),
    listIntro: z.string().min(3).describe('Above the list of playbooks (from the scam menu).'),
    listTitle: z.string().min(3).max(60),
    labels: z.strictObject({
      lesson: z.string().min(3).max(60).describe('The button to the related lesson.'),
      check: z.string().min(3).max(60),
      list: z.string().min(3).max(60).describe('"Việc khác đã xảy ra": back to the list.'),
      menu: z.string().min(2).max(60),
    }),
  })
  .describe('Texts shared by all playbooks (content/playbooks/_texts.yaml).');

export type Playbook = z.output<typeof PlaybookSchema>;
export type PlaybookTexts = z.output<typeof PlaybookTextsSchema>;

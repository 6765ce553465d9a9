// The format of content/qa.yaml: what the Q&A fallback says, the requests it
// declines, and the words that help it search. Authors edit the YAML, not code.
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../content/loader.js';
import { formatProblem, zodProblems } from '../engine/flow-registry.js';

const Bubbles = z.array(z.string().min(1).max(350)).min(1);
const Words = z.array(z.string().min(1)).describe('Words or phrases, matched without diacritics or case.');

const Fact = z.strictObject({
  words: Words.describe('Question words that ask for this fact ("o dau", "bao lau").'),
  text: z.string().min(1).describe('Line with {{value}}, the fact of the guide.'),
});

const Refusal = z
  .strictObject({
    id: z.string().min(1).describe('Category, logged (e.g. "medical").'),
    text: Bubbles.describe('The polite refusal, one to three bubbles.'),
    flow: z.string().optional().describe('A lesson or guide offered with the refusal.'),
    any: Words.optional().describe('One of these phrases is enough.'),
    all: z.array(Words).optional().describe('One phrase from each group must occur.'),
    except: Words.optional().describe('The rule does not apply when one of these occurs ("bao hiem y te" in "thuốc nào được bảo hiểm y tế trả").'),
  })
  .describe('A request the tutor declines.');

export const QaTextsSchema = z.strictObject({
  kinds: z
    .strictObject({ lesson: z.string(), guide: z.string(), scam: z.string(), faq: z.string().describe('A knowledge-base entry (content/faq), as named to the model.') })
    .describe('How each kind of content is named ("hướng dẫn thủ tục").'),
  found: z.string().describe('First bubble of an answer from our content: {{kind}} and {{title}}.'),
  openLabel: z.string().describe('Label of the button that opens the content: {{title}} (cut to 60 characters).'),
  openHint: z.string().describe('Tells which button to press: {{label}}.'),
  alsoLabel: z.string().describe('Label of a button to a second relevant lesson or guide: {{title}}.'),
  facts: z.strictObject({ where: Fact, fee: Fact, duration: Fact }),
  modelNote: z.string().describe('Said after an answer written by the model.'),
  notFound: Bubbles.describe('Nothing relevant found: say so, suggest the menu, offer a volunteer.'),
  volunteer: z.strictObject({
    words: Words.describe('What a resident types to pass the last question to a volunteer.'),
    done: z.string(),
    nothing: z.string().describe('Said when there is no question to pass on.'),
    buttonLabel: z.string().min(1).max(60).describe('The button offered with "not found"; pressing it is the same as typing the first of `words`.'),
  }),
  quotaReached: z.string().describe('Said before the short answer when the daily number of model questions is used up.'),
  personalData: z.strictObject({
    warning: z.string().describe('{{what}}: the kinds of personal data sent, named below.'),
    reminder: z.string(),
    followUp: z.string().describe('Said when a message held only personal data and no question.'),
    names: z.record(z.string(), z.string()),
    joiner: z.string(),
  }),
  refusals: z.array(Refusal),
  stopwords: z.array(z.string()).describe('Words that carry no topic (pronouns, particles, question words).'),
  synonyms: z.record(z.string(), z.string()).describe('Abbreviations and everyday words, expanded before searching ("cccd" → "can cuoc").'),
  systemPrompt: z.string().min(20).describe('Instructions for the model; {{ban}} is filled in. Never shown to residents.'),
});

export type QaTexts = z.output<typeof QaTextsSchema>;
export type RefusalRule = QaTexts['refusals'][number];

export const QA_TEXTS_FILE = 'qa.yaml';

/** Reads content/qa.yaml; throws with every problem listed when it is invalid. */
export async function loadQaTexts(contentDir: string): Promise<QaTexts> {
  const file = path.join(contentDir, QA_TEXTS_FILE);
  const relative = path.join('content', QA_TEXTS_FILE);
  const problems: Parameters<typeof formatProblem>[0][] = [];
  const data = await readYamlFile(file, relative, problems);
  if (data !== undefined) {
    const parsed = QaTextsSchema.safeParse(data);
    if (parsed.success) return parsed.data;
    problems.push(...zodProblems(relative, parsed.error));
  }
  throw new Error(`content/${QA_TEXTS_FILE} has problems:\n${problems.map(formatProblem).join('\n')}`);
}

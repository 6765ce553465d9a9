// The reader's resident-facing texts, from content/media.yaml (checked at start-up).
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

const Bubble = z.string().min(1).max(350);

export const MediaTextsSchema = z.strictObject({
  read: Bubble,
  heard: Bubble,
  nothingRead: Bubble,
  noOcr: Bubble,
  badImage: Bubble,
  imageTooLarge: Bubble,
  readFailed: Bubble,
  noVoice: Bubble,
  voiceTooLong: Bubble,
  voiceFailed: Bubble,
  qr: z.strictObject({
    payment: Bubble,
    amount: Bubble,
    purpose: Bubble,
    merchant: Bubble,
    paymentAdvice: Bubble,
    link: Bubble,
    phone: Bubble,
    sms: Bubble,
    wifi: Bubble,
    text: Bubble,
  }),
});

export type MediaTexts = z.output<typeof MediaTextsSchema>;

export const MEDIA_TEXTS_FILE = 'media.yaml';

/** Throws a plain error naming the file and the field when the texts are not valid. */
export async function loadMediaTexts(contentDir: string): Promise<MediaTexts> {
  const file = path.join(contentDir, MEDIA_TEXTS_FILE);
  const parsed = MediaTextsSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

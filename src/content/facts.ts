// Facts residents rely on (where, fee, duration, documents, figures in a step)
// and where each one comes from. A fact is either a plain string (unsourced,
// so unverified) or { text, source, checked? }: only a fact whose source a
// person checked, by role and date, is shown as certain. Everything else is
// shown as "tham khảo" with the advice to ask the one-stop desk.
import { z } from 'zod';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IsoDate = z.string().regex(ISO_DATE, 'a date is written YYYY-MM-DD');

export const CheckedSchema = z
  .strictObject({
    by: z.string().min(3).max(80).describe('Who checked it against the source: a role is enough ("cán bộ tư pháp phường").'),
    on: IsoDate.describe('When they checked it (YYYY-MM-DD).'),
  })
  .describe('Only when a person really compared the fact with its source. Leave it out otherwise: the fact is shown as "tham khảo".');

export const PageSourceSchema = z
  .strictObject({
    url: z.string().url().describe('An official https page (allowlisted in content/official-domains.yaml).'),
    seen: IsoDate.optional().describe('The date the page was read and said this. Without it the page is only where to check.'),
    title: z.string().min(3).max(120).optional().describe('The page or section, in words.'),
  })
  .describe('An official page.');

export const SourceSchema = z
  .union([
    z.string().min(5).max(200).describe('A law, decree or circular with its article ("Luật Căn cước 2023, Điều 21"), a national newspaper with its date, or an https link.'),
    PageSourceSchema,
  ])
  .describe('Where the fact comes from.');

export type Source = z.output<typeof SourceSchema>;
export type Checked = z.output<typeof CheckedSchema>;

/** A fact: a plain string (unverified) or a text with its source. */
export function factSchema(maxLength: number, description: string) {
  return z
    .union([
      z.string().min(3).max(maxLength),
      z.strictObject({
        text: z.string().min(3).max(maxLength).describe('What the resident reads.'),
        source: SourceSchema,
        checked: CheckedSchema.optional(),
      }),
    ])
    .describe(`${description} A plain string counts as unverified; write { text, source, checked? } to give its source.`);
}

export type Fact = string | { text: string; source: Source; checked?: Checked };

/** Fields a step can carry for the figures in its text. */
export const StepSourcing = {
  source: SourceSchema.optional().describe('Where the figures, ages, amounts or authorities in this step come from.'),
  checked: CheckedSchema.optional(),
};

export interface Sourced {
  source?: Source;
  checked?: Checked;
}

export function factText(fact: Fact): string {
  return typeof fact === 'string' ? fact : fact.text;
}

export function factSourcing(fact: Fact): Sourced {
  return typeof fact === 'string' ? {} : { source: fact.source, ...(fact.checked ? { checked: fact.checked } : {}) };
}

/** Checked by a person, in the fact itself or by a whole-item review. */
export function checkOf(sourcing: Sourced, itemReview?: Checked): Checked | undefined {
  if (!sourcing.source) return undefined;
  return sourcing.checked ?? itemReview;
}

export function isVerified(sourcing: Sourced, itemReview?: Checked): boolean {
  return checkOf(sourcing, itemReview) !== undefined;
}

export function sourceLabel(source: Source | undefined): string {
  if (source === undefined) return '';
  if (typeof source === 'string') return source;
  return [source.title, source.url, source.seen ? `(xem ${source.seen})` : ''].filter(Boolean).join(' ');
}

export type SourceKind = 'legal' | 'press' | 'page' | 'page-unread' | 'vague';

const LEGAL = /(luật|bộ luật|nghị định|thông tư|quyết định|nghị quyết|pháp lệnh|công văn)(?![\p{L}])[^;]{0,80}?(\d{2,4}|\d+\/\d{4})/iu;
const PRESS = /(báo|vnexpress|thanh niên|tuổi trẻ|nhân dân|vietnamplus|vtv|vov|dân trí|tiền phong|lao động|cổng thông tin điện tử chính phủ|trang ứng dụng|cửa hàng ứng dụng)/iu;
const HAS_DATE = /\b(19|20)\d{2}\b/;

/** What kind of source this is; a vague one ("trên mạng") does not count as a source. */
export function sourceKind(source: Source): SourceKind {
  if (typeof source !== 'string') return source.seen ? 'page' : 'page-unread';
  if (/^https:\/\//.test(source)) return 'page-unread';
  if (LEGAL.test(source)) return 'legal';
  if (PRESS.test(source) && HAS_DATE.test(source)) return 'press';
  return 'vague';
}

/** A link to check against the allowlist, when the source is a page. */
export function sourceUrl(source: Source | undefined): string | undefined {
  if (source === undefined) return undefined;
  if (typeof source !== 'string') return source.url;
  return /^https?:\/\//.test(source) ? source : undefined;
}

/** Days between a YYYY-MM-DD date and now. */
export function ageInDays(date: string, now: number): number {
  return Math.floor((now - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

export const DEFAULT_REVIEW_MAX_DAYS = 180;

/** CONTENT_REVIEW_MAX_DAYS, default 180; a bad value is an error in plain words. */
export function reviewMaxDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CONTENT_REVIEW_MAX_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_REVIEW_MAX_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`CONTENT_REVIEW_MAX_DAYS must be a whole number of days (got "${raw}")`);
  return days;
}

/** An amount, a number of days/months/years, an age or a percentage: a figure residents act on. */
const FIGURE = /\d[\d.,]*\s*(?:-|–|đến)?\s*\d*[\d.,]*\s*(?:đ(?![\p{L}])|đồng|nghìn|triệu|%|ngày|tháng|năm|tuổi|giờ|lần)/iu;

export function statesFigure(text: string): boolean {
  return FIGURE.test(text);
}

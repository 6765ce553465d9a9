// The one value a resident's text becomes, built once per turn. Every
// recognizer reads it; none folds or tokenizes the text again. Links and phone
// numbers come from the scam checker's own extractors (one implementation), and
// its prepared words and red-flag phrases are computed only when a recognizer
// asks for them (a button press or "1" never pays for them).
import { analyseLinks } from '../../scam-check/urls.js';
import { findPhones, type PhoneFinding } from '../../scam-check/phones.js';
import { prepareText, type PreparedText } from '../../scam-check/prepared-text.js';
import { phraseFlags, impersonatedNames } from '../../scam-check/signals.js';
import type { Flag } from '../../scam-check/flags.js';
import { containsPhrase, foldText, normalizeForMatching } from '../text.js';

export interface Understood {
  /** The text as typed, trimmed. */
  raw: string;
  /** Lowercase, no diacritics, no punctuation (foldText). */
  folded: string;
  /** Lowercase with diacritics kept, punctuation dropped: to tell "dừng" from "Đúng". */
  lower: string;
  /** folded with chat shorthand expanded ("ko dc" → "khong duoc"): what phrases are matched against. */
  normalized: string;
  /** Words of `normalized`. */
  words: string[];
  /** Digit groups as typed ("20", "1.500.000"). */
  numbers: string[];
  /** Links found in the text (as written). */
  urls: string[];
  phones: PhoneFinding[];
  /** Sums of money ("20 triệu", "1.500.000đ", "500k", "+2,500,000VND"). */
  amounts: string[];
  /** A sender tag at the start, like an SMS: "[VCB]", "VCB:", "Agribank thông báo:". */
  senderTag?: string;
  /** The typed text carries Vietnamese diacritics. */
  hasDiacritics: boolean;
  /** Characters of the trimmed text. */
  length: number;
  /** The scam checker's view of the words (lazily built). */
  readonly prepared: PreparedText;
  /** The checker's generic red flags (threats, transfer requests, too-good offers…), lazily. */
  readonly scamFlags: Flag[];
  /** Agencies, banks or providers the text names (lazily). */
  readonly namedAuthorities: string[];
}

const DIACRITIC = /[\u0300-\u036fđĐ]/;
const NUMBER = /\d+(?:[.,]\d+)*/g;
// "20 triệu", "1.500.000đ", "500k", "+2,500,000VND", "3tr": a number followed by a unit of money.
const AMOUNT = /[+-]?\d+(?:[.,]\d+)*\s?(?:k\b|tr\b|triệu|trieu|nghìn|nghin|ngàn|ngan|đồng|dong\b|đ\b|d\b|vnd|vnđ|usd|\$)/giu;
// "[VCB]", "(Agribank)" or "VCB:", "EVNHCMC thong bao:", "BHXH VN:" at the very start.
const BRACKET_TAG = /^\s*[[(]([\p{L}\p{N} ._-]{2,24})[\])]/u;
const COLON_TAG = /^\s*([\p{Lu}\p{N}][\p{L}\p{N}._-]{1,20}(?:\s[\p{L}\p{N}._-]{1,20}){0,3}?)\s*(?:thông báo|thong bao|tb|xin thông báo|xin thong bao)?\s*:/u;

export function understand(text: string): Understood {
  const raw = text.trim();
  const folded = foldText(raw);
  const normalized = normalizeForMatching(raw);
  let prepared: PreparedText | undefined;
  let flags: Flag[] | undefined;
  let names: string[] | undefined;
  const lower = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const value: Understood = {
    raw,
    folded,
    lower,
    normalized,
    words: normalized ? normalized.split(' ') : [],
    numbers: raw.match(NUMBER) ?? [],
    urls: raw.length >= 4 && raw.includes('.') ? analyseLinks(raw, []).map((link) => link.raw) : [],
    phones: /\d{3}/.test(raw) ? findPhones(raw) : [],
    amounts: /\d/.test(raw) ? (raw.match(AMOUNT) ?? []).map((amount) => amount.trim()) : [],
    senderTag: senderTagOf(raw),
    hasDiacritics: DIACRITIC.test(raw.normalize('NFD')),
    length: raw.length,
    get prepared() {
      prepared ??= prepareText(raw);
      return prepared;
    },
    get scamFlags() {
      flags ??= phraseFlags(this.prepared);
      return flags;
    },
    get namedAuthorities() {
      names ??= impersonatedNames(this.prepared);
      return names;
    },
  };
  return value;
}

/** A sender tag opens an SMS or a notice; a resident's own sentence does not start that way. */
function senderTagOf(raw: string): string | undefined {
  const bracket = BRACKET_TAG.exec(raw);
  if (bracket) return bracket[1]!.trim();
  const colon = COLON_TAG.exec(raw);
  if (!colon) return undefined;
  const tag = colon[1]!.trim();
  // "Tin này có phải lừa đảo không:" is the resident talking, not a sender: a
  // tag is an acronym ("VCB:"), says "thông báo", or is one brand word opening a long text ("Shopee: …").
  if (/[A-Z]{2,}/.test(tag) || /thông báo|thong bao/i.test(colon[0])) return tag;
  return !tag.includes(' ') && tag.length >= 3 && raw.length >= 50 ? tag : undefined;
}

/** True when `phrase` (already folded) occurs as whole words in the normalized text. */
export function hasPhrase(u: Understood, phrase: string): boolean {
  return containsPhrase(u.normalized, phrase);
}

/** The first of these (folded) phrases found, if any. */
export function firstPhrase(u: Understood, phrases: readonly string[]): string | undefined {
  return phrases.find((phrase) => containsPhrase(u.normalized, phrase));
}

const NOWHERE: readonly number[] = Object.freeze([]);

/** Word positions where a folded phrase starts. */
export function phrasePositions(u: Understood, phrase: string): readonly number[] {
  if (!containsPhrase(u.normalized, phrase)) return NOWHERE;
  const parts = phrase.split(' ');
  const positions: number[] = [];
  for (let i = 0; i + parts.length <= u.words.length; i++) {
    if (parts.every((part, j) => u.words[i + j] === part)) positions.push(i);
  }
  return positions;
}

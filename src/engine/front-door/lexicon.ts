// The front door's phrases folded once per catalog (folding every phrase on
// every turn would be the hottest path of a turn), in the same form as
// Understood.normalized.
import type { Catalog } from '../catalog.js';
import { normalizeForMatching } from '../text.js';
import type { IntentId } from './texts-schema.js';

/**
 * A phrase folded, and with its diacritics when it has any: typed with
 * diacritics, "có mưa không" must not match "có mua không".
 */
export interface TypedPhrase {
  folded: string;
  light?: string;
}

export interface Lexicon {
  yes: Set<string>;
  no: Set<string>;
  restart: Set<string>;
  intents: { id: IntentId; exact: Set<string>; contains: string[] }[];
  commandWords: { command: keyof Catalog['commandWords']; words: Set<string> }[];
  fillers: string[];
  requestWords: string[];
  howTo: string[];
  questionWords: string[];
  checkRequests: string[];
  formal: string[];
  firstPerson: string[];
  vocatives: string[];
  victimBlockers: Set<string>;
  outOfScope: { id: string; text: string; any: TypedPhrase[]; all: TypedPhrase[][] }[];
}

const cache = new WeakMap<Catalog, Lexicon>();

const fold = (phrases: readonly string[]) => [...new Set(phrases.map(normalizeForMatching).filter(Boolean))];
const DIACRITIC = /[\u0300-\u036fđĐ]/;
const lightForm = (phrase: string) =>
  phrase
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const typed = (phrases: readonly string[]): TypedPhrase[] =>
  phrases.map((phrase) => ({ folded: normalizeForMatching(phrase), ...(DIACRITIC.test(phrase.normalize('NFD')) ? { light: lightForm(phrase) } : {}) }));
/** Longest first, so "tin nay co phai lua dao khong" is stripped whole, not just "lua dao". */
const longestFirst = (phrases: string[]) => phrases.sort((a, b) => b.length - a.length);

export function lexiconOf(catalog: Catalog): Lexicon {
  let lexicon = cache.get(catalog);
  if (lexicon) return lexicon;
  const fd = catalog.frontDoor;
  lexicon = {
    yes: new Set(fold(fd.confirm.yes)),
    no: new Set(fold(fd.confirm.no)),
    restart: new Set(fold(fd.confirm.restart)),
    intents: (Object.entries(fd.intents) as [IntentId, { exact: string[]; contains: string[] }][]).map(([id, intent]) => ({
      id,
      exact: new Set(fold(intent.exact)),
      contains: longestFirst(fold(intent.contains)),
    })),
    commandWords: (Object.entries(catalog.commandWords) as [keyof Catalog['commandWords'], string[]][]).map(([command, words]) => ({ command, words: new Set(fold(words)) })),
    fillers: longestFirst(fold(catalog.fillerWords)),
    requestWords: longestFirst(fold(fd.requestWords)),
    howTo: fold(fd.howTo),
    questionWords: fold(fd.questionWords),
    checkRequests: longestFirst(fold(fd.pasted.checkRequests)),
    formal: fold(fd.pasted.formal),
    firstPerson: fold(fd.pasted.firstPerson),
    vocatives: fold(fd.pasted.vocatives),
    victimBlockers: new Set(fold(fd.victimBlockers)),
    outOfScope: fd.outOfScope.map((topic) => ({ id: topic.id, text: topic.text, any: typed(topic.any), all: topic.all.map(typed) })),
  };
  cache.set(catalog, lexicon);
  return lexicon;
}

/** Drops polite words at either end ("cho mình xem tiến độ nhé" → "tien do"). */
export function stripAround(normalized: string, words: string[]): string {
  let text = normalized;
  let changed = true;
  while (changed) {
    changed = false;
    for (const word of words) {
      if (text.startsWith(`${word} `)) {
        text = text.slice(word.length + 1);
        changed = true;
      } else if (text.endsWith(` ${word}`)) {
        text = text.slice(0, -word.length - 1);
        changed = true;
      }
    }
  }
  return text;
}

// A model may only repeat what our passages say about where to go and whom to
// call: a link or a phone number in its answer that no passage holds could send
// a resident to a scammer. Such a sentence is dropped (not the number alone, so
// no half-sentence like "gọi số để được hỗ trợ" is left).
import { findPhones } from '../scam-check/phones.js';
import { analyseLinks } from '../scam-check/urls.js';

/** Emergency and service numbers written alone ("gọi 113"): short, so findPhones does not see them. */
const SHORT_NUMBER = /(?:gọi|goi|số|so|tổng đài|tong dai|hotline|đường dây nóng|duong day nong)\s*(?:số\s*)?:?\s*(\d{3,7})(?![\p{N}])(?![\s.,-]\d)/giu;

export interface GuardedAnswer {
  text: string;
  /** The links and numbers taken out, for the log (never shown). */
  removed: string[];
}

export function keepSourcedContacts(answer: string, passages: string[]): GuardedAnswer {
  const source = passages.join('\n');
  const known = { links: new Set(linksIn(source)), hosts: new Set(linksIn(source).map(hostOf)), numbers: numbersIn(source) };
  const removed: string[] = [];
  const kept: string[] = [];
  for (const sentence of sentencesOf(answer)) {
    const unsourced = [
      ...linksIn(sentence).filter((link) => !known.links.has(link) && !(isBareHost(link) && known.hosts.has(link))),
      ...[...numbersIn(sentence)].filter((digits) => !known.numbers.has(digits)),
    ];
    if (unsourced.length > 0) removed.push(...unsourced);
    else kept.push(sentence);
  }
  return {
    text: kept
      .join('')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    removed,
  };
}

/** Links lowercased, without scheme, "www." or a trailing slash: "dichvucong.gov.vn/tra-cuu". */
function linksIn(text: string): string[] {
  return analyseLinks(text, []).map((verdict) =>
    verdict.raw
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/^www\./, '')
      .replace(/\/+$/, ''),
  );
}

function hostOf(link: string): string {
  return link.split('/')[0]!;
}

function isBareHost(link: string): boolean {
  return !link.includes('/');
}

function numbersIn(text: string): Set<string> {
  const numbers = new Set(findPhones(text).map((phone) => phone.digits.replace(/^\+84|^0084/, '0')));
  for (const match of text.matchAll(SHORT_NUMBER)) numbers.add(match[1]!);
  return numbers;
}

/** Sentences with their trailing spaces and line breaks, so joining them gives the text back. */
function sentencesOf(text: string): string[] {
  // A sentence ends at . ! ? … followed by a space or the end (not inside "evn.com.vn" or "1.500.000"), or at a line break.
  return text.split(/(?<=[.!?…](?=\s)\s*|\n)/u).filter(Boolean);
}

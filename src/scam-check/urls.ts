// Finds links in a pasted message and judges each host against the allowlist
// of official domains. Pure: no network look-ups, only the text itself.
import { domainToASCII } from 'node:url';
import { editDistance } from '../engine/text.js';

export interface OfficialDomain {
  domain: string;
  owner: string;
}

export type LinkKind = 'official' | 'shortener' | 'punycode' | 'ip' | 'lookalike' | 'suspicious-tld' | 'unknown';

export interface LinkVerdict {
  /** The link as written in the message. */
  raw: string;
  host: string;
  kinds: LinkKind[];
  apk: boolean;
  /** The official domain it belongs to, or the one it imitates. */
  official?: OfficialDomain;
  imitates?: string;
}

const SHORTENERS = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 't.ly', 'cutt.ly', 'cutt.us', 'rb.gy', 'is.gd', 'v.gd', 'goo.gl', 'ow.ly',
  'shorturl.at', 'tiny.cc', 's.id', 't.co', 'rebrand.ly', 'short.gy', 'bom.so', 'bom.vn', 'shorten.asia', 'tinyurl.vn',
  'link.gd', 'u.to', 'clck.ru', 'qrco.de', 'urlz.fr', 'shorte.st', 'adf.ly', 'bl.ink', 'gg.gg', 'x.co', 'lnk.to',
]);

// Cheap or free top-level domains that scam sites favour; legitimate Vietnamese
// banks and agencies use .vn, .com.vn or .gov.vn.
const SUSPICIOUS_TLDS = new Set([
  'xyz', 'top', 'club', 'online', 'site', 'shop', 'click', 'vip', 'cc', 'icu', 'live', 'buzz', 'link', 'win', 'tk',
  'ml', 'ga', 'cf', 'gq', 'fun', 'life', 'store', 'cyou', 'sbs', 'rest', 'monster', 'work', 'support', 'today', 'asia',
  'bond', 'cfd', 'space', 'website', 'pw', 'ws', 'lol', 'mobi', 'io',
]);

// A bare "name.tld" (no http, no www) counts as a link only with one of these
// endings, so "1.000.000" or "v.v." are never taken for links.
const BARE_TLDS = new Set([
  ...SUSPICIOUS_TLDS, 'vn', 'com', 'net', 'org', 'info', 'biz', 'me', 'co', 'app', 'us', 'uk', 'cn', 'ru', 'in',
  'pro', 'one', 'tv', 'ly', 'gd', 'at', 'id', 'to', 'de', 'fr', 'kr', 'jp', 'la', 'kh', 'th', 'gl',
]);

// Words that only an official site should carry in its address; extra to the
// first labels of the allowlist (vietcombank, dichvucong…).
const EXTRA_BRAND_WORDS = ['gov', 'govvn', 'congan', 'bhxh', 'vcb', 'tcb', 'mbb', 'vtb', 'tongcucthue', 'dienluc', 'evnhcmc', 'evnhanoi', 'evnspc', 'evnnpc', 'evncpc', 'napas', 'vssid'];

const LINK_PATTERN = /(?<![@\p{L}\p{N}.-])(?:(?:https?:\/\/)|(?:www\.))?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,24}(?::\d{2,5})?(?:\/[^\s<>"']*)?/giu;
const IP_LINK_PATTERN = /(?<![\p{L}\p{N}.])(?:https?:\/\/)?((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?::\d{2,5})?(?:\/[^\s]*)?/giu;

/** Every link in the message, judged. */
export function analyseLinks(text: string, officialDomains: OfficialDomain[]): LinkVerdict[] {
  const verdicts: LinkVerdict[] = [];
  for (const match of text.matchAll(IP_LINK_PATTERN)) {
    const raw = trimPunctuation(match[0]);
    const hasScheme = /^https?:\/\//i.test(raw);
    // A bare dotted number is only a link when something (scheme, path, port) says so.
    if (!hasScheme && !/[/:]/.test(raw)) continue;
    verdicts.push({ raw, host: match[1]!, kinds: ['ip'], apk: isApk(raw) });
  }
  for (const match of text.matchAll(LINK_PATTERN)) {
    const raw = trimPunctuation(match[0]);
    const verdict = judgeLink(raw, officialDomains);
    if (verdict && !verdicts.some((v) => v.raw.includes(raw))) verdicts.push(verdict);
  }
  return verdicts;
}

function judgeLink(raw: string, officialDomains: OfficialDomain[]): LinkVerdict | undefined {
  const explicit = /^(https?:\/\/|www\.)/i.test(raw);
  const unicodeHost = raw.replace(/^https?:\/\//i, '').split(/[/:?#]/)[0]!.toLowerCase();
  const tld = unicodeHost.split('.').pop() ?? '';
  if (!explicit && !BARE_TLDS.has(tld)) return undefined;
  const asciiHost = domainToASCII(unicodeHost) || unicodeHost;
  const host = asciiHost.replace(/^www\./, '');
  const verdict: LinkVerdict = { raw, host, kinds: [], apk: isApk(raw) };
  if (/[^\x00-\x7f]/.test(unicodeHost) || host.split('.').some((label) => label.startsWith('xn--'))) verdict.kinds.push('punycode');
  const official = officialDomains.find((entry) => host === entry.domain || host.endsWith(`.${entry.domain}`));
  if (official && !verdict.kinds.includes('punycode')) {
    verdict.kinds.push('official');
    verdict.official = official;
    return verdict;
  }
  if (SHORTENERS.has(host)) verdict.kinds.push('shortener');
  const imitates = imitatedBrand(host, officialDomains);
  if (imitates) {
    verdict.kinds.push('lookalike');
    verdict.imitates = imitates;
  }
  if (SUSPICIOUS_TLDS.has(tld)) verdict.kinds.push('suspicious-tld');
  if (verdict.kinds.length === 0) verdict.kinds.push('unknown');
  return verdict;
}

/** The official name a non-official host borrows, by a brand word or a near-identical spelling. */
export function imitatedBrand(host: string, officialDomains: OfficialDomain[]): string | undefined {
  const tokens = host.split(/[.-]/).filter(Boolean);
  const joined = tokens.join('');
  for (const brand of brandWords(officialDomains)) {
    if (tokens.includes(brand)) return brand;
    if (brand.length >= 6 && joined.includes(brand)) return brand;
  }
  // "vietconbank.com.vn", "bidv.corn.vn": one or two letters away from an official domain.
  for (const entry of officialDomains) {
    if (entry.domain.split('.').length < 2 || entry.domain === 'gov.vn') continue;
    const distance = editDistance(host, entry.domain, 2);
    if (distance > 0 && distance <= (entry.domain.length >= 10 ? 2 : 1)) return entry.domain;
  }
  return undefined;
}

function brandWords(officialDomains: OfficialDomain[]): string[] {
  const fromAllowlist = officialDomains
    .map((entry) => entry.domain.split('.')[0]!)
    .filter((word) => word.length >= 3 && word !== 'gov' && word !== 'com');
  return [...new Set([...fromAllowlist, ...EXTRA_BRAND_WORDS])];
}

function isApk(raw: string): boolean {
  return /\.apk(?:$|[?#/])/i.test(raw);
}

function trimPunctuation(raw: string): string {
  return raw.replace(/[.,;:!?)\]}"'»”]+$/u, '');
}


// Finds links in a pasted message and judges each against the allowlist of
// official domains. Every link is parsed with the WHATWG URL parser (so
// "vietcombank.com.vn@evil.xyz" opens evil.xyz, and "3232235777" is an IP) and
// its registrable domain comes from the public suffix list (tldts), never from
// slicing the string. Pure: no network look-ups, only the text itself.
import { domainToUnicode } from 'node:url';
import { parse as parseDomain } from 'tldts';
import { editDistance } from '../engine/text.js';
import { confusableSkeleton, hasMixedScripts } from './confusables.js';
import { findLinkCandidates, SUSPICIOUS_TLDS } from './link-candidates.js';

export interface OfficialDomain {
  domain: string;
  owner: string;
}

export type LinkKind = 'official' | 'shortener' | 'punycode' | 'confusable' | 'ip' | 'lookalike' | 'subdomain-trick' | 'userinfo' | 'insecure' | 'suspicious-tld' | 'unknown';

export interface LinkVerdict {
  /** The link as written in the message. */
  raw: string;
  /** The host the link really opens (ASCII, lowercase, without "www."). */
  host: string;
  /** The same host as a reader sees it (IDN in Unicode). */
  unicodeHost: string;
  /** The registrable domain (public suffix list), or the host for IP addresses. */
  domain: string;
  scheme: 'http' | 'https' | 'none';
  kinds: LinkKind[];
  apk: boolean;
  /** The official domain it belongs to, or the one it imitates. */
  official?: OfficialDomain;
  imitates?: string;
}

const SHORTENERS = new Set([
  'bit.ly',
  'bitly.com',
  'tinyurl.com',
  't.ly',
  'cutt.ly',
  'cutt.us',
  'rb.gy',
  'is.gd',
  'v.gd',
  'goo.gl',
  'ow.ly',
  'shorturl.at',
  'tiny.cc',
  's.id',
  't.co',
  'rebrand.ly',
  'short.gy',
  'bom.so',
  'bom.vn',
  'shorten.asia',
  'tinyurl.vn',
  'link.gd',
  'u.to',
  'clck.ru',
  'qrco.de',
  'urlz.fr',
  'shorte.st',
  'adf.ly',
  'bl.ink',
  'gg.gg',
  'x.co',
  'lnk.to',
  'surl.li',
  'shorturl.asia',
  'rutgon.vn',
  'bitly.vn',
  'tiny.one',
  'buff.ly',
  'dub.sh',
  'linktr.ee',
  '2.gy',
  'vt.tiktok.com',
]);

// Words that only an official site should carry in its address; extra to the
// first labels of the allowlist (vietcombank, dichvucong…).
const EXTRA_BRAND_WORDS = ['gov', 'govvn', 'congan', 'bhxh', 'vcb', 'tcb', 'mbb', 'vtb', 'tongcucthue', 'dienluc', 'evnhcmc', 'evnhanoi', 'evnspc', 'evnnpc', 'evncpc', 'napas', 'vssid'];

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Every link in the message, judged. */
export function analyseLinks(text: string, officialDomains: OfficialDomain[]): LinkVerdict[] {
  const verdicts: LinkVerdict[] = [];
  for (const candidate of findLinkCandidates(text)) {
    const verdict = judgeLink(candidate.raw, candidate.scheme, officialDomains);
    if (verdict && !verdicts.some((v) => v.raw === verdict.raw)) verdicts.push(verdict);
  }
  return verdicts;
}

function judgeLink(raw: string, scheme: LinkVerdict['scheme'], officialDomains: OfficialDomain[]): LinkVerdict | undefined {
  let url: URL;
  try {
    url = new URL(scheme === 'none' ? `http://${raw}` : raw);
  } catch {
    // An ill-formed IDN ("xn--" that decodes to nothing) is still a look-alike trick, not harmless text.
    const host = raw
      .replace(/^https?:\/\//i, '')
      .split(/[/?#:@]/)[0]!
      .toLowerCase();
    if (!host.split('.').some((label) => label.startsWith('xn--'))) return undefined;
    return { raw, host, unicodeHost: host, domain: host, scheme, kinds: ['punycode'], apk: false };
  }
  const host = url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  if (!host) return undefined;
  const unicodeHost = domainToUnicode(host) || host;
  const verdict: LinkVerdict = { raw, host, unicodeHost, domain: host, scheme, kinds: [], apk: /\.apk$/i.test(url.pathname) };
  if (IPV4.test(host) || host.startsWith('[')) {
    verdict.kinds.push('ip');
    return verdict;
  }
  const parsed = parseDomain(host);
  verdict.domain = parsed.domain ?? host;
  const idn = host.split('.').some((label) => label.startsWith('xn--')) || /[^\x00-\x7f]/.test(unicodeHost);
  if (idn) verdict.kinds.push('punycode');
  const official = officialDomains.find((entry) => host === entry.domain || host.endsWith(`.${entry.domain}`));
  if (official && !idn) {
    verdict.kinds.push('official');
    verdict.official = official;
    // Real banks and agencies serve every page over https.
    if (scheme === 'http') verdict.kinds.push('insecure');
    return verdict;
  }
  if (url.username || url.password) {
    verdict.kinds.push('userinfo');
    verdict.imitates = imitatedInText(decodeURIComponent(url.username), officialDomains);
  }
  if (SHORTENERS.has(host) || SHORTENERS.has(verdict.domain)) verdict.kinds.push('shortener');
  judgeImitation(verdict, parsed.subdomain ?? '', idn, officialDomains);
  if (scheme === 'http' && verdict.imitates) verdict.kinds.push('insecure');
  const tld = (parsed.publicSuffix ?? host).split('.').pop() ?? '';
  if (SUSPICIOUS_TLDS.has(tld)) verdict.kinds.push('suspicious-tld');
  if (verdict.kinds.length === 0) verdict.kinds.push('unknown');
  return verdict;
}

/** Official names borrowed by a host: as its subdomain, by look-alike letters, by a near spelling. */
function judgeImitation(verdict: LinkVerdict, subdomain: string, idn: boolean, officialDomains: OfficialDomain[]): void {
  const borrowed = officialDomains.find((entry) => entry.domain !== 'gov.vn' && borrows(verdict.host, subdomain, entry.domain));
  if (borrowed) {
    verdict.kinds.push('subdomain-trick');
    verdict.imitates = borrowed.domain;
    return;
  }
  if (idn || hasMixedScripts(verdict.unicodeHost)) {
    const skeleton = confusableSkeleton(verdict.unicodeHost);
    const target = officialDomains.find((entry) => skeleton === entry.domain || skeleton.endsWith(`.${entry.domain}`)) ?? undefined;
    const brand = target?.domain ?? imitatedBrand(skeleton, officialDomains);
    if (brand || hasMixedScripts(verdict.unicodeHost)) {
      verdict.kinds.push('confusable');
      if (brand) verdict.imitates = brand;
      return;
    }
  }
  const imitates = imitatedBrand(verdict.host, officialDomains);
  if (imitates) {
    verdict.kinds.push('lookalike');
    verdict.imitates ??= imitates;
  }
}

/** "vneid.gov.vn.xacthuc.top", "dichvucong.gov.vn-hotro.online": a whole official domain inside a host that is not it. */
function borrows(host: string, subdomain: string, domain: string): boolean {
  if (subdomain === domain || subdomain.endsWith(`.${domain}`)) return true;
  const framed = `.${host}`;
  return framed.includes(`.${domain}.`) || framed.includes(`.${domain}-`);
}

/** "vietcombank.com.vn" written before the "@" of a link. */
function imitatedInText(text: string, officialDomains: OfficialDomain[]): string | undefined {
  const lower = text.toLowerCase();
  return officialDomains.find((entry) => entry.domain !== 'gov.vn' && lower.includes(entry.domain))?.domain ?? imitatedBrand(lower, officialDomains);
}

/** The official name a non-official host borrows, by a brand word or a near-identical spelling. */
export function imitatedBrand(host: string, officialDomains: OfficialDomain[]): string | undefined {
  const tokens = host.split(/[.\-@:/]/).filter(Boolean);
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

let brandCache: { from: OfficialDomain[]; words: string[] } | undefined;

function brandWords(officialDomains: OfficialDomain[]): string[] {
  if (brandCache?.from === officialDomains) return brandCache.words;
  const fromAllowlist = officialDomains.map((entry) => entry.domain.split('.')[0]!).filter((word) => word.length >= 3 && word !== 'gov' && word !== 'com');
  const words = [...new Set([...fromAllowlist, ...EXTRA_BRAND_WORDS])];
  brandCache = { from: officialDomains, words };
  return words;
}

/** "vcb-xacthuc[.]top": shown to residents so that no chat app makes it tappable. */
export function defangHost(host: string): string {
  return host.replace(/\./g, '[.]');
}

/** What a resident should read for a link: official hosts as they are, others defanged and in Unicode. */
export function shownHost(link: LinkVerdict): string {
  if (link.kinds.includes('official')) return link.host;
  return defangHost(link.unicodeHost);
}

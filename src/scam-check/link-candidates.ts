// Where the links are in a text: the strings a resident could tap or type. A
// link with a scheme is taken whole (userinfo, port, path and all); a bare
// "name.tld/path" only when its ending is a common top-level domain, so that
// "1.000.000", "v.v." or "TP.HCM" are never taken for links, nor e-mail addresses.

export interface LinkCandidate {
  raw: string;
  scheme: 'http' | 'https' | 'none';
}

const SCHEME_LINK = /https?:\/\/[^\s<>"'«»“”]+/giu;
// Optional userinfo, then an IPv4 address or dotted labels, then port and path.
const BARE_LINK =
  /(?<![\p{L}\p{N}@.\-/_])(?:[^\s@/<>"'«»“”]+@)?(?:\d{1,3}(?:\.\d{1,3}){3}|(?:www\.)?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]{1,62})(?::\d{1,5})?(?:[/?#][^\s<>"'«»“”]*)?/giu;

// Cheap or free top-level domains that scam sites favour; legitimate Vietnamese
// banks and agencies use .vn, .com.vn or .gov.vn.
export const SUSPICIOUS_TLDS = new Set([
  'xyz',
  'top',
  'club',
  'online',
  'site',
  'shop',
  'click',
  'vip',
  'cc',
  'icu',
  'live',
  'buzz',
  'link',
  'win',
  'tk',
  'ml',
  'ga',
  'cf',
  'gq',
  'fun',
  'life',
  'store',
  'cyou',
  'sbs',
  'rest',
  'monster',
  'work',
  'support',
  'today',
  'asia',
  'bond',
  'cfd',
  'space',
  'website',
  'pw',
  'ws',
  'lol',
  'mobi',
  'io',
]);

// A bare "name.tld" (no http, no www) counts as a link only with one of these endings: the suspicious ones and the common ones.
export const BARE_TLDS = new Set([
  ...SUSPICIOUS_TLDS,
  'vn',
  'com',
  'net',
  'org',
  'info',
  'biz',
  'me',
  'co',
  'app',
  'us',
  'uk',
  'cn',
  'ru',
  'in',
  'pro',
  'one',
  'tv',
  'ly',
  'gd',
  'at',
  'id',
  'to',
  'de',
  'fr',
  'kr',
  'jp',
  'la',
  'kh',
  'th',
  'gl',
  'sh',
  'ee',
  'gy',
]);

export function findLinkCandidates(text: string): LinkCandidate[] {
  const found: LinkCandidate[] = [];
  let rest = text;
  for (const match of text.matchAll(SCHEME_LINK)) {
    const raw = trimPunctuation(match[0]);
    if (!/^https?:\/\/./i.test(raw)) continue;
    found.push({ raw, scheme: raw.toLowerCase().startsWith('https') ? 'https' : 'http' });
    // Blanked out, so its host is not found a second time as a bare link.
    rest = rest.replace(match[0], ' '.repeat(match[0].length));
  }
  for (const match of rest.matchAll(BARE_LINK)) {
    const raw = trimPunctuation(match[0]);
    if (isBareLink(raw)) found.push({ raw, scheme: 'none' });
  }
  return found;
}

function isBareLink(raw: string): boolean {
  const at = raw.indexOf('@');
  const userinfo = at >= 0 ? raw.slice(0, at) : '';
  const afterUser = at >= 0 ? raw.slice(at + 1) : raw;
  const host = afterUser.split(/[/?#:]/)[0]!.toLowerCase();
  const hasPathOrPort = afterUser.length > host.length;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return hasPathOrPort;
  // "hotro@gmail.com" is an e-mail address; "vietcombank.com.vn@evil.xyz/login" is a link dressed as another.
  if (at >= 0 && !(/\.\p{L}{2,}/u.test(userinfo) && hasPathOrPort)) return false;
  if (host.startsWith('www.')) return true;
  return BARE_TLDS.has(host.split('.').pop() ?? '');
}

function trimPunctuation(raw: string): string {
  return raw.replace(/[.,;:!?)\]}"'»”…]+$/u, '');
}

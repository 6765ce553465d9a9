// Matches what a resident typed for their ward to the directory: with or
// without diacritics, with the "phường"/"xã"/"p." prefix or not, or with a
// typo. (A number picks from the list on screen: that is the step's buttons.)
// The one matcher: the ward question, statistics, scopes and the CLI use it.
import { editDistance, foldText } from '../text.js';
import type { Ward, WardDirectory } from './directory.js';

export type WardMatch =
  | { kind: 'ward'; ward: Ward }
  /** Unclear: show these few and ask again. */
  | { kind: 'unclear'; candidates: Ward[] }
  /** "Bỏ qua", "không": no ward. */
  | { kind: 'skip' }
  | { kind: 'none' };

const PREFIXES = /^(phuong|xa|thi tran|p|x|tt|f)\s+/;
const SKIP = new Set(['bo qua', 'khong', 'ko', 'k', 'thoi', 'khong muon noi', 'khong noi', 'khong biet', 'skip']);
const SHORT_LIST = 3;
/** Longer than any ward name with its prefix and a few typos: a sentence, not a name. */
const LONGEST = 80;
const FAR = 99;

/** "Phường Bến Nghé", "p ben nghe", "bến nghé" → "ben nghe". */
export function wardKey(text: string): string {
  return foldText(text).replace(PREFIXES, '').trim();
}

export function matchWard(text: string, directory: WardDirectory): WardMatch {
  const folded = foldText(text);
  if (!folded || folded.length > LONGEST) return { kind: 'none' };
  if (SKIP.has(folded)) return { kind: 'skip' };
  // The whole name as written ("Xã Hòa Bình") is unique in the directory (content:check); without its prefix it may not be.
  const whole = directory.wards.find((ward) => [ward.name, ...ward.aliases].some((name) => foldText(name) === folded));
  if (whole) return { kind: 'ward', ward: whole };
  const key = wardKey(text);
  const scored: { ward: Ward; distance: number }[] = [];
  for (const ward of directory.wards) {
    const names = [ward.name, ...ward.aliases].map(wardKey);
    const distance = Math.min(...names.map((name) => editDistance(key, name, 3, true)));
    if (distance <= allowedTypos(key)) scored.push({ ward, distance });
    else if (key.length >= 3 && names.some((name) => name.startsWith(key) || name.includes(` ${key}`))) scored.push({ ward, distance: FAR });
  }
  scored.sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  if (best && best.distance < FAR && (scored.length === 1 || scored[1]!.distance > best.distance)) return { kind: 'ward', ward: best.ward };
  if (scored.length > 0) return { kind: 'unclear', candidates: scored.slice(0, SHORT_LIST).map((s) => s.ward) };
  return { kind: 'none' };
}

/** One typo in a short name, two in a long one. */
function allowedTypos(key: string): number {
  if (key.length < 4) return 0;
  return key.length < 9 ? 1 : 2;
}

/**
 * The ward id a saved profile.ward counts under in statistics: a directory id
 * when the text matches one ward (answers typed before the directory existed
 * are mapped too), "" for "Bỏ qua" or nothing, else "?" and the folded text.
 */
export function wardIdOf(value: unknown, directory: WardDirectory): string {
  if (typeof value !== 'string' || !value.trim()) return '';
  if (directory.byId.has(value)) return value;
  const match = matchWard(value, directory);
  if (match.kind === 'ward') return match.ward.id;
  if (match.kind === 'skip') return '';
  return `?${wardKey(value)}`.slice(0, 60);
}

export function wardLabel(id: string, directory: WardDirectory): string {
  if (!id) return 'Chưa rõ';
  return directory.byId.get(id)?.name ?? `${id.replace(/^\?/, '')} (ngoài danh bạ)`;
}

// Matches what a resident typed for their ward to the directory: with or
// without diacritics, with the "phường"/"xã"/"p." prefix or not, with a typo,
// or by its number in the list shown. Pure (no I/O), so a flow can use it.
import { foldText } from '../../engine/text.js';
import type { Ward, WardDirectory } from './directory.js';

export type WardMatch =
  | { kind: 'ward'; ward: Ward }
  /** Unclear: show these few and ask again. */
  | { kind: 'unclear'; candidates: Ward[] }
  /** "Bỏ qua", "không": no ward. */
  | { kind: 'skip' }
  | { kind: 'none' };

const PREFIXES = /^(phuong|xa|thi tran|p|x|tt|f)\s+/;
const SKIP = new Set(['bo qua', 'khong', 'thoi', 'khong muon noi', 'khong noi', 'skip']);
const SHORT_LIST = 3;

/** "Phường Bến Nghé", "p ben nghe", "bến nghé" → "ben nghe". */
export function wardKey(text: string): string {
  return foldText(text).replace(PREFIXES, '').trim();
}

export function matchWard(text: string, directory: WardDirectory, shown: readonly Ward[] = directory.wards): WardMatch {
  const folded = foldText(text);
  if (!folded) return { kind: 'none' };
  if (SKIP.has(folded)) return { kind: 'skip' };
  if (/^\d{1,4}$/.test(folded)) {
    // A number picks from the list shown; "phường 1" style names are matched as names below.
    const ward = shown[Number(folded) - 1];
    if (ward) return { kind: 'ward', ward };
  }
  const key = wardKey(text);
  const scored: { ward: Ward; distance: number }[] = [];
  for (const ward of directory.wards) {
    const names = [ward.name, ...ward.aliases].map(wardKey);
    if (names.includes(key)) return { kind: 'ward', ward };
    const distance = Math.min(...names.map((name) => editDistance(key, name)));
    if (distance <= allowedTypos(key)) scored.push({ ward, distance });
    else if (key.length >= 3 && names.some((name) => name.startsWith(key) || name.includes(` ${key}`))) scored.push({ ward, distance: 99 });
  }
  scored.sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  if (best && best.distance < 99 && (scored.length === 1 || scored[1]!.distance > best.distance)) return { kind: 'ward', ward: best.ward };
  if (scored.length > 0) return { kind: 'unclear', candidates: scored.slice(0, SHORT_LIST).map((s) => s.ward) };
  return { kind: 'none' };
}

/** One typo in a short name, two in a long one. */
function allowedTypos(key: string): number {
  if (key.length < 4) return 0;
  return key.length < 9 ? 1 : 2;
}

/** Levenshtein distance with adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The ward id a saved profile.ward counts under in statistics: a directory id
 * when the text matches one ward (answers typed before the directory existed
 * are mapped too), "" for "Bỏ qua" or nothing, else the folded text itself.
 */
export function wardIdOf(value: unknown, directory: WardDirectory): string {
  if (typeof value !== 'string' || !value.trim()) return '';
  if (directory.byId.has(value)) return value;
  const match = matchWard(value, directory, []);
  if (match.kind === 'ward') return match.ward.id;
  if (match.kind === 'skip') return '';
  return `?${wardKey(value)}`.slice(0, 60);
}

export function wardLabel(id: string, directory: WardDirectory): string {
  if (!id) return 'Chưa rõ';
  return directory.byId.get(id)?.name ?? `${id.replace(/^\?/, '')} (ngoài danh bạ)`;
}

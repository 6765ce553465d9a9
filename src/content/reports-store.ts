// Where residents' "Thông tin này chưa đúng?" reports are kept: a bounded list,
// newest first (at most CONTENT_REPORTS_MAX), and counts per guide and place,
// in the store's shared key-value part. Reports are anonymous: no user id, no
// text typed by the resident, only the guide, the place and the channel.
// All storage details are in this file, so a change of store is one edit here.
import { randomUUID } from 'node:crypto';

/** The part of `store.shared` this file uses (core contract, issue 18). */
export interface SharedKeyValue {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  claim(key: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export interface ContentReport {
  id: string;
  /** ISO time of the report. */
  at: string;
  guide: string;
  title: string;
  /** The guide version the resident read, so a report on an old version is easy to spot. */
  version: number;
  /** "intro", "documents" or "step_<n>". */
  place: string;
  placeLabel: string;
  /** The first words of what the resident was reading. */
  excerpt: string;
  channel: string;
}

export interface GuideReportCount {
  title: string;
  total: number;
  byPlace: Record<string, number>;
}

export type ContentReportCounts = Record<string, GuideReportCount>;

export const CONTENT_REPORTS_MAX = 1000;
const LIST_KEY = 'content-reports:list';
const COUNTS_KEY = 'content-reports:counts';
const LOCK_KEY = 'content-reports:lock';
const LOCK_MS = 2000;

export async function addContentReport(shared: SharedKeyValue, report: Omit<ContentReport, 'id' | 'at'>, now = Date.now(), max = CONTENT_REPORTS_MAX): Promise<ContentReport> {
  const saved: ContentReport = { id: randomUUID(), at: new Date(now).toISOString(), ...report };
  await withLock(shared, async () => {
    const list = [saved, ...(await readJson<ContentReport[]>(shared, LIST_KEY, []))].slice(0, max);
    const counts = await readJson<ContentReportCounts>(shared, COUNTS_KEY, {});
    const entry = (counts[report.guide] ??= { title: report.title, total: 0, byPlace: {} });
    entry.title = report.title;
    entry.total += 1;
    entry.byPlace[report.place] = (entry.byPlace[report.place] ?? 0) + 1;
    await shared.set(LIST_KEY, JSON.stringify(list));
    await shared.set(COUNTS_KEY, JSON.stringify(counts));
  });
  return saved;
}

/** Newest first. */
export async function listContentReports(shared: SharedKeyValue, limit = CONTENT_REPORTS_MAX, guide?: string): Promise<ContentReport[]> {
  const list = await readJson<ContentReport[]>(shared, LIST_KEY, []);
  return list.filter((report) => !guide || report.guide === guide).slice(0, limit);
}

/** Counts per guide since the start (not capped like the list). */
export async function contentReportCounts(shared: SharedKeyValue): Promise<ContentReportCounts> {
  return readJson<ContentReportCounts>(shared, COUNTS_KEY, {});
}

async function readJson<T>(shared: SharedKeyValue, key: string, empty: T): Promise<T> {
  const raw = await shared.get(key);
  if (!raw) return empty;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return empty;
  }
}

/**
 * Read-modify-write under a short lease, so two processes never lose each
 * other's report. After about a second of waiting it writes anyway: a report
 * is worth more than perfect counts, and the lease expires by itself.
 */
async function withLock(shared: SharedKeyValue, write: () => Promise<void>): Promise<void> {
  let owned = false;
  for (let attempt = 0; attempt < 40 && !owned; attempt++) {
    owned = await shared.claim(LOCK_KEY, LOCK_MS);
    if (!owned) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  try {
    await write();
  } finally {
    if (owned) await shared.delete(LOCK_KEY);
  }
}

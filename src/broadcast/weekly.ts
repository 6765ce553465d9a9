// The weekly scam alert: each subscriber gets the next pattern of the scam
// library they have not received yet (no repeat until all were sent), with
// "Xem chi tiết" and "Làm bài kiểm tra nhanh".
import { Cron } from 'croner';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import { loadOfficialDomains, loadScamLibrary, weeklyAlertFor, type ScamLibrary, type ScamPattern } from '../scam-check/index.js';
import type { OfficialDomain } from '../scam-check/urls.js';
import type { Store, UserRecord } from '../store/types.js';
import type { Composer } from './deliver.js';
import type { BroadcastRecord } from './types.js';

export interface ScamLibraryRef {
  library: ScamLibrary;
  domains: OfficialDomain[];
}

/** Loads the scam library once per content version (reloads swap the registry). */
export function scamLibraryLoader(content: ContentHolder): () => Promise<ScamLibraryRef> {
  let cachedFor: unknown;
  let cached: Promise<ScamLibraryRef> | undefined;
  return () => {
    if (!cached || cachedFor !== content.registry) {
      cachedFor = content.registry;
      cached = (async () => {
        const { root, contentDir } = content.paths;
        const [{ library, problems }, { domains }] = await Promise.all([loadScamLibrary(root, contentDir), loadOfficialDomains(root, contentDir)]);
        if (!library) throw new Error(`scam library has problems: ${problems.map((p) => p.message).join('; ')}`);
        return { library, domains };
      })();
    }
    return cached;
  };
}

/** The first pattern in library order this resident has not received; after all, start over. */
export function nextPattern(patterns: ScamPattern[], received: string[]): ScamPattern | undefined {
  const seen = new Set(received);
  return patterns.find((pattern) => !seen.has(pattern.id)) ?? patterns[0];
}

function receivedBy(user: UserRecord, patterns: ScamPattern[]): string[] {
  const known = new Set(patterns.map((p) => p.id));
  const stillKnown = (user.data.alertsReceived ?? []).filter((id) => known.has(id));
  return stillKnown.length >= patterns.length ? [] : stillKnown;
}

export function createComposer(scamLibrary: () => Promise<ScamLibraryRef>): Composer {
  return async (record: BroadcastRecord, _userKey: string, user: UserRecord) => {
    if (record.content.kind === 'message') return { messages: [{ text: record.content.text, ...(record.content.buttons ? { buttons: record.content.buttons } : {}) }] };
    const { library, domains } = await scamLibrary();
    const received = receivedBy(user, library.patterns);
    const pattern = nextPattern(library.patterns, received);
    if (!pattern) return undefined;
    return {
      messages: [weeklyAlertFor(pattern, library, domains)],
      remember: ({ state, data }) => {
        data.alertsReceived = [...receivedBy({ ...user, data }, library.patterns), pattern.id];
        state.profile.lastScamAlert = pattern.id;
      },
    };
  };
}

/** ISO year-week, e.g. "2026-W48": one weekly alert per week across all processes. */
export function isoWeek(at: number, timeZone: string): string {
  // Called on every turn (weekly activity): the time-zone conversion is slow, and since every zone's offset is a
  // multiple of 15 minutes, the week can only change on a quarter-hour.
  const quarter = Math.floor(at / 900_000);
  const memo = weekMemo.get(timeZone);
  if (memo?.quarter === quarter) return memo.week;
  const week = computeIsoWeek(at, timeZone);
  weekMemo.set(timeZone, { quarter, week });
  return week;
}

const weekMemo = new Map<string, { quarter: number; week: string }>();

function computeIsoWeek(at: number, timeZone: string): string {
  const local = new Date(new Date(at).toLocaleString('en-US', { timeZone }));
  const day = (local.getDay() + 6) % 7;
  local.setDate(local.getDate() - day + 3);
  const firstThursday = new Date(local.getFullYear(), 0, 4);
  const week = 1 + Math.round(((local.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getDay() + 6) % 7)) / 7);
  return `${local.getFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface WeeklyAlertOptions {
  cron: string;
  timeZone: string;
  store: Store;
  logger: Logger;
  start: () => Promise<string>;
  /** A failed start is tried again after this long, up to `attempts` times (the claim is released meanwhile). */
  retryAfterMs?: number;
  attempts?: number;
}

/**
 * One weekly run: the week's claim makes one process start it; when the start
 * fails the claim is released (so the week is not lost) and the run is tried
 * again a little later, here or by any other process.
 */
export async function runWeeklyAlert(options: WeeklyAlertOptions, attempt = 1): Promise<string | undefined> {
  const week = isoWeek(Date.now(), options.timeZone);
  const claim = `weekly-alert:${week}`;
  if (!(await options.store.shared.claim(claim, 8 * 24 * 3600 * 1000))) return undefined;
  try {
    const id = await options.start();
    options.logger.info({ broadcast: id, week }, 'weekly scam alert started');
    return id;
  } catch (error) {
    await options.store.shared.delete(claim).catch(() => undefined);
    const again = attempt < (options.attempts ?? 4);
    options.logger.error({ err: error, week, attempt }, again ? 'weekly scam alert could not start; trying again later' : 'weekly scam alert could not start');
    if (again) setTimeout(() => void runWeeklyAlert(options, attempt + 1), options.retryAfterMs ?? 5 * 60_000).unref();
    return undefined;
  }
}

export function scheduleWeeklyAlert(options: WeeklyAlertOptions): Cron {
  return new Cron(options.cron, { timezone: options.timeZone, protect: true }, async () => void (await runWeeklyAlert(options)));
}

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
  const local = new Date(new Date(at).toLocaleString('en-US', { timeZone }));
  const day = (local.getDay() + 6) % 7;
  local.setDate(local.getDate() - day + 3);
  const firstThursday = new Date(local.getFullYear(), 0, 4);
  const week = 1 + Math.round(((local.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getDay() + 6) % 7)) / 7);
  return `${local.getFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function scheduleWeeklyAlert(options: { cron: string; timeZone: string; store: Store; logger: Logger; start: () => Promise<string> }): Cron {
  return new Cron(options.cron, { timezone: options.timeZone, protect: true }, async () => {
    const week = isoWeek(Date.now(), options.timeZone);
    if (!(await options.store.shared.claim(`weekly-alert:${week}`, 8 * 24 * 3600 * 1000))) return;
    try {
      const id = await options.start();
      options.logger.info({ broadcast: id, week }, 'weekly scam alert started');
    } catch (error) {
      options.logger.error({ err: error, week }, 'weekly scam alert could not start');
    }
  });
}

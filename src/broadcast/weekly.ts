// The weekly scam alert: each subscriber gets the next pattern of the scam
// library they have not received yet (no repeat until all were sent), with
// "Xem chi tiết" and "Làm bài kiểm tra nhanh".
import { Cron } from 'croner';
import type { UserState } from '../engine/state.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import { updateUserState } from '../runtime/user-updates.js';
import { loadOfficialDomains, loadScamLibrary, weeklyAlertFor, type ScamLibrary, type ScamPattern } from '../scam-check/index.js';
import type { OfficialDomain } from '../scam-check/urls.js';
import type { Store } from '../store/types.js';
import type { Composer } from './deliver.js';
import type { BroadcastRecord } from './types.js';

const RECEIVED_FIELD = 'scam-alerts-received';

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

async function receivedBy(store: Store, userKey: string, patterns: ScamPattern[]): Promise<string[]> {
  const received = JSON.parse((await store.userFieldGet(userKey, RECEIVED_FIELD)) ?? '[]') as string[];
  const known = new Set(patterns.map((p) => p.id));
  const stillKnown = received.filter((id) => known.has(id));
  return stillKnown.length >= patterns.length ? [] : stillKnown;
}

export function createComposer(store: Store, scamLibrary: () => Promise<ScamLibraryRef>): { compose: Composer; afterSent: (record: BroadcastRecord, userKey: string) => Promise<void> } {
  const pick = async (userKey: string) => {
    const { library, domains } = await scamLibrary();
    return { pattern: nextPattern(library.patterns, await receivedBy(store, userKey, library.patterns)), library, domains };
  };
  return {
    async compose(record: BroadcastRecord, userKey: string, _state: UserState) {
      if (record.content.kind === 'message') return [{ text: record.content.text, ...(record.content.buttons ? { buttons: record.content.buttons } : {}) }];
      const { pattern, library, domains } = await pick(userKey);
      return pattern ? [weeklyAlertFor(pattern, library, domains)] : undefined;
    },
    async afterSent(record: BroadcastRecord, userKey: string) {
      if (record.content.kind !== 'weekly-scam') return;
      const { pattern, library } = await pick(userKey);
      if (!pattern) return;
      const received = [...(await receivedBy(store, userKey, library.patterns)), pattern.id];
      await store.userFieldSet(userKey, RECEIVED_FIELD, JSON.stringify(received));
      await updateUserState(store, userKey, (state) => {
        state.profile.lastScamAlert = pattern.id;
      });
    },
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
    if (!(await options.store.claimOnce(`weekly-alert:${week}`, 8 * 24 * 3600 * 1000))) return;
    try {
      const id = await options.start();
      options.logger.info({ broadcast: id, week }, 'weekly scam alert started');
    } catch (error) {
      options.logger.error({ err: error, week }, 'weekly scam alert could not start');
    }
  });
}

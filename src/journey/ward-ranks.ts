// The thi đua for residents: "tiến độ" says where the resident's ward stands
// ("Phường Hòa Bình đang đứng thứ 3 trên 12 phường, xã"). The standings come
// from one scan of the residents (collectStandings, as for operators), so they
// are computed here outside any turn, once at start-up and then every
// `refreshMs`, and turns read the last result. Wards are ranked only among
// those with a name (residents who gave no ward are not a ward).
import type { WardRanks } from '../engine/turn-builder.js';
import type { Logger } from '../log/logger.js';
import type { ContentHolder } from '../runtime/content-holder.js';
import type { Store } from '../store/types.js';
import { collectStandings, UNKNOWN_WARD } from './standings.js';

export const WARD_RANKS_REFRESH_MS = 3600_000;

export class WardRankBoard {
  private ranks: WardRanks | undefined;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly content: ContentHolder,
    private readonly logger: Logger,
    private readonly refreshMs = WARD_RANKS_REFRESH_MS,
  ) {}

  /** The last standings computed (none before the first scan ends). */
  current(): WardRanks | undefined {
    return this.ranks;
  }

  async refresh(): Promise<WardRanks> {
    const { wards } = await collectStandings(this.store, this.content.registry);
    const named = wards.filter((row) => row.ward !== UNKNOWN_WARD);
    // Ranks are counted again without the unnamed row, ties sharing a place as for operators.
    const ranks = new Map<string, { rank: number; of: number }>();
    named.forEach((row, i) => ranks.set(row.ward, { rank: i > 0 && row.score === named[i - 1]!.score ? ranks.get(named[i - 1]!.ward)!.rank : i + 1, of: named.length }));
    this.ranks = ranks;
    return ranks;
  }

  start(): void {
    const tick = () => {
      this.refresh()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'ward standings not refreshed; the last ones stay'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.refreshMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

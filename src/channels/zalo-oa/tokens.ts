// The OA's access token lives about 25 hours and each refresh token works once.
// The current pair is kept in the shared store, so every process uses the same
// one; a refresh runs under a lease (shared.claim), and whoever waits re-reads
// the pair instead of spending the old refresh token a second time. A pair
// Zalo refuses is marked revoked in the store, logged with the steps to
// reconnect, and shown in /healthz by every process.
import { createHash } from 'node:crypto';
import type { Logger } from '../../log/logger.js';
import type { SharedStore } from '../../store/types.js';
import type { ChannelHealth } from '../types.js';
import { refreshTokenPair, type OAuthKeys, type RefreshAnswer } from './oauth.js';

interface StoredPair {
  accessToken?: string;
  refreshToken: string;
  /** 0 when unknown (a pair taken from the environment): refreshed at once. */
  expiresAt: number;
  issuedAt: number;
  /** Fingerprints of the environment refresh tokens already taken in, newest first. */
  seeds: string[];
  revoked?: { at: number; reason: string };
}

export interface TokenKeeperOptions extends OAuthKeys {
  kv: SharedStore;
  seed: { accessToken?: string; refreshToken?: string };
  logger: Logger;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

const LEASE_MS = 30_000;
const POLL_MS = 200;
/** Other processes' refreshes are noticed at least this often. */
const RELOAD_MS = 10_000;
const CHECK_EVERY_MS = 5 * 60_000;
const MAX_MARGIN_MS = 3600_000;
const SEEDS_KEPT = 5;

export const RECONNECT_STEPS =
  'Kết nối lại OA: vào developers.zalo.me → ứng dụng của OA → "Official Account" → cấp quyền lại cho OA (hoặc lấy mã ở "API Explorer"), ' +
  'đặt ZALO_OA_ACCESS_TOKEN và ZALO_OA_REFRESH_TOKEN mới rồi khởi động lại (docs/zalo.md). / ' +
  'To reconnect: at developers.zalo.me open the OA\'s app → "Official Account", grant the OA again (or get a pair in the "API Explorer"), ' +
  'set the new ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN and restart (docs/zalo.md).';

export class TokenKeeper {
  private pair: StoredPair | null = null;
  private readAt = 0;
  private failures = 0;
  private lastFailure = '';
  private reported = '';
  private timer: NodeJS.Timeout | undefined;
  private checking?: Promise<void>;
  private stopped = false;
  private inflight: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly pairKey: string;
  private readonly leaseKey: string;

  constructor(private readonly options: TokenKeeperOptions) {
    this.now = options.now ?? Date.now;
    this.pairKey = `zalo-oa:${options.appId}:tokens`;
    this.leaseKey = `zalo-oa:${options.appId}:refresh-lease`;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.takeSeed();
    await this.tick();
  }

  /** Resolves once a check under way has finished, so nothing writes to the store after it is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.checking;
  }

  /** The token to call the API with; undefined while the OA is not connected. */
  async accessToken(): Promise<string | undefined> {
    if (this.now() - this.readAt > RELOAD_MS) await this.reload();
    if (this.pair && !this.pair.revoked && (!this.pair.accessToken || this.expired(this.pair))) await this.renew(this.pair.accessToken);
    return this.pair?.revoked ? undefined : this.pair?.accessToken;
  }

  /** The API refused `staleToken`: take a newer one from the store, or refresh. One refresh at a time per process. */
  renew(staleToken: string | undefined): Promise<void> {
    this.inflight ??= (async () => {
      await this.reload();
      const pair = this.pair;
      if (!pair || pair.revoked || (pair.accessToken && pair.accessToken !== staleToken && !this.expired(pair))) return;
      await this.refresh(pair.refreshToken);
    })().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  health(): ChannelHealth {
    const pair = this.pair;
    if (!pair) return { ok: false, detail: `Chưa kết nối OA / OA not connected: no token pair. ${RECONNECT_STEPS}` };
    if (pair.revoked) return { ok: false, detail: `Zalo từ chối cặp mã của OA / Zalo refused the OA token pair (${pair.revoked.reason}). ${RECONNECT_STEPS}` };
    const until = pair.expiresAt ? new Date(pair.expiresAt).toISOString() : 'unknown';
    if (this.failures > 0 && this.expired(pair)) return { ok: false, detail: `Mã truy cập đã hết hạn, đang thử làm mới / access token expired, refresh failing (${this.lastFailure}), retrying` };
    if (this.failures > 0) return { ok: true, detail: `Làm mới mã đang lỗi, sẽ thử lại / refresh failing (${this.lastFailure}), retrying; token valid until ${until}` };
    return { ok: true, detail: `Đã kết nối OA / connected; token valid until ${until}` };
  }

  private expired(pair: StoredPair): boolean {
    return pair.expiresAt > 0 && this.now() >= pair.expiresAt;
  }

  private due(pair: StoredPair): boolean {
    if (pair.revoked) return false;
    if (!pair.expiresAt) return true;
    const margin = Math.min(MAX_MARGIN_MS, (pair.expiresAt - pair.issuedAt) / 10);
    return this.now() >= pair.expiresAt - margin;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.reload();
      if (this.pair && this.due(this.pair)) await this.renew(this.pair.accessToken);
      this.report();
    } catch (error) {
      this.failures++;
      this.lastFailure = (error as Error).message;
      this.options.logger.warn({ err: error }, 'Zalo OA token check failed; retrying');
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.checking = this.tick().finally(() => (this.checking = undefined));
    }, this.nextCheckIn());
    this.timer.unref();
  }

  private nextCheckIn(): number {
    const pair = this.pair;
    if (this.failures > 0) return Math.min(CHECK_EVERY_MS, 2000 * 2 ** Math.min(this.failures - 1, 8));
    if (!pair || pair.revoked || !pair.expiresAt) return CHECK_EVERY_MS;
    const margin = Math.min(MAX_MARGIN_MS, (pair.expiresAt - pair.issuedAt) / 10);
    return Math.max(250, Math.min(CHECK_EVERY_MS, pair.expiresAt - margin - this.now()));
  }

  /** Takes the environment's pair unless the store already holds that chain (or a newer one from it). */
  private async takeSeed(): Promise<void> {
    const { refreshToken, accessToken } = this.options.seed;
    const seed = refreshToken ? fingerprint(refreshToken) : undefined;
    const known = (pair: StoredPair | null) => pair !== null && (!seed || pair.seeds.includes(seed));
    if (known(await this.reload()) || !seed) return this.report();
    await this.leased(async () => {
      const current = await this.reload();
      if (known(current)) return;
      const now = this.now();
      await this.write({ accessToken, refreshToken: refreshToken!, expiresAt: 0, issuedAt: now, seeds: [seed, ...(current?.seeds ?? [])].slice(0, SEEDS_KEPT) });
      this.options.logger.info('Zalo OA token pair taken from the environment');
    });
    this.report();
  }

  /** Spends `refreshToken` once across all processes; a waiting process adopts the winner's pair. */
  private async refresh(refreshToken: string): Promise<void> {
    const changed = async () => {
      const current = await this.reload();
      return !current || current.revoked !== undefined || current.refreshToken !== refreshToken;
    };
    await this.leased(async () => {
      if (await changed()) return;
      const answer = await refreshTokenPair(this.options, refreshToken, this.options.fetchImpl);
      await this.apply(this.pair!, answer);
    }, changed);
    this.report();
  }

  private async apply(current: StoredPair, answer: RefreshAnswer): Promise<void> {
    const now = this.now();
    if (answer.kind === 'ok') {
      this.failures = 0;
      await this.write({ ...current, accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: now + answer.expiresInMs, issuedAt: now, revoked: undefined });
      this.options.logger.info({ expiresAt: new Date(now + answer.expiresInMs).toISOString() }, 'Zalo OA tokens refreshed');
    } else if (answer.kind === 'rejected') {
      this.failures = 0;
      await this.write({ ...current, revoked: { at: now, reason: answer.reason } });
    } else {
      this.failures++;
      this.lastFailure = answer.reason;
      this.options.logger.warn({ reason: answer.reason, attempt: this.failures }, 'Zalo OA token refresh failed; retrying');
    }
  }

  /** Runs `task` holding the lease; gives up waiting early when `noLongerNeeded` says so. */
  private async leased(task: () => Promise<void>, noLongerNeeded: () => Promise<boolean> = async () => false): Promise<void> {
    const { kv } = this.options;
    for (;;) {
      if (await kv.claim(this.leaseKey, LEASE_MS)) {
        try {
          return await task();
        } finally {
          await kv.delete(this.leaseKey).catch(() => undefined);
        }
      }
      if (this.stopped) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (await noLongerNeeded()) return;
    }
  }

  private async reload(): Promise<StoredPair | null> {
    const raw = await this.options.kv.get(this.pairKey);
    this.readAt = this.now();
    this.pair = raw ? (JSON.parse(raw) as StoredPair) : null;
    return this.pair;
  }

  private async write(pair: StoredPair): Promise<void> {
    if (!pair.revoked) delete pair.revoked;
    await this.options.kv.set(this.pairKey, JSON.stringify(pair));
    this.pair = pair;
    this.readAt = this.now();
  }

  /** Logs a missing or refused pair once, with what the operator has to do. */
  private report(): void {
    const pair = this.pair;
    const state = !pair ? 'none' : pair.revoked ? `revoked:${pair.revoked.at}` : 'ok';
    if (state === this.reported) return;
    this.reported = state;
    if (!pair) this.options.logger.error(`Zalo OA has no token pair (set ZALO_OA_REFRESH_TOKEN). ${RECONNECT_STEPS}`);
    else if (pair.revoked) this.options.logger.error({ reason: pair.revoked.reason }, `Zalo OA token pair expired or revoked. ${RECONNECT_STEPS}`);
  }
}

function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

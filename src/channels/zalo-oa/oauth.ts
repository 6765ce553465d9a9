// Zalo OAuth v4 for Official Accounts: POST <oauth>/v4/oa/access_token with the
// app secret in the `secret_key` header and a form body (app_id,
// grant_type=refresh_token, refresh_token). The answer is a new pair
// { access_token, refresh_token, expires_in (seconds, as text) }: the old
// refresh token is then used up. An error comes back as { error: <negative>,
// error_name, error_description }.

export type RefreshAnswer =
  | { kind: 'ok'; accessToken: string; refreshToken: string; expiresInMs: number }
  /** Zalo refused the refresh token (used, expired, revoked, wrong app): a person must reconnect the OA. */
  | { kind: 'rejected'; reason: string }
  /** Network, 5xx, rate limit: worth trying again soon. */
  | { kind: 'transient'; reason: string };

const RATE_LIMITED = -32;
/** Zalo documents about 25 hours; used when expires_in is missing or unreadable. */
const DEFAULT_LIFETIME_MS = 25 * 3600_000;

export interface OAuthKeys {
  oauthBase: string;
  appId: string;
  appSecret: string;
}

export async function refreshTokenPair(keys: OAuthKeys, refreshToken: string, fetchImpl: typeof fetch = fetch): Promise<RefreshAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(`${keys.oauthBase}/v4/oa/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: keys.appSecret },
      body: new URLSearchParams({ app_id: keys.appId, grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return { kind: 'transient', reason: `network: ${(error as Error).message}` };
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (response.status >= 500 || response.status === 429 || !body) return { kind: 'transient', reason: `HTTP ${response.status}` };
  const error = Number(body.error ?? 0);
  if (error === RATE_LIMITED) return { kind: 'transient', reason: `${error} rate limited` };
  if (error !== 0 || !response.ok) return { kind: 'rejected', reason: `${error || response.status} ${describe(body)}`.trim() };
  const { access_token: accessToken, refresh_token: newRefreshToken } = body;
  if (typeof accessToken !== 'string' || typeof newRefreshToken !== 'string' || !accessToken || !newRefreshToken) {
    return { kind: 'transient', reason: 'answer without a token pair' };
  }
  const seconds = Number(body.expires_in);
  return { kind: 'ok', accessToken, refreshToken: newRefreshToken, expiresInMs: seconds > 0 ? seconds * 1000 : DEFAULT_LIFETIME_MS };
}

function describe(body: Record<string, unknown>): string {
  return [body.error_name, body.error_description ?? body.message].filter((part) => typeof part === 'string' && part).join(': ');
}

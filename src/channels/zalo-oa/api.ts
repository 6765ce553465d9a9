// Consultation messages ("tin tư vấn"): POST <api>/v3.0/oa/message/cs with the
// access token in the `access_token` header and { recipient: { user_id },
// message }. Zalo answers HTTP 200 with { error: 0, data: { message_id } } or
// a negative error code; each code is sorted once here into what the sender
// does next.

export interface OaAnswer {
  /** HTTP status; 0 when the network failed. */
  status: number;
  /** Zalo's error code: 0 is success. */
  error: number;
  message: string;
}

export type AnswerKind = 'ok' | 'token' | 'rate-limited' | 'transient' | 'unreachable' | 'outside-window' | 'permanent';

/** Access token invalid, expired or removed: refresh and try again. */
const TOKEN_ERRORS = new Set([-124, -216, -220]);
/** "Your application reached limit call api". */
const RATE_LIMITED = new Set([-32]);
/** "Send message failed": Zalo's side, worth another try. */
const TRANSIENT = new Set([-200]);
/** Not following the OA, banned or inactive for 45 days, or has blocked this kind of message from the OA. */
const UNREACHABLE = new Set([-213, -227, -244]);
/** No interaction within the window, or no quota left: Zalo will not deliver a consultation message now. */
const OUTSIDE_WINDOW = new Set([-211, -218, -230, -232]);

export class OaApi {
  constructor(
    private readonly apiBase: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Never throws; the token never appears in what it returns. */
  async sendConsultation(accessToken: string, userId: string, message: Record<string, unknown>): Promise<OaAnswer> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.apiBase}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: accessToken },
        body: JSON.stringify({ recipient: { user_id: userId }, message }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      return { status: 0, error: 0, message: `network: ${cause}`.replaceAll(accessToken, '<token>') };
    }
    const body = (await response.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
    const error = Number(body?.error ?? (response.ok ? 0 : response.status));
    return { status: response.status, error: Number.isFinite(error) ? error : -1, message: String(body?.message ?? response.statusText).replaceAll(accessToken, '<token>') };
  }
}

export function classify(answer: OaAnswer): AnswerKind {
  if (answer.status === 0 || answer.status >= 500) return 'transient';
  if (answer.status === 429 || RATE_LIMITED.has(answer.error)) return 'rate-limited';
  if (answer.status === 200 && answer.error === 0) return 'ok';
  if (TOKEN_ERRORS.has(answer.error) || answer.status === 401) return 'token';
  if (TRANSIENT.has(answer.error)) return 'transient';
  if (UNREACHABLE.has(answer.error)) return 'unreachable';
  if (OUTSIDE_WINDOW.has(answer.error)) return 'outside-window';
  return 'permanent';
}

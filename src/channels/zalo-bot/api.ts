// The official Zalo Bot API over HTTP (Telegram-like): POST
// <root>/bot<TOKEN>/<method> with JSON, answers { ok, result } or
// { ok: false, error_code, description }. Failures are classified once here.
import type { AttemptResult } from '../shared/paced-sender.js';

export type ApiAnswer = { ok: true; result: unknown } | { ok: false; status: number; errorCode: number; description: string; retryAfterMs?: number };

/** error_code 408 on getUpdates: the long poll ended without updates. */
export const POLL_TIMEOUT = 408;

export class ZaloBotApi {
  constructor(
    private readonly root: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Never throws: network errors come back as status 0. The token never appears in an error. */
  async call(method: string, body: Record<string, unknown> = {}, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ApiAnswer> {
    const url = `${this.root.replace(/\/+$/, '')}/bot${this.token}/${method}`;
    const signals = [AbortSignal.timeout(options.timeoutMs ?? 15_000), ...(options.signal ? [options.signal] : [])];
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.any(signals) });
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}` : String(error);
      return { ok: false, status: 0, errorCode: 0, description: `${method}: ${reason.replaceAll(this.token, '<token>')}` };
    }
    const parsed = (await response.json().catch(() => undefined)) as { ok?: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } } | undefined;
    if (response.ok && parsed?.ok === true) return { ok: true, result: parsed.result };
    const retryAfter = parsed?.parameters?.retry_after ?? Number(response.headers.get('retry-after') ?? NaN);
    return {
      ok: false,
      status: response.status,
      errorCode: parsed?.error_code ?? response.status,
      description: `${method}: ${parsed?.description ?? response.statusText}`.replaceAll(this.token, '<token>'),
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
}

/** How PacedSender should treat an answer: wait and retry, give up, or mark the resident unreachable. */
export function classifyAnswer(answer: ApiAnswer): AttemptResult {
  if (answer.ok) return { ok: true };
  const code = answer.errorCode || answer.status;
  const error = `${code} ${answer.description}`;
  if (code === 429) return { ok: false, kind: 'rate-limited', retryAfterMs: answer.retryAfterMs ?? 1000, error };
  if (code === 403) return { ok: false, kind: 'unreachable', error };
  if (code === 0 || code === 408 || code >= 500) return { ok: false, kind: 'transient', error };
  return { ok: false, kind: 'permanent', error };
}

// A local stand-in for Zalo's OA API and OAuth server on 127.0.0.1. It keeps
// the rules the channel must live with: access tokens expire, each refresh
// token works once (a used one is refused), consultation messages need a valid
// token and a follower. It records every call and can answer the next ones with
// scripted failures.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_ID = '4318001122334455667';
export const APP_SECRET = 'app-secret-key-for-tests';
export const OA_SECRET = 'oa-secret-key-for-tests';

export interface SentMessage {
  userId: string;
  message: Record<string, any>;
  token: string;
  at: number;
  /** False when a scripted failure or a rule answered it. */
  delivered: boolean;
  error: number;
}

interface Scripted {
  status?: number;
  body: Record<string, unknown>;
}

export class FakeOa {
  readonly sent: SentMessage[] = [];
  readonly refreshes: { refreshToken: string; at: number; answered: 'ok' | 'refused' }[] = [];
  /** Access token → expiry (ms). */
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private readonly failures: Scripted[] = [];
  readonly unfollowed = new Set<string>();
  /** expires_in handed out on refresh, seconds. */
  lifetimeS = 90_000;
  /** Delay before the OAuth server answers, to widen races. */
  refreshDelayMs = 0;
  private issued = 0;
  private server: Server | undefined;
  url = '';

  /** A valid pair, as a ward would copy it from the developer console. */
  issuePair(lifetimeS = this.lifetimeS): { accessToken: string; refreshToken: string } {
    this.issued++;
    const accessToken = `access-${this.issued}-${Math.random().toString(36).slice(2, 10)}`;
    const refreshToken = `refresh-${this.issued}-${Math.random().toString(36).slice(2, 10)}`;
    this.accessTokens.set(accessToken, Date.now() + lifetimeS * 1000);
    this.refreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  }

  /** The OA admin revoked the app: every token stops working. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Whether this access token was issued here and not revoked (it may have expired since). */
  knows(token: string | undefined): boolean {
    return token !== undefined && this.accessTokens.has(token);
  }

  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }

  failNext(failure: Scripted, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  delivered(userId?: string): SentMessage[] {
    return this.sent.filter((s) => s.delivered && (userId === undefined || s.userId === userId));
  }

  /** Pictures residents sent, served with real bytes at <url>/media/<name> (Zalo's CDN in real life). */
  readonly media = new Map<string, { bytes: Buffer; type: string }>();

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const file = /^\/media\/(.+)$/.exec(request.url ?? '')?.[1];
      if (file !== undefined) {
        const entry = this.media.get(decodeURIComponent(file));
        response.writeHead(entry ? 200 : 404, { 'content-type': entry?.type ?? 'text/plain' }).end(entry?.bytes ?? 'not found');
        return;
      }
      void this.answer(request).then(({ status = 200, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async answer(request: IncomingMessage): Promise<Scripted> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (request.method === 'POST' && request.url === '/v4/oa/access_token') return this.refresh(request, raw);
    if (request.method === 'POST' && request.url === '/v3.0/oa/message/cs') return this.consultation(request, raw);
    return { status: 404, body: { error: 404, message: 'not found' } };
  }

  private async refresh(request: IncomingMessage, raw: string): Promise<Scripted> {
    const form = new URLSearchParams(raw);
    if (this.refreshDelayMs) await new Promise((resolve) => setTimeout(resolve, this.refreshDelayMs));
    const refreshToken = form.get('refresh_token') ?? '';
    const wellFormed = request.headers['secret_key'] === APP_SECRET && form.get('app_id') === APP_ID && form.get('grant_type') === 'refresh_token';
    if (!wellFormed || !this.refreshTokens.delete(refreshToken)) {
      this.refreshes.push({ refreshToken, at: Date.now(), answered: 'refused' });
      return { body: { error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or expired' } };
    }
    this.refreshes.push({ refreshToken, at: Date.now(), answered: 'ok' });
    const pair = this.issuePair();
    return { body: { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: String(this.lifetimeS) } };
  }

  private consultation(request: IncomingMessage, raw: string): Scripted {
    const body = JSON.parse(raw) as { recipient?: { user_id?: string }; message?: Record<string, any> };
    const token = String(request.headers['access_token'] ?? '');
    const userId = body.recipient?.user_id ?? '';
    const record = (error: number, delivered = false): SentMessage => {
      const entry = { userId, message: body.message ?? {}, token, at: Date.now(), delivered, error };
      this.sent.push(entry);
      return entry;
    };
    const failure = this.failures.shift();
    if (failure) {
      record(Number(failure.body.error ?? failure.status ?? -1));
      return failure;
    }
    const expiry = this.accessTokens.get(token);
    if (expiry === undefined) return record(-216) && { body: { error: -216, message: 'Access token is invalid' } };
    if (expiry < Date.now()) return record(-220) && { body: { error: -220, message: 'Access token has expired' } };
    if (this.unfollowed.has(userId)) return record(-213) && { body: { error: -213, message: 'User has not followed OA' } };
    record(0, true);
    return { body: { error: 0, message: 'Success', data: { message_id: `msg-${this.sent.length}`, user_id: userId } } };
  }
}

// Signed OA webhook events, as Zalo sends them, for the tests.
import { macFor } from '../../../src/channels/zalo-oa/signature.js';
import { APP_ID, OA_SECRET, type FakeOa } from './fake-oa.js';

export const OA_ID = '2345678901234567890';
let counter = 0;

export interface EventOptions {
  at?: number;
  msgId?: string;
}

function base(event: string, at: number) {
  return { app_id: APP_ID, oa_id: OA_ID, event_name: event, timestamp: String(at) };
}

export function textEvent(userId: string, text: string, options: EventOptions = {}) {
  const at = options.at ?? Date.now();
  return { ...base('user_send_text', at), sender: { id: userId }, recipient: { id: OA_ID }, message: { msg_id: options.msgId ?? `m${++counter}-${at}`, text } };
}

export function attachmentEvent(userId: string, event: string, attachment: Record<string, unknown>, options: EventOptions & { text?: string } = {}) {
  const at = options.at ?? Date.now();
  const message = { msg_id: options.msgId ?? `m${++counter}-${at}`, ...(options.text ? { text: options.text } : {}), attachments: [attachment] };
  return { ...base(event, at), sender: { id: userId }, recipient: { id: OA_ID }, message };
}

export function followEvent(userId: string, kind: 'follow' | 'unfollow', at = Date.now()) {
  return { ...base(kind, at), follower: { id: userId }, source: 'testing' };
}

/** Posts an event with a correct signature unless told otherwise. */
export async function postEvent(url: string, event: unknown, options: { secret?: string; signature?: string | null; raw?: string } = {}): Promise<Response> {
  const raw = options.raw ?? JSON.stringify(event);
  const timestamp = String((event as { timestamp?: string }).timestamp ?? '');
  const signature = options.signature === undefined ? `mac=${macFor({ appId: APP_ID, oaSecretKey: options.secret ?? OA_SECRET }, raw, timestamp)}` : options.signature;
  return fetch(`${url}/webhooks/zalo-oa`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-zevent-signature': signature }) }, body: raw });
}

/** The environment that points the real channel at the fake OA. */
export function oaEnv(oa: FakeOa, pair: { accessToken: string; refreshToken: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ZALO_OA_APP_ID: APP_ID,
    ZALO_OA_APP_SECRET: 'app-secret-key-for-tests',
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_OA_ACCESS_TOKEN: pair.accessToken,
    ZALO_OA_REFRESH_TOKEN: pair.refreshToken,
    ZALO_OA_API_BASE: oa.url,
    ZALO_OA_OAUTH_BASE: oa.url,
    ZALO_OA_SEND_INTERVAL_MS: '0',
    ZALO_OA_RATE: '100',
    ...extra,
  };
}

/** Texts of what the OA delivered to a resident, from index `from`. */
export function textsTo(oa: FakeOa, userId: string, from = 0): string[] {
  return oa
    .delivered(userId)
    .slice(from)
    .map((s) => s.message.text ?? '');
}

/** The hidden-query payload of the delivered button labelled `label` (last one wins). */
export function buttonPayload(oa: FakeOa, userId: string, label: string): string {
  const buttons = oa.delivered(userId).flatMap((s) => (s.message.attachment?.payload?.buttons ?? []) as { title: string; type: string; payload: unknown }[]);
  const button = buttons.reverse().find((b) => b.title === label && b.type === 'oa.query.hide');
  if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(buttons.map((b) => b.title))}`);
  return String(button.payload);
}

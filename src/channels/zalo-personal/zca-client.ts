// The seam around zca-js: the channel only sees these few members of its `API`
// object and its two login calls. Tests replace `createZcaClient` with a
// stand-in that emits real zca-js message objects and records sendMessage.
//
// zca-js 2.2's type entry (`export * from "./dist"`) does not resolve under
// NodeNext, so the shapes used here are restated from its dist/*.d.ts.
import * as zcaModule from 'zca-js';

export const ThreadType = { User: 0, Group: 1 } as const;
export type ThreadType = (typeof ThreadType)[keyof typeof ThreadType];

/** models/Message.d.ts: TMessage (the fields this channel reads). */
export interface ZcaMessageData {
  msgId: string;
  cliMsgId: string;
  msgType: string;
  uidFrom: string;
  idTo: string;
  dName: string;
  ts: string;
  content: string | Record<string, unknown>;
  /** Only on group messages. */
  mentions?: { uid: string; pos: number; len: number; type: 0 | 1 }[];
}

/** models/Message.d.ts: UserMessage | GroupMessage. */
export interface ZcaMessage {
  type: ThreadType;
  data: ZcaMessageData;
  threadId: string;
  isSelf: boolean;
}

/** zalo.d.ts: Credentials. */
export interface Credentials {
  imei: string;
  cookie: unknown[] | { url: string; cookies: unknown[] };
  userAgent: string;
  language?: string;
}

/** apis/sendMessage.d.ts: MessageContent with a Buffer attachment. */
export interface MessageContent {
  msg: string;
  attachments?: { data: Buffer; filename: `${string}.${string}`; metadata: { totalSize: number; width?: number; height?: number } }[];
}

/** apis/loginQR.d.ts: LoginQRCallbackEventType. */
export const QrEvent = { Generated: 0, Expired: 1, Scanned: 2, Declined: 3, GotLoginInfo: 4 } as const;

type QrActions = { retry: () => unknown; abort: () => unknown };
/** apis/loginQR.d.ts: LoginQRCallbackEvent. */
export type LoginQREvent =
  | { type: typeof QrEvent.Generated; data: { code: string; image: string }; actions: QrActions }
  | { type: typeof QrEvent.Expired; data: null; actions: QrActions }
  | { type: typeof QrEvent.Scanned; data: { display_name: string }; actions: QrActions }
  | { type: typeof QrEvent.Declined; data: { code: string }; actions: QrActions }
  | { type: typeof QrEvent.GotLoginInfo; data: { cookie: unknown[]; imei: string; userAgent: string }; actions: null };
export type LoginQRCallback = (event: LoginQREvent) => unknown;

/** apis/listen.d.ts: the part of Listener the channel uses. */
export interface ZcaListener {
  on(event: 'message', handler: (message: ZcaMessage) => void): unknown;
  on(event: 'connected', handler: () => void): unknown;
  on(event: 'closed', handler: (code: number, reason: string) => void): unknown;
  on(event: 'error', handler: (error: unknown) => void): unknown;
  start(options?: { retryOnClose?: boolean }): void;
  stop(): void;
}

/** apis.d.ts: the part of API the channel uses. */
export interface ZcaApi {
  listener: ZcaListener;
  getOwnId(): string;
  sendMessage(message: MessageContent | string, threadId: string, type?: ThreadType): Promise<unknown>;
}

export interface ZcaClient {
  login(credentials: Credentials): Promise<ZcaApi>;
  loginQR(options: { userAgent?: string; qrPath?: string }, callback: LoginQRCallback): Promise<ZcaApi>;
}

interface ZaloClass {
  new (options: { selfListen: boolean; checkUpdate: boolean; logging: boolean }): ZcaClient;
}

/** The real zca-js client: no self messages, no update check, no console logging. */
export function createZcaClient(): ZcaClient {
  const { Zalo } = zcaModule as unknown as { Zalo: ZaloClass };
  const zalo = new Zalo({ selfListen: false, checkUpdate: false, logging: false });
  return { login: (credentials) => zalo.login(credentials), loginQR: (options, callback) => zalo.loginQR(options, callback) };
}

// A stand-in for the zca-js client at the channel's seam: login/loginQR return
// an API whose listener the test drives with real zca-js message objects
// (UserMessage, GroupMessage), and whose sendMessage calls are recorded.
import { EventEmitter } from 'node:events';
import { deflateSync } from 'node:zlib';
import * as zca from 'zca-js';
import type { Credentials, LoginQRCallback, MessageContent, ZcaApi, ZcaClient, ZcaMessage } from '../../../src/channels/zalo-personal/zca-client.js';

const real = zca as unknown as {
  UserMessage: new (uid: string, data: Record<string, unknown>) => ZcaMessage;
  GroupMessage: new (uid: string, data: Record<string, unknown>) => ZcaMessage;
  ZaloApiError: new (message: string, code?: number) => Error;
};

export const OWN_ID = '8000000000000000001';
export const VALID_COOKIE = [{ key: 'zpw_sek', value: 'valid-session', domain: 'chat.zalo.me', path: '/' }];

export interface Sent {
  threadId: string;
  type: number | undefined;
  text: string;
  attachments: NonNullable<MessageContent['attachments']>;
}

export class FakeListener extends EventEmitter {
  starts = 0;
  start(): void {
    this.starts++;
    setImmediate(() => this.emit('connected'));
  }
  stop(): void {}
  /** Zalo drops the socket (AbnormalClosure unless told otherwise). */
  drop(code = 1006): void {
    this.emit('disconnected', code, '');
    this.emit('closed', code, '');
  }
}

export class FakeZca implements ZcaClient {
  readonly sent: Sent[] = [];
  readonly logins: Credentials[] = [];
  qrLogins = 0;
  /** When set, a QR login waits for it (the operator scanning). */
  qrScanned: Promise<void> | undefined;
  /** Throw this on the next sendMessage calls, one per call. */
  readonly sendFailures: Error[] = [];
  api: (ZcaApi & { listener: FakeListener }) | undefined;

  async login(credentials: Credentials): Promise<ZcaApi> {
    this.logins.push(credentials);
    if (JSON.stringify(credentials.cookie) !== JSON.stringify(VALID_COOKIE)) throw new real.ZaloApiError('Đăng nhập thất bại');
    return this.newApi();
  }

  async loginQR(_options: { qrPath?: string }, callback: LoginQRCallback): Promise<ZcaApi> {
    this.qrLogins++;
    const actions = { retry: () => undefined, abort: () => undefined };
    callback({ type: 0, data: { code: 'qr-code', image: fakeQrPng().toString('base64') }, actions });
    await (this.qrScanned ?? new Promise((resolve) => setTimeout(resolve, 20)));
    callback({ type: 2, data: { display_name: 'Tổ dân phố 5' }, actions });
    callback({ type: 4, data: { cookie: VALID_COOKIE, imei: 'imei-from-qr', userAgent: 'Mozilla/5.0 test' }, actions: null });
    return this.newApi();
  }

  private newApi(): ZcaApi & { listener: FakeListener } {
    const listener = new FakeListener();
    const sendMessage = async (message: MessageContent | string, threadId: string, type?: number) => {
      const failure = this.sendFailures.shift();
      if (failure) throw failure;
      const content = typeof message === 'string' ? { msg: message } : message;
      this.sent.push({ threadId, type, text: content.msg, attachments: content.attachments ?? [] });
      return { message: { msgId: this.sent.length }, attachment: [] };
    };
    this.api = { listener, getOwnId: () => OWN_ID, sendMessage };
    return this.api;
  }

  /** A zca-js UserMessage from a resident (content string = text; otherwise an attachment of msgType). */
  static userMessage(from: string, msgId: string, content: string | Record<string, unknown>, msgType = 'webchat'): ZcaMessage {
    return new real.UserMessage(OWN_ID, messageData({ uidFrom: from, idTo: '0', msgId, content, msgType }));
  }

  /** The account's own message as zca-js reports it (uidFrom "0"). */
  static ownMessage(to: string, msgId: string, text: string): ZcaMessage {
    return new real.UserMessage(OWN_ID, messageData({ uidFrom: '0', idTo: to, msgId, content: text, msgType: 'webchat' }));
  }

  static groupMessage(groupId: string, from: string, msgId: string, text: string, mentions?: { uid: string; pos: number; len: number; type: 0 | 1 }[]): ZcaMessage {
    return new real.GroupMessage(OWN_ID, { ...messageData({ uidFrom: from, idTo: groupId, msgId, content: text, msgType: 'webchat' }), mentions });
  }

  static apiError(message: string, code?: number): Error {
    return new real.ZaloApiError(message, code);
  }
}

/** Every field of zca-js TMessage, as the listener builds it. */
function messageData(fields: { uidFrom: string; idTo: string; msgId: string; content: unknown; msgType: string }): Record<string, unknown> {
  return {
    actionId: `a${fields.msgId}`,
    msgId: fields.msgId,
    cliMsgId: `c${fields.msgId}`,
    msgType: fields.msgType,
    uidFrom: fields.uidFrom,
    idTo: fields.idTo,
    dName: 'Bác Hoa',
    ts: String(Date.now()),
    status: 1,
    content: fields.content,
    notify: '1',
    ttl: 0,
    userId: '0',
    uin: '0',
    topOut: '0',
    topOutTimeOut: '0',
    topOutImprTimeOut: '0',
    propertyExt: undefined,
    paramsExt: { countUnread: 1, containType: 0, platformType: 1 },
    cmd: 501,
    st: 3,
    at: 5,
    realMsgId: '0',
    quote: undefined,
  };
}

/** A 25×25-module black-and-white PNG shaped like a QR code (finder patterns, 4 px modules, quiet zone). */
export function fakeQrPng(): Buffer {
  const modules = 25;
  const scale = 4;
  const margin = 16;
  const size = modules * scale + margin * 2;
  const dark = (mx: number, my: number): boolean => {
    for (const [fx, fy] of [
      [0, 0],
      [modules - 7, 0],
      [0, modules - 7],
    ] as const) {
      const x = mx - fx;
      const y = my - fy;
      if (x >= 0 && x < 7 && y >= 0 && y < 7) return x === 0 || x === 6 || y === 0 || y === 6 || (x >= 2 && x <= 4 && y >= 2 && y <= 4);
    }
    return (mx * 7 + my * 3) % 5 === 0;
  };
  const raw = Buffer.alloc((size + 1) * size, 255);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor((x - margin) / scale);
      const my = Math.floor((y - margin) / scale);
      const inside = x >= margin && y >= margin && mx < modules && my < modules;
      raw[y * (size + 1) + 1 + x] = inside && dark(mx, my) ? 0 : 255;
    }
  }
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), body])));
    return Buffer.concat([head, Buffer.from(type, 'ascii'), body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

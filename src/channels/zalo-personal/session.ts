// Logging the Zalo account in: saved credentials (cookie, imei, userAgent)
// first; when there are none or Zalo rejects them, a QR code printed in the
// terminal and saved as a PNG. Credentials from a QR login are written with
// mode 0600 and reused at the next start.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log/logger.js';
import { renderQrForTerminal } from './qr-terminal.js';
import { QrEvent, type Credentials, type LoginQRCallback, type ZcaApi, type ZcaClient } from './zca-client.js';

export type SessionStatus = { state: 'logging-in' } | { state: 'waiting-for-qr'; qrPath: string; sessionExpired: boolean };

export interface SessionOptions {
  client: ZcaClient;
  credentialsFile: string;
  qrPath: string;
  logger: Logger;
  /** Where the QR drawing goes (the operator's terminal). */
  print: (text: string) => void;
  onStatus: (status: SessionStatus) => void;
  /** How many fresh QR codes to offer before giving up (each lives about 100 s). */
  maxQrCodes?: number;
}

/** Thrown when no login is possible without the operator. */
export class SessionRejectedError extends Error {}

export async function readCredentials(file: string): Promise<Credentials | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(raw) as Partial<Credentials>;
  if (!parsed.cookie || !parsed.imei || !parsed.userAgent) throw new Error(`${file} lacks cookie, imei or userAgent`);
  return parsed as Credentials;
}

/** Writes the credentials readable by the owner only (0600), also when the file existed before. */
export async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
}

/** A zca-js error means Zalo answered and refused; anything else (network, 5xx) is worth retrying. */
export function isSessionRejection(error: unknown): boolean {
  if (!(error instanceof Error) || !/Zca|Zalo/.test(error.name)) return false;
  return !/Bad Gateway|Service Unavailable|Gateway Timeout|Internal Server Error/i.test(error.message);
}

/** What /healthz says while a QR code waits to be scanned. */
export function qrWaitingDetail(qrPath: string, sessionExpired: boolean): string {
  const vi = `${sessionExpired ? 'Phiên đăng nhập Zalo đã hết hạn hoặc bị đăng xuất. ' : 'Chưa đăng nhập Zalo. '}Hãy dùng ứng dụng Zalo của tài khoản quét mã QR in trong nhật ký máy chủ hoặc ảnh ${qrPath}.`;
  const en = `${sessionExpired ? 'The Zalo session expired or was logged out. ' : 'Zalo is not logged in. '}Scan the QR code printed in the server log, or the image ${qrPath}, with the account's Zalo app.`;
  return `${vi} / ${en}`;
}

export async function logIn(options: SessionOptions): Promise<ZcaApi> {
  const { client, credentialsFile, logger, onStatus } = options;
  onStatus({ state: 'logging-in' });
  const saved = await readCredentials(credentialsFile).catch((error: Error) => {
    logger.error({ err: error, file: credentialsFile }, 'Zalo credentials file unreadable; falling back to a QR login');
    return undefined;
  });
  if (saved) {
    try {
      const api = await client.login(saved);
      logger.info({ file: credentialsFile }, 'Zalo logged in with saved credentials');
      return api;
    } catch (error) {
      if (!isSessionRejection(error)) throw error;
      logger.error({ err: error, file: credentialsFile }, 'Zalo rejected the saved session (expired or logged out): a new QR code follows, the operator must scan it');
      return logInWithQr(options, true);
    }
  }
  return logInWithQr(options, false);
}

async function logInWithQr(options: SessionOptions, sessionExpired: boolean): Promise<ZcaApi> {
  const { client, credentialsFile, qrPath, logger, print, onStatus } = options;
  const maxQrCodes = options.maxQrCodes ?? 5;
  let codes = 0;
  let saving: Promise<void> = Promise.resolve();
  let gaveUp = false;
  const callback: LoginQRCallback = (event) => {
    switch (event.type) {
      case QrEvent.Generated: {
        codes++;
        saving = saving.then(() => writeQr(qrPath, event.data.image));
        const drawing = renderQrForTerminal(event.data.image);
        print(
          [
            '',
            'Zalo: mở ứng dụng Zalo trên điện thoại của tài khoản phường/đội, bấm "Quét mã QR" và quét mã dưới đây.',
            'Zalo: open the Zalo app of the ward/team account, tap the QR scanner and scan this code.',
            ...(drawing ? [drawing] : []),
            `QR image / Ảnh mã QR: ${qrPath}`,
            '',
          ].join('\n'),
        );
        logger.warn({ qrPath }, 'Zalo login: scan the QR code printed in the terminal or saved at qrPath');
        onStatus({ state: 'waiting-for-qr', qrPath, sessionExpired });
        return;
      }
      case QrEvent.Expired:
        if (codes >= maxQrCodes) {
          gaveUp = true;
          event.actions.abort();
        } else event.actions.retry();
        return;
      case QrEvent.Scanned:
        logger.info('Zalo login: QR scanned, waiting for confirmation on the phone');
        return;
      case QrEvent.Declined:
        logger.warn('Zalo login: the QR login was declined on the phone; offering a new code');
        event.actions.retry();
        return;
      case QrEvent.GotLoginInfo:
        saving = saving.then(() => writeCredentials(credentialsFile, { cookie: event.data.cookie, imei: event.data.imei, userAgent: event.data.userAgent }));
        return;
    }
  };
  try {
    const api = await client.loginQR({ qrPath }, callback);
    await saving;
    await rm(qrPath, { force: true });
    logger.info({ file: credentialsFile }, 'Zalo logged in by QR; credentials saved (mode 0600)');
    return api;
  } catch (error) {
    await saving.catch(() => undefined);
    if (gaveUp || isSessionRejection(error)) {
      const detail = gaveUp
        ? 'Không ai quét mã QR Zalo. Hãy khởi động lại máy chủ để lấy mã mới / Nobody scanned the Zalo QR code: restart the server to get a new one.'
        : `Đăng nhập Zalo bằng QR thất bại. Hãy khởi động lại máy chủ và quét lại / The Zalo QR login failed (${(error as Error).message}): restart and scan again.`;
      throw new SessionRejectedError(detail);
    }
    throw error;
  }
}

async function writeQr(file: string, base64: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // The code logs the account in for whoever scans it: owner-only, like the credentials.
  await writeFile(file, Buffer.from(base64, 'base64'), { mode: 0o600 });
}

// QR codes in a picture (jsQR) and what they hold, in plain words: a VietQR /
// NAPAS payment code (vietnam-qr-pay: bank, account, amount), a link, a phone
// number, Wi-Fi details, or other text.
import * as jsQrModule from 'jsqr';
import { Banks, QRPay } from 'vietnam-qr-pay';
import { downscale, type Pixels } from './image.js';

export type QrContent =
  | { kind: 'payment'; bank: string; account?: string; amount?: string; purpose?: string; merchant?: string }
  | { kind: 'link'; url: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'sms'; phone: string; body: string }
  | { kind: 'wifi'; network: string }
  | { kind: 'text'; text: string };

type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' }) => { data: string } | null;
// jsqr is CommonJS whose module.exports is the function; its types describe an ES default export.
const jsQR = (jsQrModule as unknown as { default: JsQr }).default;

/** Sizes tried, smallest first: a photo's QR code is usually found on a small copy, quickly. */
const SIDES = [800, 1600];

/** The text of the first QR code found, or undefined. */
export function findQrCode(pixels: Pixels): string | undefined {
  for (const side of SIDES) {
    const copy = downscale(pixels, side);
    const code = jsQR(copy.data, copy.width, copy.height, { inversionAttempts: 'attemptBoth' });
    if (code?.data) return code.data;
    if (Math.max(pixels.width, pixels.height) <= side) break;
  }
  return undefined;
}

export function describeQr(data: string): QrContent {
  const text = data.trim();
  const payment = paymentOf(text);
  if (payment) return payment;
  if (/^https?:\/\//i.test(text) || /^www\./i.test(text)) return { kind: 'link', url: text };
  const tel = /^tel:([+\d\s.-]{3,20})$/i.exec(text);
  if (tel) return { kind: 'phone', phone: tel[1]!.trim() };
  const sms = /^(?:smsto|sms):([+\d\s.-]{3,20})(?::([\s\S]*))?$/i.exec(text);
  if (sms) return { kind: 'sms', phone: sms[1]!.trim(), body: (sms[2] ?? '').trim() };
  if (/^WIFI:/i.test(text)) return { kind: 'wifi', network: /(?:^WIFI:|;)S:((?:\\.|[^;])*)/i.exec(text)?.[1]?.replace(/\\(.)/g, '$1') ?? '' };
  return { kind: 'text', text };
}

/** EMVCo payment codes ("000201…"): VietQR by bank and account, VNPay by merchant. */
function paymentOf(text: string): QrContent | undefined {
  if (!/^000201/.test(text)) return undefined;
  const qr = new QRPay(text);
  if (!qr.isValid) return undefined;
  const bin = qr.consumer.bankBin;
  const bank = Banks.find((entry) => entry.bin === bin);
  const bankName = bank ? `${bank.shortName} (${bank.name})` : bin ? `mã ngân hàng ${bin}` : qr.provider.name === 'VNPAY' ? 'VNPAY-QR' : 'không rõ';
  return {
    kind: 'payment',
    bank: bankName,
    ...(qr.consumer.bankNumber ? { account: qr.consumer.bankNumber } : {}),
    ...(qr.amount ? { amount: qr.amount } : {}),
    ...(qr.additionalData.purpose ? { purpose: qr.additionalData.purpose } : {}),
    ...(qr.merchant.name ? { merchant: qr.merchant.name } : {}),
  };
}

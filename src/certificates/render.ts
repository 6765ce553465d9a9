// The certificate as a PNG: an SVG (text, the areas, a QR code of the verify
// link drawn as squares) rendered by resvg with a Vietnamese-capable font:
// Noto Sans (Debian's fonts-noto-core, installed by .ci/run and the Dockerfile)
// or DejaVu Sans, whichever is on the machine.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import type { CertificateRecord } from '../store/types.js';
import type { CertificateTexts } from './texts.js';

const FONT_FILES = [
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];
const WIDTH = 1200;
const HEIGHT = 850;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The QR code of `url` as one SVG path of dark squares, `size` pixels wide at (x, y). */
function qrPath(url: string, x: number, y: number, size: number): string {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = size / (count + quiet * 2);
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) d += `M${(x + (col + quiet) * cell).toFixed(2)} ${(y + (row + quiet) * cell).toFixed(2)}h${cell.toFixed(2)}v${cell.toFixed(2)}h-${cell.toFixed(2)}z`;
    }
  }
  return `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/>`;
}

export function formatDate(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

export function certificateSvg(record: CertificateRecord, texts: CertificateTexts, url: string): string {
  const line = (y: number, text: string, size: number, weight = 'normal', fill = '#1f2937') =>
    `<text x="80" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(text)}</text>`;
  const areas = record.areas.slice(0, 10).map((area, i) => line(470 + i * 36, `✓ ${area}`, 24));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Noto Sans, DejaVu Sans, sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fffdf5"/>`,
    `<rect x="24" y="24" width="${WIDTH - 48}" height="${HEIGHT - 48}" fill="none" stroke="#b45309" stroke-width="6"/>`,
    line(120, texts.title.toUpperCase().slice(0, 70), 28, 'bold', '#92400e'),
    line(210, record.name ?? texts.nameHidden, record.name ? 44 : 28, 'bold'),
    line(280, `${texts.ward}: ${record.ward ?? '—'}`, 26),
    line(325, `${texts.date}: ${formatDate(record.issuedAt)}`, 26),
    line(420, `${texts.areasPassed}:`, 26, 'bold'),
    ...areas,
    line(HEIGHT - 70, texts.issuer, 20, 'normal', '#6b7280'),
    qrPath(url, WIDTH - 380, 200, 300),
    `<text x="${WIDTH - 230}" y="540" font-size="20" text-anchor="middle" fill="#374151">${escapeXml(texts.scan)}</text>`,
    `<text x="${WIDTH - 230}" y="575" font-size="22" font-weight="bold" text-anchor="middle" fill="#111827">${escapeXml(record.code)}</text>`,
    '</svg>',
  ].join('');
}

export function renderCertificatePng(record: CertificateRecord, texts: CertificateTexts, url: string): Buffer {
  const fontFiles = FONT_FILES.filter((file) => existsSync(file));
  const resvg = new Resvg(certificateSvg(record, texts, url), { font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'Noto Sans' } });
  return resvg.render().asPng();
}

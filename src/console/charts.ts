// Charts as inline SVG drawn on the server: horizontal bars with the value
// written next to each bar, and a table of the same numbers for screen readers
// (the SVG itself is aria-hidden).
import { html, type Html } from './html.js';

/** A share as a whole percentage; "–" when there is nothing to divide by. */
export const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–');

export interface Bar {
  label: string;
  value: number;
}

export function barChart(title: string, bars: Bar[], unit = ''): Html {
  if (bars.length === 0)
    return html`<figure class="chart">
      <figcaption>${title}</figcaption>
      <p class="empty">Chưa có số liệu.</p>
    </figure>`;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  // A narrow drawing, so its text stays readable when a phone scales it down.
  const rowHeight = 30;
  const labelWidth = 170;
  const width = 440;
  const barSpace = width - labelWidth - 60;
  const rows = bars.map((bar, i) => {
    const y = i * rowHeight;
    const w = Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * barSpace));
    return html`<g transform="translate(0 ${y})"
      ><text x="${labelWidth - 8}" y="20" text-anchor="end">${shorten(bar.label)}</text><rect x="${labelWidth}" y="5" width="${w}" height="20" rx="3"></rect
      ><text x="${labelWidth + w + 6}" y="20">${bar.value.toLocaleString('vi-VN')}${unit}</text></g
    >`;
  });
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${width} ${bars.length * rowHeight}" width="100%" role="img" aria-hidden="true" focusable="false">${rows}</svg>
    <div class="sr-only">
      <table>
        <caption>
          ${title}
        </caption>
        <tbody>
          ${bars.map(
            (bar) =>
              html`<tr>
                <th scope="row">${bar.label}</th>
                <td>${bar.value}${unit}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </figure>`;
}

function shorten(label: string): string {
  return label.length > 20 ? `${label.slice(0, 19)}…` : label;
}

// Turns a check result into two to four short bubbles for the resident, from
// the texts in content/scams/_texts.yaml. Never says "safe".
import type { CheckResult } from './check.js';
import { MAX_BUBBLE, type ScamTexts } from './library-schema.js';

/** Fills {{placeholders}}; the runtime passes the engine's template filler (bạn/bác). */
export type FillText = (text: string, params?: Record<string, string>) => string;

export const plainFill: FillText = (text, params = {}) =>
  text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g, (_m, name: string) => {
    if (name in params) return params[name]!;
    if (name === 'ban') return 'bạn';
    if (name === 'Ban') return 'Bạn';
    return '';
  });

const MAX_FLAG_LINES = 4;

export function formatCheckResult(result: CheckResult, texts: ScamTexts, fill: FillText = plainFill): string[] {
  const bubbles = [fill(texts.levels[result.level])];
  if (result.containsSecretCode) bubbles.push(fill(texts.sensitiveData));
  const flagsBubble = formatFlags(result, texts, fill);
  if (flagsBubble) bubbles.push(flagsBubble);
  bubbles.push(fill(texts.advice[result.level]));
  // The rules close every answer unless the turn is already four bubbles long.
  if (bubbles.length < 4) bubbles.push(fill(texts.rules));
  return bubbles;
}

/** The red flags, strongest first, as many as fit in one bubble. */
function formatFlags(result: CheckResult, texts: ScamTexts, fill: FillText): string | undefined {
  const lines: string[] = [];
  const top = result.matchedPatterns[0];
  if (top) lines.push(fill(texts.matchedPattern, { title: top.title }));
  const ordered = [...result.flags].filter((f) => (f.code !== 'pattern' && f.weight > 0) || f.code === 'model').sort((a, b) => b.weight - a.weight);
  for (const f of ordered) {
    if (lines.length >= MAX_FLAG_LINES) break;
    lines.push(fill(texts.flags[f.code] ?? '', { detail: f.detail ?? '' }));
  }
  if (lines.length === 0) return undefined;
  let bubble = fill(texts.flagsIntro);
  for (const line of lines.filter(Boolean)) {
    const next = `${bubble}\n• ${line}`;
    if (next.length > MAX_BUBBLE) break;
    bubble = next;
  }
  return bubble;
}

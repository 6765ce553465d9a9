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
/** The flow adds its own next step after these, and a turn has at most four bubbles. */
export const MAX_REPLY_BUBBLES = 3;

/**
 * Headline, what was found, what to do. The rules to remember always close the
 * mildest level ("chưa thấy dấu hiệu"), since it is never a clean bill of health.
 */
export function formatCheckResult(result: CheckResult, texts: ScamTexts, fill: FillText = plainFill): string[] {
  const bubbles = [fill(texts.levels[result.level])];
  if (result.containsSecretCode) bubbles.push(fill(texts.sensitiveData));
  const flagsBubble = formatFlags(result, texts, fill);
  if (flagsBubble) bubbles.push(flagsBubble);
  const advice = fill(texts.advice[result.level]);
  const rules = fill(texts.rules);
  const closing = result.level === 'chua-thay-dau-hieu' ? [advice, rules] : [advice];
  return fitBubbles([...bubbles, ...closing]);
}

/** Joins the last bubbles two by two while there are too many and they fit in one. */
function fitBubbles(bubbles: string[]): string[] {
  const result = [...bubbles];
  while (result.length > MAX_REPLY_BUBBLES) {
    const last = result.pop()!;
    const before = result.pop()!;
    const joined = `${before}\n\n${last}`;
    // Nothing dropped unless it cannot fit: then the earlier (more specific) bubble stays.
    result.push(joined.length <= MAX_BUBBLE ? joined : before);
  }
  return result;
}

/** The red flags, strongest first, as many as fit in one bubble. */
function formatFlags(result: CheckResult, texts: ScamTexts, fill: FillText): string | undefined {
  const lines: string[] = [];
  const top = result.matchedPatterns[0];
  if (top) lines.push(fill(texts.matchedPattern, { title: top.title }));
  const ordered = [...result.flags].filter((f) => (f.code !== 'pattern' && f.weight > 0) || f.code === 'model').sort((a, b) => b.weight - a.weight);
  for (const f of ordered) {
    if (lines.length >= MAX_FLAG_LINES) break;
    // The model's flag without a reason we can show gets its own plain sentence.
    const sentence = f.code === 'model' && !f.detail ? (texts.flags['model-generic'] ?? texts.flags.model) : texts.flags[f.code];
    lines.push(fill(sentence ?? '', { detail: f.detail ?? '' }));
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

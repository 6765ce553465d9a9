// The table behind `npm run content:review`: every fact (guides, and whatever
// fact-providers.ts lists), its
// source, how old its check is, and what an author should check next.
import { ageInDays, sourceKind, sourceLabel, sourceUrl, type Source } from './facts.js';
import type { FactItem, PlacedFact } from './guide-facts.js';

export interface ReviewRow {
  file: string;
  /** The guide (or FAQ entry, playbook) id. */
  guide: string;
  path: string;
  fact: string;
  source: string;
  status: 'checked' | 'stale' | 'unverified' | 'unsourced';
  /** Days since the check, when checked. */
  age?: number;
  next: string;
}

export function reviewRows(items: FactItem[], now: number, maxDays: number): ReviewRow[] {
  return items.flatMap((item) => item.facts.map((fact) => rowOf(item.file, item.id, fact, now, maxDays)));
}

function rowOf(file: string, guide: string, fact: PlacedFact, now: number, maxDays: number): ReviewRow {
  const base = { file, guide, path: fact.path, fact: fact.text, source: sourceLabel(fact.source) };
  if (!fact.source) return { ...base, status: 'unsourced', next: 'find the law and article, or the official page, that states it; write { text, source }' };
  if (!fact.checked) return { ...base, status: 'unverified', next: nextForUnchecked(fact.source) };
  const age = ageInDays(fact.checked.on, now);
  const by = `checked by ${fact.checked.by} on ${fact.checked.on}`;
  if (age > maxDays) return { ...base, status: 'stale', age, next: `${by}, ${age - maxDays} days overdue: check it again against the source` };
  return { ...base, status: 'checked', age, next: `${by}; next check in ${maxDays - age} days` };
}

function nextForUnchecked(source: Source): string {
  const url = sourceUrl(source);
  switch (sourceKind(source)) {
    case 'vague':
      return 'replace the source with a law and article, an official page, or a national newspaper with its date';
    case 'page-unread':
      return `open ${url}, confirm the fact, then add seen (date) and checked { by, on }`;
    case 'press':
      return 'find the legal basis the report refers to; compare, then add checked { by, on }';
    case 'legal':
      return /điều\s*\d/iu.test(sourceLabel(source))
        ? 'compare with the article on a legal database (in force today?), then add checked { by, on }'
        : 'name the article (Điều …), compare it on a legal database, then add checked { by, on }';
    default:
      return 'compare with the page, then add checked { by, on }';
  }
}

export interface ReviewSummary {
  facts: number;
  checked: number;
  stale: number;
  unverified: number;
  unsourced: number;
}

export function summarize(rows: ReviewRow[]): ReviewSummary {
  const count = (status: ReviewRow['status']) => rows.filter((row) => row.status === status).length;
  return { facts: rows.length, checked: count('checked'), stale: count('stale'), unverified: count('unverified'), unsourced: count('unsourced') };
}

/** A Markdown table: readable in a terminal, pasteable into an issue. */
export function formatReviewTable(rows: ReviewRow[]): string {
  const cell = (text: string, max: number) => {
    const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  const lines = ['| guide | fact | text | source | status | age (days) | next |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| ${row.guide} | ${row.path} | ${cell(row.fact, 60)} | ${cell(row.source || '—', 60)} | ${row.status} | ${row.age ?? '—'} | ${cell(row.next, 110)} |`);
  }
  return lines.join('\n');
}

// Every fact names its source, and a review is recent: facts with no source,
// vague sources, reviews older than CONTENT_REVIEW_MAX_DAYS (default 180) are
// warnings (errors under --strict); an unofficial source link, a review dated
// in the future or a check without a source is an error. Lessons: their review
// date must not be stale.
import type { Authored } from '../course-source.js';
import type { Lesson } from '../course-schema.js';
import { linkProblem } from '../domains.js';
import { ageInDays, sourceKind, sourceUrl, type Checked } from '../facts.js';
import type { FactItem, PlacedFact } from '../guide-facts.js';
import { warning, type Finding } from './severity.js';

export interface SourceCheckOptions {
  now: number;
  maxDays: number;
  domains: string[];
}

export function checkFactItem(item: FactItem, options: SourceCheckOptions): Finding[] {
  const found: Finding[] = [];
  if (typeof item.review === 'string') {
    found.push(warning({ file: item.file, path: 'reviewed', message: 'a bare date says nothing about who checked: write reviewed: { by: "<role>", on: "YYYY-MM-DD" } only after checking every fact, or leave it out' }));
  } else if (item.review) {
    found.push(...checkDate(item.file, 'reviewed', item.review, options));
  }
  for (const fact of item.facts) found.push(...checkFact(item.file, fact, options));
  return found;
}

function checkFact(file: string, fact: PlacedFact, options: SourceCheckOptions): Finding[] {
  if (fact.checkedWithoutSource) return [{ file, path: `${fact.path}.checked`, message: 'checked against which source? add the source it was checked against' }];
  if (fact.unsourced) {
    return [warning({ file, path: fact.path, message: `no source for "${short(fact.text)}": write { text, source } with the law and article or the official page; it is shown to residents as "tham khảo"` })];
  }
  const found: Finding[] = [];
  const source = fact.source!;
  if (sourceKind(source) === 'vague') {
    found.push(warning({ file, path: `${fact.path}.source`, message: `"${typeof source === 'string' ? source : source.url}" is not a source residents can rely on: name the law or decree with its article, an official page, or a national newspaper with its date` }));
  }
  const url = sourceUrl(source);
  const linkIssue = url ? linkProblem(url, options.domains) : undefined;
  if (linkIssue) found.push({ file, path: `${fact.path}.source`, message: linkIssue });
  // A whole-item review is checked once, at "reviewed"; only the fact's own date here.
  if (fact.checked && fact.ownCheck) found.push(...checkDate(file, `${fact.path}.checked`, fact.checked, options));
  return found;
}

export function checkLessonReview({ file, data }: Authored<Lesson>, options: SourceCheckOptions): Finding[] {
  const on = typeof data.reviewed === 'string' ? data.reviewed : data.reviewed.on;
  return checkDate(file, 'reviewed', { by: 'author', on }, options);
}

function checkDate(file: string, path: string, checked: Checked, options: SourceCheckOptions): Finding[] {
  const age = ageInDays(checked.on, options.now);
  if (Number.isNaN(age)) return [{ file, path, message: `"${checked.on}" is not a real date` }];
  if (age < 0) return [{ file, path, message: `${checked.on} is in the future: write the day the check was done` }];
  if (age > options.maxDays) return [warning({ file, path, message: `checked ${age} days ago (more than ${options.maxDays}, CONTENT_REVIEW_MAX_DAYS): check it against its source again` })];
  return [];
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

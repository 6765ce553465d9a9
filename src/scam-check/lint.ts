// Checks on the scam library beyond its schema, run by `npm run content:check`:
// enough patterns, official sources, no text asking residents for secrets,
// one right answer per question, and every
// sample message recognised by the checker itself. Scam links quoted in texts
// are allowed: the flows show them defanged ("vietcombank-vn[.]com").
import type { ContentCheck } from '../content/check-types.js';
import type { ContentProblem } from '../engine/flow-registry.js';
import { checkMessage } from './check.js';
import { loadOfficialDomains, loadScamLibrary } from './library.js';
import { SCAM_CATEGORIES, type ScamLibrary, type ScamPattern } from './library-schema.js';
import { findPhrase, prepareText } from './prepared-text.js';
import { credentialRequest } from './signals.js';
import { analyseLinks, type OfficialDomain } from './urls.js';

export const MIN_PATTERNS = 30;

/** Load problems are reported by the flow source (flows.ts); this reports the rest. */
export const scamContentCheck: ContentCheck = async (paths) => {
  const loaded = await loadScamLibrary(paths.root, paths.contentDir);
  const { domains, problems } = await loadOfficialDomains(paths.root, paths.contentDir);
  if (!loaded.library) return problems;
  return [...problems, ...lintLibrary(loaded.library, loaded.files, domains)];
};

export function lintLibrary(library: ScamLibrary, files: Map<string, string>, domains: OfficialDomain[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (library.patterns.length < MIN_PATTERNS) {
    problems.push({ file: 'content/scams/', path: '', message: `the library has ${library.patterns.length} patterns; at least ${MIN_PATTERNS} are needed` });
  }
  for (const category of SCAM_CATEGORIES) {
    if (!library.patterns.some((p) => p.category === category)) problems.push({ file: 'content/scams/', path: '', message: `no pattern in category "${category}"` });
  }
  for (const pattern of library.patterns) {
    const file = files.get(pattern.id) ?? `content/scams/${pattern.id}.yaml`;
    problems.push(...lintPattern(pattern, library, domains).map((p) => ({ file, ...p })));
  }
  return problems;
}

function lintPattern(pattern: ScamPattern, library: ScamLibrary, domains: OfficialDomain[]): Omit<ContentProblem, 'file'>[] {
  const problems: Omit<ContentProblem, 'file'>[] = [];
  const [source] = analyseLinks(pattern.source, domains);
  if (!source?.kinds.includes('official')) problems.push({ path: 'source', message: `"${pattern.source}" is not on the official domain allowlist` });
  for (const [path, text] of residentTexts(pattern)) {
    if (asksForSecret(text)) problems.push({ path, message: 'this text seems to ask the resident for an OTP, password or ID; say what never to share instead' });
  }
  pattern.quiz.forEach((question, i) => {
    const correct = question.options.filter((o) => o.correct).length;
    if (correct !== 1) problems.push({ path: `quiz.${i}.options`, message: `exactly one option must be correct (found ${correct})` });
  });
  const verdict = checkMessage(pattern.sample, library, domains);
  if (verdict.level === 'chua-thay-dau-hieu') problems.push({ path: 'sample', message: 'the checker finds no sign in this sample; add signals or make the sample realistic' });
  if (!verdict.matchedPatterns.some((m) => m.id === pattern.id)) problems.push({ path: 'signals', message: "the sample does not match this pattern's own signals" });
  return problems;
}

/** Every text shown to residents as the tutor's own words (the sample is the scammer's). */
function residentTexts(pattern: ScamPattern): [string, string][] {
  const texts: [string, string][] = [
    ['title', pattern.title],
    ['tip', pattern.tip],
  ];
  pattern.redFlags.forEach((t, i) => texts.push([`redFlags.${i}`, t]));
  pattern.whatToDo.forEach((t, i) => texts.push([`whatToDo.${i}`, t]));
  pattern.report.forEach((t, i) => texts.push([`report.${i}`, t]));
  pattern.quiz.forEach((q, i) => {
    texts.push([`quiz.${i}.question`, q.question]);
    q.options.forEach((o, j) => texts.push([`quiz.${i}.options.${j}.explanation`, o.explanation]));
  });
  return texts;
}

// A sentence about the scammer ("kẻ gian bảo đọc mã số") describes the trick, it does not ask.
const ABOUT_SCAMMERS = ['ke gian', 'lua dao', 'nguoi la', 'nguoi goi', 'gia danh', 'mao danh', 'doi tuong'];

function asksForSecret(text: string): boolean {
  const clauses = text
    .split(/[.!?;\n]+(?=\s|$)/)
    .filter((c) => c.trim())
    .map(prepareText)
    .filter((clause) => !ABOUT_SCAMMERS.some((phrase) => findPhrase(clause, phrase).length > 0));
  return credentialRequest(clauses, false) !== undefined;
}

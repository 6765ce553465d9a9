// Builds flows from the scam library, so authors write a pattern once and get:
// scam-<id> (sample, red flags, what to do), scam-<id>-quiz (the quick check),
// scam-library (all patterns by category) and scam-this-week (the pattern of the
// last weekly alert, read from profile.lastScamAlert set by the alert sender).
import type { FlowSource } from '../content/loader.js';
import type { FlowCandidate } from '../engine/flow-registry.js';
import { loadOfficialDomains, loadScamLibrary, TEXTS_FILE } from './library.js';
import { analyseLinks, type OfficialDomain } from './urls.js';
import { MAX_BUBBLE, SCAM_CATEGORIES, type ScamLibrary, type ScamPattern } from './library-schema.js';

export const LIBRARY_FLOW = 'scam-library';
export const THIS_WEEK_FLOW = 'scam-this-week';
export const CHECK_FLOW = 'scam-check';
/** The profile field the weekly alert sender sets to the id of the pattern it sent. */
export const LAST_ALERT_FIELD = 'profile.lastScamAlert';

export const detailFlowId = (patternId: string) => `scam-${patternId}`;
export const quizFlowId = (patternId: string) => `scam-${patternId}-quiz`;

const PAGE_SIZE = 8;

export const scamFlowSource: FlowSource = async (paths) => {
  const loaded = await loadScamLibrary(paths.root, paths.contentDir);
  if (!loaded.library) return { candidates: [], problems: loaded.problems };
  const { domains } = await loadOfficialDomains(paths.root, paths.contentDir);
  return { candidates: buildScamFlows(defangLibrary(loaded.library, domains), loaded.files), problems: loaded.problems };
};

/** Builds the flows of a library whose texts are already defanged (see defangLibrary). */
export function buildScamFlows(library: ScamLibrary, files: Map<string, string> = new Map()): FlowCandidate[] {
  const textsFile = `content/scams/${TEXTS_FILE}`;
  const candidates: FlowCandidate[] = [
    { file: textsFile, data: libraryFlow(library) },
    { file: textsFile, data: thisWeekFlow(library) },
  ];
  for (const pattern of library.patterns) {
    const file = files.get(pattern.id) ?? `content/scams/${pattern.id}.yaml`;
    candidates.push({ file, data: detailFlow(pattern, library) }, { file, data: quizFlow(pattern, library) });
  }
  return candidates;
}

function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\{\{\s*(title|category)\s*\}\}/g, (_m, name: string) => params[name] ?? '');
}

/** Lines packed into as few bubbles as fit, the intro line first. */
export function packLines(intro: string, lines: string[]): string[] {
  const bubbles: string[] = [];
  let current = intro;
  for (const line of lines) {
    const next = `${current}\n• ${line}`;
    if (next.length > MAX_BUBBLE && current !== intro) {
      bubbles.push(current);
      current = `• ${line}`;
    } else current = next;
  }
  bubbles.push(current);
  return bubbles;
}

/**
 * Scam links quoted in the library are written "vietcombank-vn[.]com": chat
 * apps then do not make them tappable, and readers still see the trick.
 * Links to official domains stay as they are.
 */
export function defangLinks(text: string, officialDomains: OfficialDomain[]): string {
  let result = text;
  for (const link of analyseLinks(text, officialDomains)) {
    if (link.kinds.includes('official')) continue;
    result = result.split(link.raw).join(link.raw.replace(/^(https?):\/\//i, '').replace(/\./g, '[.]'));
  }
  return result;
}

/** Every resident-facing text of every pattern, defanged. */
export function defangLibrary(library: ScamLibrary, officialDomains: OfficialDomain[]): ScamLibrary {
  const d = (text: string) => defangLinks(text, officialDomains);
  const patterns = library.patterns.map((p) => ({
    ...p,
    sample: d(p.sample),
    redFlags: p.redFlags.map(d),
    whatToDo: p.whatToDo.map(d),
    report: p.report.map(d),
    tip: d(p.tip),
    quiz: p.quiz.map((q) => ({ question: d(q.question), options: q.options.map((o) => ({ ...o, label: d(o.label), explanation: d(o.explanation) })) })),
  }));
  return { ...library, patterns };
}

function detailFlow(pattern: ScamPattern, library: ScamLibrary): unknown {
  const t = library.texts.library;
  const labels = t.labels;
  return {
    id: detailFlowId(pattern.id),
    version: pattern.version,
    title: pattern.title,
    kind: 'system',
    meta: { skill: 'scam', summary: pattern.tip, source: pattern.source, reviewed: pattern.reviewed },
    start: 'intro',
    nodes: {
      intro: {
        type: 'send',
        text: [`${fill(t.sampleIntro, { title: pattern.title })}\n"${pattern.sample}"`, ...packLines(t.redFlagsIntro, pattern.redFlags)],
        buttons: [
          { label: labels.todo, next: 'todo', aliases: ['tiep', 'ok', 'chi tiet', 'xem chi tiet'] },
          { label: labels.quiz, flow: quizFlowId(pattern.id), aliases: ['kiem tra', 'lam bai'] },
          { label: labels.menu, command: 'menu' },
        ],
      },
      todo: {
        type: 'send',
        text: [...packLines(t.whatToDoIntro, pattern.whatToDo), ...packLines(t.reportIntro, pattern.report)],
        buttons: [
          { label: labels.quiz, flow: quizFlowId(pattern.id), aliases: ['kiem tra', 'lam bai', 'tiep', 'ok'] },
          { label: labels.library, flow: LIBRARY_FLOW, aliases: ['lua dao khac', 'xem them'] },
          { label: labels.menu, command: 'menu' },
        ],
      },
    },
  };
}

function quizFlow(pattern: ScamPattern, library: ScamLibrary): unknown {
  const t = library.texts.library;
  const nodes: Record<string, unknown> = {
    intro: { type: 'send', text: fill(t.quizIntro, { title: pattern.title }), next: 'q1' },
  };
  pattern.quiz.forEach((question, i) => {
    nodes[`q${i + 1}`] = {
      type: 'quiz',
      question: question.question,
      options: question.options,
      next: i + 1 < pattern.quiz.length ? `q${i + 2}` : 'done',
    };
  });
  nodes.done = {
    type: 'end',
    text: [t.quizDone, pattern.tip],
    buttons: [
      { label: t.labels.library, flow: LIBRARY_FLOW },
      { label: t.labels.check, flow: CHECK_FLOW },
      { label: t.labels.menu, command: 'menu' },
    ],
  };
  return { id: quizFlowId(pattern.id), version: pattern.version, title: `${pattern.title} – ${t.labels.quiz}`, kind: 'system', start: 'intro', nodes };
}

function libraryFlow(library: ScamLibrary): unknown {
  const t = library.texts.library;
  const used = SCAM_CATEGORIES.filter((category) => library.patterns.some((p) => p.category === category));
  const nodes: Record<string, unknown> = {
    list: {
      type: 'send',
      text: t.listIntro,
      buttons: [...used.map((category) => ({ label: library.texts.categories[category], next: `cat_${category}_1` })), { label: t.labels.menu, command: 'menu' }],
    },
  };
  for (const category of used) Object.assign(nodes, categoryPages(library, category));
  return { id: LIBRARY_FLOW, version: 1, title: t.labels.library, kind: 'system', triggers: ['cac kieu lua dao', 'thu doan lua dao', 'cac loai lua dao'], start: 'list', nodes };
}

function categoryPages(library: ScamLibrary, category: (typeof SCAM_CATEGORIES)[number]): Record<string, unknown> {
  const t = library.texts.library;
  const patterns = library.patterns.filter((p) => p.category === category);
  const pages = Math.ceil(patterns.length / PAGE_SIZE);
  const nodes: Record<string, unknown> = {};
  for (let page = 1; page <= pages; page++) {
    const slice = patterns.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const buttons: unknown[] = slice.map((p) => ({ label: p.title, flow: detailFlowId(p.id) }));
    if (page < pages) buttons.push({ label: t.labels.more, next: `cat_${category}_${page + 1}`, aliases: ['xem them', 'tiep'] });
    buttons.push({ label: t.labels.back, next: 'list' });
    nodes[`cat_${category}_${page}`] = { type: 'send', text: fill(t.categoryIntro, { category: library.texts.categories[category] }), buttons };
  }
  return nodes;
}

function thisWeekFlow(library: ScamLibrary): unknown {
  const featured = library.patterns.find((p) => p.featured) ?? library.patterns[0];
  const nodes: Record<string, unknown> = {
    pick: {
      type: 'branch',
      cases: library.patterns.map((p) => ({ when: { field: LAST_ALERT_FIELD, equals: p.id }, next: `show_${p.id}` })),
      default: 'featured',
    },
    featured: featured
      ? { type: 'send', text: library.texts.library.thisWeekNone, next: `show_${featured.id}` }
      : { type: 'end', buttons: [{ label: library.texts.library.labels.menu, command: 'menu' }] },
  };
  for (const p of library.patterns) nodes[`show_${p.id}`] = { type: 'call', flow: detailFlowId(p.id) };
  if (library.patterns.length === 0) nodes.pick = { type: 'branch', cases: [{ when: { field: LAST_ALERT_FIELD, exists: true }, next: 'featured' }], default: 'featured' };
  return { id: THIS_WEEK_FLOW, version: 1, title: library.texts.library.labels.thisWeek, kind: 'system', start: 'pick', nodes };
}

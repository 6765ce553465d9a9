// Compiles a procedure guide (content/guides/*.yaml) into a flow: overview
// (where, fee, duration) → "Bước i/N" steps the resident can go through,
// repeat and step back in → the official link → an end that records completion.
// The documents checklist is one node; its "Quay lại" returns to where it was opened.
// Facts nobody has checked are shown as "tham khảo" with the advice to ask the
// one-stop desk; every step carries "Thông tin này chưa đúng?" (see guide-reports.ts).
import type { CourseTexts, Guide } from './course-schema.js';
import {
  backButton, bubbles, fill, menuButton, nextButton, stepId, stopButton, withHeading,
  type ButtonData, type FlowData,
} from './compile-common.js';
import { relatedLabel, type TitleLookup } from './compile-lesson.js';
import { factSourcing, factText, isVerified, statesFigure, type Checked, type Fact } from './facts.js';
import { guideFacts } from './guide-facts.js';
import { REPORT_FIELD, REPORTED_NODE, reportNodeId, reportValue } from './guide-reports.js';

export function compileGuide(guide: Guide, texts: CourseTexts, titleOf: TitleLookup): FlowData {
  const review = itemReview(guide);
  const shown = (fact: Fact) => showFact(fact, review, texts);
  const where = shown(guide.where);
  const fee = shown(guide.fee);
  const duration = shown(guide.duration);
  const nodes: FlowData['nodes'] = {};
  const docsButton: ButtonData = { label: texts.labels.documents, next: 'documents' };
  const report = (at: string): ButtonData => ({ label: texts.labels.report, next: reportNodeId(at) });
  nodes.intro = {
    type: 'send',
    text: [
      fill(texts.guideHeading, { title: guide.title }),
      guide.summary,
      fill(texts.guideFacts, { where: where.text, fee: fee.text, duration: duration.text }),
      ...([where, fee, duration].some((fact) => !fact.verified) ? [texts.unverifiedAdvice] : []),
    ],
    buttons: [nextButton(texts, stepId(0), texts.labels.startGuide), docsButton, ...relatedButtons(guide, texts, titleOf), report('intro'), stopButton(texts)],
  };
  const documentsVerified = guide.documents.every((doc) => isVerified(factSourcing(doc), review));
  nodes.documents = {
    type: 'send',
    text: [
      `${texts.documentsHeading}\n${guide.documents.map((doc) => `• ${factText(doc)}`).join('\n')}`,
      ...(documentsVerified ? [] : [texts.documentsUnverified]),
      texts.documentsAfter,
    ],
    buttons: [backButton(texts), report('documents'), stopButton(texts)],
  };
  guide.steps.forEach((step, i) => {
    const last = i === guide.steps.length - 1;
    const text = withHeading(fill(texts.stepHeading, { n: i + 1, total: guide.steps.length }), step.text);
    const stepUnverified = bubbles(step.text).some(statesFigure) && !isVerified(step, review);
    const noteUnverified = last && guide.note !== undefined && statesFigure(factText(guide.note)) && !isVerified(factSourcing(guide.note), review);
    if (last && guide.note) text.push(`${texts.noteHeading}${factText(guide.note)}`);
    if (stepUnverified || noteUnverified) text.push(texts.unverifiedAdvice);
    nodes[stepId(i)] = {
      type: 'send',
      text,
      ...(step.link ? { link: step.link } : {}),
      buttons: [
        last ? nextButton(texts, 'official', texts.labels.finishGuide) : nextButton(texts, stepId(i + 1)),
        backButton(texts),
        // Showing the same node again is how a step is repeated.
        { label: texts.labels.repeatStep, next: stepId(i) },
        docsButton,
        report(stepId(i)),
        stopButton(texts),
      ],
    };
  });
  addReportNodes(nodes, guide, texts);
  nodes.official = { type: 'send', text: bubbles(texts.guideDone), link: guide.link, next: 'finish' };
  nodes.finish = {
    type: 'end',
    complete: true,
    buttons: [...relatedButtons(guide, texts, titleOf), { label: texts.labels.otherGuides, flow: 'guides' }, menuButton(texts)],
  };
  return {
    id: guide.id,
    version: guide.version,
    title: guide.title,
    kind: 'guide',
    ...(guide.triggers ? { triggers: guide.triggers } : {}),
    start: 'intro',
    meta: {
      groups: guide.groups, summary: guide.summary, source: guide.source,
      ...(review ? { reviewed: review.on, reviewedBy: review.by } : {}),
      // The words residents read, "Tham khảo: …" included, so answers elsewhere stay as careful.
      where: where.text, fee: fee.text, duration: duration.text, relatedLessons: guide.relatedLessons,
      facts: guideFacts(guide).length,
    },
    nodes,
  };
}

/** One "set" node per place a report can come from, then one shared thank-you that goes back. */
function addReportNodes(nodes: FlowData['nodes'], guide: Guide, texts: CourseTexts): void {
  for (const at of ['intro', 'documents', ...guide.steps.map((_, i) => stepId(i))]) {
    nodes[reportNodeId(at)] = { type: 'set', set: { [`profile.${REPORT_FIELD}`]: reportValue(guide.id, at) }, next: REPORTED_NODE };
  }
  nodes[REPORTED_NODE] = { type: 'send', text: bubbles(texts.reportThanks), buttons: [backButton(texts), stopButton(texts)] };
}

/** A whole-guide review counts only when it names who checked. */
export function itemReview(guide: Pick<Guide, 'reviewed'>): Checked | undefined {
  return typeof guide.reviewed === 'object' ? guide.reviewed : undefined;
}

const APPROXIMATE = /^(tham khảo|khoảng|thường|tùy|tuỳ|có thể)/iu;

/** The fact as residents read it: unverified facts become "Tham khảo: …". */
export function showFact(fact: Fact, review: Checked | undefined, texts: CourseTexts): { text: string; verified: boolean } {
  const text = factText(fact);
  if (isVerified(factSourcing(fact), review)) return { text, verified: true };
  if (APPROXIMATE.test(text)) return { text, verified: false };
  // The first letter stays as written: "Cổng Dịch vụ công", "UBND" are names.
  return { text: `${texts.unverifiedPrefix}${text}`, verified: false };
}

function relatedButtons(guide: Guide, texts: CourseTexts, titleOf: TitleLookup): ButtonData[] {
  return guide.relatedLessons.map((id) => ({ label: relatedLabel(texts.labels.relatedLesson, titleOf(id)), flow: id }));
}

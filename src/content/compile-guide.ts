// Compiles a procedure guide (content/guides/*.yaml) into a flow: overview
// (where, fee, duration) → "Bước i/N" steps the resident can go through,
// repeat and step back in → the official link → an end that records completion.
// The documents checklist is one node; its "Quay lại" returns to where it was opened.
import type { CourseTexts, Guide } from './course-schema.js';
import {
  backButton, bubbles, fill, menuButton, nextButton, stepId, stopButton, withHeading,
  type ButtonData, type FlowData,
} from './compile-common.js';
import { relatedLabel, type TitleLookup } from './compile-lesson.js';

export function compileGuide(guide: Guide, texts: CourseTexts, titleOf: TitleLookup): FlowData {
  const nodes: FlowData['nodes'] = {};
  const docsButton: ButtonData = { label: texts.labels.documents, next: 'documents' };
  nodes.intro = {
    type: 'send',
    text: [
      fill(texts.guideHeading, { title: guide.title }),
      guide.summary,
      fill(texts.guideFacts, { where: guide.where, fee: guide.fee, duration: guide.duration }),
    ],
    buttons: [nextButton(texts, stepId(0), texts.labels.startGuide), docsButton, ...relatedButtons(guide, texts, titleOf), stopButton(texts)],
  };
  nodes.documents = {
    type: 'send',
    text: [`${texts.documentsHeading}\n${guide.documents.map((doc) => `• ${doc}`).join('\n')}`, texts.documentsAfter],
    buttons: [backButton(texts), stopButton(texts)],
  };
  guide.steps.forEach((step, i) => {
    const last = i === guide.steps.length - 1;
    const text = withHeading(fill(texts.stepHeading, { n: i + 1, total: guide.steps.length }), step.text);
    if (last && guide.note) text.push(`${texts.noteHeading}${guide.note}`);
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
        stopButton(texts),
      ],
    };
  });
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
      groups: guide.groups, summary: guide.summary, source: guide.source, reviewed: guide.reviewed,
      where: guide.where, fee: guide.fee, duration: guide.duration, relatedLessons: guide.relatedLessons,
    },
    nodes,
  };
}

function relatedButtons(guide: Guide, texts: CourseTexts, titleOf: TitleLookup): ButtonData[] {
  return guide.relatedLessons.map((id) => ({ label: relatedLabel(texts.labels.relatedLesson, titleOf(id)), flow: id }));
}

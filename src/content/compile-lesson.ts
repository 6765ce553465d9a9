// Compiles a lesson (content/lessons/*.yaml) into a flow: intro → steps with
// "Tiếp / Quay lại / Dừng" → numbered quiz → an end that records completion.
import type { CourseTexts, Lesson, QuizItem } from './course-schema.js';
import {
  backButton, bubbles, fill, menuButton, nextButton, questionId, stepId, stopButton, withHeading,
  type ButtonData, type FlowData,
} from './compile-common.js';

export interface TitleLookup {
  (flowId: string): string | undefined;
}

export function compileLesson(lesson: Lesson, texts: CourseTexts, titleOf: TitleLookup): FlowData {
  const nodes: FlowData['nodes'] = {};
  const firstStep = stepId(0);
  nodes.intro = {
    type: 'send',
    text: [fill(texts.lessonHeading, { title: lesson.title, minutes: lesson.minutes }), ...bubbles(lesson.intro)],
    buttons: [nextButton(texts, firstStep), stopButton(texts)],
  };
  lesson.steps.forEach((step, i) => {
    const last = i === lesson.steps.length - 1;
    const forward = last ? nextButton(texts, questionId(0), texts.labels.startQuiz) : nextButton(texts, stepId(i + 1));
    nodes[stepId(i)] = {
      type: 'send',
      text: withHeading(fill(texts.stepHeading, { n: i + 1, total: lesson.steps.length }), step.text),
      ...(step.link ? { link: step.link } : {}),
      buttons: [forward, backButton(texts), stopButton(texts)],
    };
  });
  lesson.quiz.forEach((item, i) => {
    nodes[questionId(i)] = quizNode(item, i, lesson.quiz.length, texts, i + 1 < lesson.quiz.length ? questionId(i + 1) : afterQuiz(texts));
  });
  addRetry(nodes, lesson.quiz.length, texts);
  nodes.finish = {
    type: 'end',
    complete: true,
    text: [...bubbles(texts.lessonDone), `📌 ${lesson.remember}`],
    buttons: finishButtons(lesson, texts, titleOf),
  };
  return {
    id: lesson.id,
    version: lesson.version,
    title: lesson.title,
    kind: 'lesson',
    ...(lesson.triggers ? { triggers: lesson.triggers } : {}),
    start: 'intro',
    meta: {
      minutes: lesson.minutes, groups: lesson.groups, skill: lesson.skill, summary: lesson.summary,
      areas: lesson.areas, source: lesson.source, reviewed: lesson.reviewed, relatedGuides: lesson.relatedGuides ?? [],
    },
    nodes,
  };
}

/** With the retry texts, a quiz with a wrong answer offers "Làm lại câu hỏi" before the end. */
function afterQuiz(texts: CourseTexts): string {
  return texts.quizRetry && texts.labels.retryQuiz && texts.labels.finishLesson ? 'check' : 'finish';
}

function addRetry(nodes: FlowData['nodes'], total: number, texts: CourseTexts): void {
  if (afterQuiz(texts) !== 'check') return;
  nodes.check = { type: 'branch', cases: [{ when: { field: 'quiz.score', atLeast: total }, next: 'finish' }], default: 'retry' };
  nodes.retry = {
    type: 'send',
    text: texts.quizRetry,
    buttons: [
      { label: texts.labels.retryQuiz, next: questionId(0) },
      { label: texts.labels.finishLesson, next: 'finish' },
    ],
  };
}

function quizNode(item: QuizItem, index: number, total: number, texts: CourseTexts, next: string): Record<string, unknown> {
  return {
    type: 'quiz',
    question: `${fill(texts.questionHeading, { n: index + 1, total })}${item.question}`,
    options: item.options.map((option) => ({ label: option.label, correct: option.correct ?? false, explanation: option.explanation })),
    next,
  };
}

function finishButtons(lesson: Lesson, texts: CourseTexts, titleOf: TitleLookup): ButtonData[] {
  const related = (lesson.relatedGuides ?? []).map((id) => ({ label: relatedLabel(texts.labels.relatedGuide, titleOf(id)), flow: id }));
  return [{ label: texts.labels.nextLesson, flow: 'recommend' }, ...related, menuButton(texts)];
}

/** "Thủ tục: <title>" when it fits on a button, else the generic label. */
export function relatedLabel(prefix: string, title: string | undefined): string {
  const label = title ? `${prefix}: ${title}` : prefix;
  return label.length <= 60 ? label : prefix;
}

// Survey answers aggregated per question for operators: how many answered, the
// average of a rating, the count of each choice or rating, and the latest
// free-text comments (redacted when stored, never with who wrote them).
import type { LoadedFlow } from '../engine/flow-registry.js';
import type { SurveyAnswer } from '../store/types.js';

export interface QuestionResult {
  question: string;
  text: string;
  kind: SurveyAnswer['kind'];
  answered: number;
  average?: number;
  counts: Record<string, number>;
  comments?: string[];
}

const COMMENTS_SHOWN = 50;

export function aggregateSurvey(flow: LoadedFlow, answers: SurveyAnswer[]): QuestionResult[] {
  return Object.entries(flow.nodes).flatMap(([id, node]) => {
    if (node.type !== 'ask' || !node.survey) return [];
    const mine = answers.filter((answer) => answer.question === id);
    const counts: Record<string, number> = {};
    for (const choice of node.choices ?? []) if (choice.save !== false) counts[String(choice.value ?? choice.label)] = 0;
    const result: QuestionResult = { question: id, text: [node.text].flat().join(' '), kind: node.survey.kind, answered: mine.length, counts: node.survey.kind === 'text' ? {} : counts };
    if (node.survey.kind === 'text') {
      result.comments = mine
        .sort((a, b) => b.at - a.at)
        .slice(0, COMMENTS_SHOWN)
        .map((answer) => String(answer.value));
      return [result];
    }
    for (const answer of mine) counts[String(answer.value)] = (counts[String(answer.value)] ?? 0) + 1;
    if (node.survey.kind === 'rating' && mine.length) result.average = Math.round((mine.reduce((sum, answer) => sum + Number(answer.value), 0) / mine.length) * 100) / 100;
    return [result];
  });
}

/** One row per question and answer: survey, question, kind, answer, count (and the average of a rating). */
export function surveyCsvRows(survey: string, results: QuestionResult[]): unknown[][] {
  const rows: unknown[][] = [['survey', 'question', 'kind', 'answer', 'count', 'answered', 'average']];
  for (const result of results) {
    if (result.kind === 'text') for (const comment of result.comments ?? []) rows.push([survey, result.question, result.kind, comment, 1, result.answered, '']);
    else for (const [answer, count] of Object.entries(result.counts)) rows.push([survey, result.question, result.kind, answer, count, result.answered, result.average ?? '']);
  }
  return rows;
}

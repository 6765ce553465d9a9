// Store parts of the learner's journey: survey answers per question, and the
// invitation codes that lead to their owner. Both are written by the turn's
// commit (CommitEffects.surveyAnswers, inviteCode) and, since they name a
// resident, removed by the same atomic forget as the record.

/** One resident's answer to one survey question (free text already redacted). */
export interface SurveyAnswer {
  survey: string;
  question: string;
  kind: 'rating' | 'choice' | 'text';
  value: string | number;
  at: number;
}

/** Survey id → the questions the resident answered (UserData.surveys), so forgetting finds their answers without a scan. */
export type SurveysAnswered = Record<string, string[]>;

export interface SurveyStore {
  /** Every answer to a survey, without who gave it (one per resident and question: a new answer replaces theirs). */
  answers(survey: string): Promise<SurveyAnswer[]>;
}

export interface InviteStore {
  /** Who holds the code (the first resident it was shown to). */
  owner(code: string): Promise<string | null>;
}

/** The stored key of one resident's answer within its survey. */
export function surveyAnswerField(question: string, userKey: string): string {
  return `${question}\n${userKey}`;
}

/** Entries outside a resident's record that name them, as the record lists them: what forgetting removes. */
export interface NamedElsewhere {
  volunteerIds: string[];
  inviteCode: string | undefined;
  answers: { survey: string; question: string }[];
}

export function namedElsewhere(record: { state: { profile: Record<string, unknown> }; data: { volunteer?: string[]; surveys?: SurveysAnswered } } | null): NamedElsewhere {
  const code = record?.state.profile.inviteCode;
  return { volunteerIds: record?.data.volunteer ?? [], inviteCode: typeof code === 'string' ? code : undefined, answers: answeredQuestions(record?.data.surveys) };
}

function answeredQuestions(answered: SurveysAnswered | undefined): { survey: string; question: string }[] {
  return Object.entries(answered ?? {}).flatMap(([survey, questions]) => questions.map((question) => ({ survey, question })));
}

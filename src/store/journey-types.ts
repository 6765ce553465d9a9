// Store parts of the learner's journey: survey answers per question, and the
// invitation codes that lead to their owner. Both name a resident, so
// "xóa dữ liệu" removes their entries (src/journey/hooks.ts calls forget).

/** One resident's answer to one survey question (free text already redacted). */
export interface SurveyAnswer {
  survey: string;
  question: string;
  kind: 'rating' | 'choice' | 'text';
  value: string | number;
  at: number;
}

export interface SurveyStore {
  /** Keeps the resident's answer to the question; a new answer replaces theirs. */
  save(userKey: string, answer: SurveyAnswer): Promise<void>;
  /** Every answer to a survey, without who gave it. */
  answers(survey: string): Promise<SurveyAnswer[]>;
  /** "Xóa dữ liệu": the resident's answers to these surveys. */
  forget(userKey: string, surveys: readonly string[]): Promise<void>;
}

export interface InviteStore {
  /** Gives the code to the resident, once: false when another resident holds it already. */
  register(code: string, userKey: string): Promise<boolean>;
  /** Who holds the code. */
  owner(code: string): Promise<string | null>;
  /** "Xóa dữ liệu": the code no longer leads to anyone. */
  forget(code: string): Promise<void>;
}

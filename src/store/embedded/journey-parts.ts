// The journey's parts on LMDB: a table of survey answers keyed
// "<survey>\0<question>\0<user key>", and a table of invitation codes. The
// turn's commit and forget transactions write them (users.ts); these read them.
import type { Database } from 'lmdb';
import type { InviteStore, SurveyAnswer, SurveyStore } from '../journey-types.js';

export function surveyAnswerKey(survey: string, question: string, userKey: string): string {
  return `${survey}\u0000${question}\u0000${userKey}`;
}

export class EmbeddedSurveys implements SurveyStore {
  constructor(private readonly table: Database<SurveyAnswer, string>) {}

  async answers(survey: string): Promise<SurveyAnswer[]> {
    return [...this.table.getRange({ start: `${survey}\u0000`, end: `${survey}\u0001` })].map(({ value }) => value);
  }
}

export class EmbeddedInvites implements InviteStore {
  constructor(private readonly table: Database<string, string>) {}

  async owner(code: string): Promise<string | null> {
    return this.table.get(code) ?? null;
  }
}

// The journey's parts on LMDB: a table of survey answers keyed
// "<survey>\0<question>\0<user key>", and a table of invitation codes.
import type { Database, RootDatabase } from 'lmdb';
import type { InviteStore, SurveyAnswer, SurveyStore } from '../journey-types.js';

export class EmbeddedSurveys implements SurveyStore {
  constructor(private readonly table: Database<SurveyAnswer, string>) {}

  async save(userKey: string, answer: SurveyAnswer): Promise<void> {
    await this.table.put(`${answer.survey}\u0000${answer.question}\u0000${userKey}`, answer);
  }

  async answers(survey: string): Promise<SurveyAnswer[]> {
    return [...this.table.getRange({ start: `${survey}\u0000`, end: `${survey}\u0001` })].map(({ value }) => value);
  }

  async forget(userKey: string, surveys: readonly string[]): Promise<void> {
    for (const survey of surveys) {
      for (const { key } of this.table.getRange({ start: `${survey}\u0000`, end: `${survey}\u0001` })) {
        if (key.endsWith(`\u0000${userKey}`)) await this.table.remove(key);
      }
    }
  }
}

export class EmbeddedInvites implements InviteStore {
  constructor(
    private readonly root: RootDatabase,
    private readonly table: Database<string, string>,
  ) {}

  async register(code: string, userKey: string): Promise<boolean> {
    return this.root.transaction(() => {
      const owner = this.table.get(code);
      if (owner !== undefined) return owner === userKey;
      void this.table.put(code, userKey);
      return true;
    });
  }

  async owner(code: string): Promise<string | null> {
    return this.table.get(code) ?? null;
  }

  async forget(code: string): Promise<void> {
    await this.table.remove(code);
  }
}

// The journey's parts on Redis: one hash per survey (field "<question>\n<user
// key>" → the answer) and one hash of invitation codes (code → user key). The
// turn's commit and forget scripts write them (users.ts); these read them.
import type { RedisClient as Redis } from '../../cluster/redis-connection.js';
import type { InviteStore, SurveyAnswer, SurveyStore } from '../journey-types.js';

export function surveyKey(prefix: string, survey: string): string {
  return `${prefix}survey:${survey}`;
}

export function invitesKey(prefix: string): string {
  return `${prefix}invites`;
}

export class RedisSurveys implements SurveyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async answers(survey: string): Promise<SurveyAnswer[]> {
    return Object.values(await this.redis.hgetall(surveyKey(this.prefix, survey))).map((raw) => JSON.parse(raw) as SurveyAnswer);
  }
}

export class RedisInvites implements InviteStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async owner(code: string): Promise<string | null> {
    return this.redis.hget(invitesKey(this.prefix), code);
  }
}

// The journey's parts on Redis: one hash per survey (field "<question>\n<user
// key>" → the answer) and one hash of invitation codes (code → user key).
import type { RedisClient as Redis } from '../../cluster/redis-connection.js';
import type { InviteStore, SurveyAnswer, SurveyStore } from '../journey-types.js';

export class RedisSurveys implements SurveyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(survey: string): string {
    return `${this.prefix}survey:${survey}`;
  }

  async save(userKey: string, answer: SurveyAnswer): Promise<void> {
    await this.redis.hset(this.key(answer.survey), `${answer.question}\n${userKey}`, JSON.stringify(answer));
  }

  async answers(survey: string): Promise<SurveyAnswer[]> {
    return Object.values(await this.redis.hgetall(this.key(survey))).map((raw) => JSON.parse(raw) as SurveyAnswer);
  }

  async forget(userKey: string, surveys: readonly string[]): Promise<void> {
    for (const survey of surveys) {
      const mine = (await this.redis.hkeys(this.key(survey))).filter((field) => field.endsWith(`\n${userKey}`));
      if (mine.length > 0) await this.redis.hdel(this.key(survey), ...mine);
    }
  }
}

export class RedisInvites implements InviteStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}invites`;
  }

  async register(code: string, userKey: string): Promise<boolean> {
    if (await this.redis.hsetnx(this.key, code, userKey)) return true;
    return (await this.redis.hget(this.key, code)) === userKey;
  }

  async owner(code: string): Promise<string | null> {
    return this.redis.hget(this.key, code);
  }

  async forget(code: string): Promise<void> {
    await this.redis.hdel(this.key, code);
  }
}

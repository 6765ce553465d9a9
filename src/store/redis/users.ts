// Users on Redis: one hash per resident (hash tag {u:<userKey>}, so a Cluster
// keeps a user's keys in one slot); a turn costs one read and one scripted write.
import type { Redis } from 'ioredis';
import type { UserState } from '../../engine/state.js';
import {
  assertWellFormedKey,
  FORGOTTEN_TTL_MS,
  VOLUNTEER_QUESTIONS_MAX,
  type CommitEffects,
  type CommitResult,
  type UserDoc,
  type UserRecord,
  type UserStore,
} from '../types.js';

type Reply = [number, string | null, string | null, string | null] | [number, number];

export interface RedisScripts {
  hvsCommit(...args: (string | number)[]): Promise<Reply>;
  hvsForget(...args: (string | number)[]): Promise<Reply>;
  hvsMarkSent(...args: (string | number)[]): Promise<number>;
  hvsClaimOverdue(...args: (string | number)[]): Promise<string[]>;
}

export class RedisUsers implements UserStore {
  constructor(
    private readonly redis: Redis & RedisScripts,
    private readonly prefix: string,
  ) {}

  key(userKey: string): string {
    assertWellFormedKey(userKey);
    return `${this.prefix}{u:${userKey}}`;
  }

  get dueKey(): string {
    return `${this.prefix}deliveries:due`;
  }

  get volunteerKeys(): [string, string] {
    return [`${this.prefix}volunteers`, `${this.prefix}volunteers:by-time`];
  }

  async load(userKey: string): Promise<UserRecord | null> {
    const [version, json, sent] = (await this.redis.hmget(this.key(userKey), 'v', 's', 'd')) as [string | null, string | null, string | null];
    return toRecord(version, json, sent);
  }

  async commit(userKey: string, expectedVersion: number, doc: UserDoc, effects: CommitEffects = {}): Promise<CommitResult> {
    const volunteer = effects.volunteer;
    const reply = await this.redis.hvsCommit(
      this.key(userKey), this.dueKey, ...this.volunteerKeys,
      expectedVersion, JSON.stringify(doc), doc.outbox.seq, effects.deliverBy ?? '', userKey,
      volunteer?.id ?? '', volunteer ? JSON.stringify(volunteer) : '', volunteer ? Date.parse(volunteer.at) : 0,
      effects.revive ? '1' : '', VOLUNTEER_QUESTIONS_MAX,
    );
    return this.result(reply, doc, expectedVersion);
  }

  async forget(userKey: string, expectedVersion: number, tombstone: UserDoc, effects: CommitEffects = {}): Promise<CommitResult> {
    const current = await this.load(userKey);
    if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
    const reply = await this.redis.hvsForget(
      this.key(userKey), this.dueKey, ...this.volunteerKeys,
      expectedVersion, JSON.stringify(tombstone), tombstone.outbox.seq, current?.sent ?? 0, effects.deliverBy ?? '', userKey, FORGOTTEN_TTL_MS,
      ...(current?.data.volunteer ?? []),
    );
    return this.result(reply, tombstone, expectedVersion, current?.sent ?? 0);
  }

  private result(reply: Reply, doc: UserDoc, expectedVersion: number, sent?: number): CommitResult {
    if (reply[0] === 1) return { ok: true, record: { ...doc, version: expectedVersion + 1, sent: sent ?? 0 } };
    const [, version, json, sentNow] = reply as [number, string | null, string | null, string | null];
    return { ok: false, current: toRecord(version, json, sentNow) };
  }

  async markSent(marks: readonly { userKey: string; seq: number }[]): Promise<void> {
    if (marks.length === 0) return;
    await this.redis.hvsMarkSent(marks.length + 1, this.dueKey, ...marks.map((mark) => this.key(mark.userKey)), ...marks.flatMap((mark) => [mark.userKey, mark.seq]));
  }

  async claimOverdueDeliveries(now: number, leaseMs: number, limit: number): Promise<string[]> {
    return this.redis.hvsClaimOverdue(this.dueKey, now, now + leaseMs, limit);
  }

  async *scan(): AsyncIterable<{ userKey: string; state: UserState }> {
    const head = `${this.prefix}{u:`;
    const stream = this.redis.scanStream({ match: `${head}*}`, count: 1000, type: 'hash' });
    for await (const keys of stream as AsyncIterable<string[]>) {
      const userKeys = keys.map((key) => key.slice(head.length, -1));
      // One SCAN batch is loaded in one pipelined round trip (auto-pipelining).
      const records = await Promise.all(userKeys.map((userKey) => this.load(userKey)));
      for (const [i, record] of records.entries()) {
        if (record && record.forgottenAt === undefined) yield { userKey: userKeys[i]!, state: record.state };
      }
    }
  }

  async bytesFor(userKey: string): Promise<number> {
    return Number((await this.redis.memory('USAGE', this.key(userKey))) ?? 0);
  }
}

function toRecord(version: string | null, json: string | null, sent: string | null): UserRecord | null {
  if (!version || !json) return null;
  return { ...(JSON.parse(json) as UserDoc), version: Number(version), sent: Number(sent ?? 0) };
}

// Users on Redis: one hash per resident (hash tag {u:<userKey>}, so a Cluster
// keeps a user's keys in one slot); a turn costs one read and one scripted write.
//
// Redis Cluster: a script may only touch keys of one slot, and the due index
// and the volunteer questions are shared by all users. There the commit script
// touches the user's key only, and the other two are written by separate
// commands, in an order that cannot lose anything that matters:
// - the due entry is added BEFORE the commit: if the commit then loses a
//   conflict, recovery later finds nothing unsent and removes the entry;
// - a volunteer question, survey answers, an invitation code and a broadcast's sent count are added
//   AFTER the commit succeeded (a crash in between loses them, never invents one);
// - forgetting removes those and the due entry BEFORE the tombstone is
//   written, so a crash never leaves them behind a forgotten user.
// A single server keeps the one-script path: no extra round trip per turn.
import type { Cluster, Redis } from 'ioredis';
import type { UserState } from '../../engine/state.js';
import { namedElsewhere, surveyAnswerField, type NamedElsewhere } from '../journey-types.js';
import { invitesKey, surveyKey } from './journey-parts.js';
import { assertWellFormedKey, FORGOTTEN_TTL_MS, VOLUNTEER_QUESTIONS_MAX, type CommitEffects, type CommitResult, type UserDoc, type UserRecord, type UserStore } from '../types.js';
import { broadcastKey } from './parts.js';
import { fieldsOf, RecordLayout } from './record-layout.js';

/** {1, version} after a write, or {0, the current hash's fields as HGETALL gives them}. */
type Reply = [1, number] | [0, string[]];

export interface RedisScripts {
  hvsCommit(...args: (string | number)[]): Promise<Reply>;
  hvsForget(...args: (string | number)[]): Promise<Reply>;
  hvsMarkSent(...args: (string | number)[]): Promise<number>;
  hvsClaimOverdue(...args: (string | number)[]): Promise<string[]>;
  hvsMarkSentOne(...args: (string | number)[]): Promise<number>;
  hvsVolunteerAdd(...args: (string | number)[]): Promise<number>;
}

export type RedisConnection = (Redis | Cluster) & RedisScripts;

export class RedisUsers implements UserStore {
  private readonly layout = new RecordLayout();

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly cluster = false,
    /** Runs before the tombstone is written (revokes the holder's certificate, another slot): a crash never leaves it behind a forgotten user. */
    private readonly beforeForget?: (userKey: string) => Promise<void>,
  ) {}

  key(userKey: string): string {
    assertWellFormedKey(userKey);
    return `${this.prefix}{u:${userKey}}`;
  }

  get dueKey(): string {
    return `${this.prefix}deliveries:due`;
  }

  get volunteerKeys(): [string, string] {
    // One hash tag on a Cluster, so the pair can change in one script or MULTI.
    if (this.cluster) return [`${this.prefix}{volunteers}`, `${this.prefix}{volunteers}:by-time`];
    return [`${this.prefix}volunteers`, `${this.prefix}volunteers:by-time`];
  }

  /** The fixed keys the scripts are given: on a Cluster the user's own key in every place (one slot). */
  private scriptKeys(userKey: string): string[] {
    const key = this.key(userKey);
    return this.cluster ? [key, key, key, key, key] : [key, this.dueKey, ...this.volunteerKeys, invitesKey(this.prefix)];
  }

  /** The key count leads the arguments on one server; a Cluster's scripts have a fixed count (see index.ts). */
  private keyCount(keys: string[]): number[] {
    return this.cluster ? [] : [keys.length];
  }

  async load(userKey: string): Promise<UserRecord | null> {
    return this.layout.read(await this.redis.hgetall(this.key(userKey)));
  }

  async commit(userKey: string, expectedVersion: number, doc: UserDoc, effects: CommitEffects = {}): Promise<CommitResult> {
    const shared = this.cluster ? {} : effects;
    const answers = shared.surveyAnswers ?? [];
    const counted = shared.broadcastSent !== undefined ? [broadcastKey(this.prefix, shared.broadcastSent)] : [];
    const keys = [...this.scriptKeys(userKey), ...answers.map((answer) => surveyKey(this.prefix, answer.survey)), ...counted];
    if (this.cluster && effects.deliverBy !== undefined) await this.redis.zadd(this.dueKey, effects.deliverBy, userKey);
    const fields = this.layout.commitFields(doc);
    const reply = await this.redis.hvsCommit(
      ...this.keyCount(keys),
      ...keys,
      expectedVersion,
      fields.head,
      doc.outbox.seq,
      shared.deliverBy ?? '',
      userKey,
      shared.volunteer?.id ?? '',
      shared.volunteer ? JSON.stringify(shared.volunteer) : '',
      shared.volunteer ? Date.parse(shared.volunteer.at) : 0,
      effects.revive ? '1' : '',
      VOLUNTEER_QUESTIONS_MAX,
      shared.inviteCode ?? '',
      counted.length > 0 ? '1' : '',
      ...answers.flatMap((answer) => [surveyAnswerField(answer.question, userKey), JSON.stringify(answer)]),
      fields.fresh.length / 2,
      ...fields.fresh,
      ...fields.keep,
    );
    const result = this.result(reply, doc, expectedVersion);
    if (result.ok) this.layout.committed(doc);
    if (this.cluster && result.ok) await this.commitShared(userKey, effects);
    return result;
  }

  /** Cluster: what the commit script cannot reach from the user's slot, written once the commit succeeded. */
  private async commitShared(userKey: string, effects: CommitEffects): Promise<void> {
    const writes: Promise<unknown>[] = [];
    const asked = effects.volunteer;
    if (asked) writes.push(this.redis.hvsVolunteerAdd(...this.volunteerKeys, asked.id, JSON.stringify(asked), Date.parse(asked.at), VOLUNTEER_QUESTIONS_MAX));
    if (effects.inviteCode) writes.push(this.redis.hsetnx(invitesKey(this.prefix), effects.inviteCode, userKey));
    for (const answer of effects.surveyAnswers ?? []) writes.push(this.redis.hset(surveyKey(this.prefix, answer.survey), surveyAnswerField(answer.question, userKey), JSON.stringify(answer)));
    if (effects.broadcastSent !== undefined) writes.push(this.redis.hincrby(broadcastKey(this.prefix, effects.broadcastSent), 'sent', 1));
    await Promise.all(writes);
  }

  async forget(userKey: string, expectedVersion: number, tombstone: UserDoc, effects: CommitEffects = {}): Promise<CommitResult> {
    const current = await this.load(userKey);
    if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
    const names = namedElsewhere(current);
    await this.beforeForget?.(userKey);
    if (this.cluster) await this.forgetShared(userKey, names, effects.deliverBy);
    const local = this.cluster ? { volunteerIds: [], inviteCode: undefined, answers: [] } : names;
    const keys = [...this.scriptKeys(userKey), ...local.answers.map(({ survey }) => surveyKey(this.prefix, survey))];
    const reply = await this.redis.hvsForget(
      ...this.keyCount(keys),
      ...keys,
      expectedVersion,
      JSON.stringify(tombstone),
      tombstone.outbox.seq,
      current?.sent ?? 0,
      this.cluster ? '' : (effects.deliverBy ?? ''),
      userKey,
      FORGOTTEN_TTL_MS,
      local.inviteCode ?? '',
      local.volunteerIds.length,
      ...local.volunteerIds,
      ...local.answers.map(({ question }) => surveyAnswerField(question, userKey)),
    );
    return this.result(reply, tombstone, expectedVersion, current?.sent ?? 0);
  }

  /** Cluster: what the forget script cannot reach from the user's slot, done first. */
  private async forgetShared(userKey: string, names: NamedElsewhere, deliverBy: number | undefined): Promise<void> {
    const [hash, index] = this.volunteerKeys;
    const writes: Promise<unknown>[] = [this.redis.zrem(this.dueKey, userKey)];
    if (names.volunteerIds.length > 0)
      writes.push(
        this.redis
          .multi()
          .hdel(hash, ...names.volunteerIds)
          .zrem(index, ...names.volunteerIds)
          .exec(),
      );
    const code = names.inviteCode;
    if (code) writes.push(this.redis.hget(invitesKey(this.prefix), code).then((owner) => (owner === userKey ? this.redis.hdel(invitesKey(this.prefix), code) : 0)));
    for (const { survey, question } of names.answers) writes.push(this.redis.hdel(surveyKey(this.prefix, survey), surveyAnswerField(question, userKey)));
    await Promise.all(writes);
    if (deliverBy !== undefined) await this.redis.zadd(this.dueKey, deliverBy, userKey);
  }

  private result(reply: Reply, doc: UserDoc, expectedVersion: number, sent?: number): CommitResult {
    if (reply[0] === 1) return { ok: true, record: { ...doc, version: expectedVersion + 1, sent: sent ?? 0 } };
    return { ok: false, current: this.layout.read(fieldsOf(reply[1])) };
  }

  async markSent(marks: readonly { userKey: string; seq: number }[]): Promise<void> {
    if (marks.length === 0) return;
    if (this.cluster) return this.markSentAcrossSlots(marks);
    await this.redis.hvsMarkSent(marks.length + 1, this.dueKey, ...marks.map((mark) => this.key(mark.userKey)), ...marks.flatMap((mark) => [mark.userKey, mark.seq]));
  }

  /** Cluster: one small script per user (pipelined per node), then one ZREM for those fully sent. */
  private async markSentAcrossSlots(marks: readonly { userKey: string; seq: number }[]): Promise<void> {
    const settled = await Promise.all(marks.map((mark) => this.redis.hvsMarkSentOne(this.key(mark.userKey), mark.seq)));
    const done = marks.filter((_, i) => settled[i] === 1).map((mark) => mark.userKey);
    if (done.length > 0) await this.redis.zrem(this.dueKey, ...done);
  }

  async claimOverdueDeliveries(now: number, leaseMs: number, limit: number): Promise<string[]> {
    return this.redis.hvsClaimOverdue(this.dueKey, now, now + leaseMs, limit);
  }

  async *scan(): AsyncIterable<{ userKey: string; state: UserState }> {
    const head = `${this.prefix}{u:`;
    // A Cluster is scanned master by master; a key lives on exactly one of them.
    const nodes: Redis[] = 'nodes' in this.redis && this.cluster ? (this.redis as Cluster).nodes('master') : [this.redis as Redis];
    for (const node of nodes) yield* this.scanNode(node, head);
  }

  private async *scanNode(node: Redis, head: string): AsyncIterable<{ userKey: string; state: UserState }> {
    const stream = node.scanStream({ match: `${head}*}`, count: 1000, type: 'hash' });
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

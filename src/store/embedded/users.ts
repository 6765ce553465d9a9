// Users on LMDB: a versioned record per resident, its sent mark and its
// delivery deadline in their own tables, all written in one transaction.
import { getLastVersion } from 'lmdb';
import type { UserState } from '../../engine/state.js';
import { assertWellFormedKey, FORGOTTEN_TTL_MS, VOLUNTEER_QUESTIONS_MAX, type CommitEffects, type CommitResult, type UserDoc, type UserRecord, type UserStore } from '../types.js';
import { namedElsewhere } from '../journey-types.js';
import { changeBroadcastRow, recipientsKey, type Tables } from './parts.js';
import { surveyAnswerKey } from './journey-parts.js';

export class EmbeddedUsers implements UserStore {
  constructor(
    private readonly t: Tables,
    /** Runs inside the forget transaction (revokes the holder's certificate). */
    private readonly inForget?: (userKey: string) => void,
  ) {}

  private read(userKey: string): UserRecord | null {
    const entry = this.t.users.getEntry(userKey);
    if (!entry?.value) return null;
    return { ...entry.value, version: entry.version ?? 0, sent: this.t.sent.get(userKey) ?? 0 };
  }

  async load(userKey: string): Promise<UserRecord | null> {
    assertWellFormedKey(userKey);
    return this.read(userKey);
  }

  /** The stored version, read without decoding the record (the usual commit needs nothing else). */
  private storedVersion(userKey: string): number {
    return this.t.users.getBinaryFast(userKey) === undefined ? 0 : getLastVersion();
  }

  async commit(userKey: string, expectedVersion: number, doc: UserDoc, effects: CommitEffects = {}): Promise<CommitResult> {
    assertWellFormedKey(userKey);
    return this.t.root.transaction((): CommitResult => {
      if (this.storedVersion(userKey) !== expectedVersion) return { ok: false, current: this.read(userKey) };
      this.t.users.put(userKey, doc, expectedVersion + 1);
      if (effects.deliverBy !== undefined) this.t.due.put(userKey, effects.deliverBy);
      if (effects.volunteer) this.addVolunteerQuestion(effects.volunteer);
      if (effects.inviteCode && this.t.invites.get(effects.inviteCode) === undefined) this.t.invites.put(effects.inviteCode, userKey);
      for (const answer of effects.surveyAnswers ?? []) this.t.surveys.put(surveyAnswerKey(answer.survey, answer.question, userKey), answer);
      if (effects.broadcastSent !== undefined) changeBroadcastRow(this.t, effects.broadcastSent, (row) => void (row.counts.sent += 1));
      return { ok: true, record: { ...doc, version: expectedVersion + 1, sent: this.t.sent.get(userKey) ?? 0 } };
    });
  }

  private addVolunteerQuestion(question: NonNullable<CommitEffects['volunteer']>): void {
    this.t.volunteers.put(question.id, question);
    const over = this.t.volunteers.getCount() - VOLUNTEER_QUESTIONS_MAX;
    if (over > 0) for (const key of this.t.volunteers.getKeys({ limit: over })) this.t.volunteers.remove(key);
  }

  async forget(userKey: string, expectedVersion: number, tombstone: UserDoc, effects: CommitEffects = {}): Promise<CommitResult> {
    assertWellFormedKey(userKey);
    return this.t.root.transaction((): CommitResult => {
      const current = this.read(userKey);
      if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
      const names = namedElsewhere(current);
      for (const id of names.volunteerIds) this.t.volunteers.remove(id);
      for (const { survey, question } of names.answers) this.t.surveys.remove(surveyAnswerKey(survey, question, userKey));
      if (names.inviteCode && this.t.invites.get(names.inviteCode) === userKey) this.t.invites.remove(names.inviteCode);
      this.inForget?.(userKey);
      this.forgetInBroadcastRecipients(userKey);
      this.t.due.remove(userKey);
      this.t.users.put(userKey, tombstone, expectedVersion + 1);
      if (effects.deliverBy !== undefined) this.t.due.put(userKey, effects.deliverBy);
      return { ok: true, record: { ...tombstone, version: expectedVersion + 1, sent: current?.sent ?? 0 } };
    });
  }

  /** An in-flight broadcast keeps its positions (its cursor counts them) but not the resident's key. */
  private forgetInBroadcastRecipients(userKey: string): void {
    for (const { key, value } of this.t.broadcasts.getRange({})) {
      if (!value.active) continue;
      for (const channel of Object.keys(value.cursors ?? {})) {
        const listKey = recipientsKey(key, channel);
        const list = this.t.recipients.get(listKey);
        const at = list?.indexOf(userKey) ?? -1;
        if (list && at >= 0)
          this.t.recipients.put(
            listKey,
            list.map((k) => (k === userKey ? '' : k)),
          );
      }
    }
  }

  async markSent(marks: readonly { userKey: string; seq: number }[]): Promise<void> {
    if (marks.length === 0) return;
    await this.t.root.transaction(() => {
      for (const { userKey, seq } of marks) {
        const doc = this.t.users.get(userKey);
        const sent = Math.max(seq, this.t.sent.get(userKey) ?? 0);
        if (!doc) {
          this.t.due.remove(userKey);
          continue;
        }
        this.t.sent.put(userKey, sent);
        if (sent >= doc.outbox.seq) this.t.due.remove(userKey);
      }
    });
  }

  async claimOverdueDeliveries(now: number, leaseMs: number, limit: number): Promise<string[]> {
    return this.t.root.transaction(() => {
      const claimed: string[] = [];
      for (const { key, value } of this.t.due.getRange({})) {
        if (claimed.length >= limit) break;
        if (value > now) continue;
        this.t.due.put(key, now + leaseMs);
        claimed.push(key);
      }
      return claimed;
    });
  }

  async *scan(): AsyncIterable<{ userKey: string; state: UserState }> {
    for (const { key, value } of this.t.users.getRange({})) if (value.forgottenAt === undefined) yield { userKey: key, state: value.state };
  }

  async bytesFor(userKey: string): Promise<number> {
    return this.t.users.getBinary(userKey)?.length ?? 0;
  }

  /** Tombstones past their time go, with their sent mark. */
  async sweepTombstones(now: number): Promise<number> {
    return this.t.root.transaction(() => {
      let removed = 0;
      for (const { key, value } of this.t.users.getRange({})) {
        if (value.forgottenAt === undefined || value.forgottenAt + FORGOTTEN_TTL_MS > now) continue;
        this.t.users.remove(key);
        this.t.sent.remove(key);
        this.t.due.remove(key);
        removed++;
      }
      return removed;
    });
  }
}

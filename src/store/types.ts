// The Store keeps everything the tutor remembers, as purpose-built parts: users
// (one record per resident, committed atomically per turn, with the turn's
// replies), volunteer questions, broadcasts and a small shared cache. Two
// implementations (Redis and embedded LMDB) pass one contract suite
// (tests/store/contract.ts).
import type { OutboundMessage } from '../engine/messages.js';
import type { UserState } from '../engine/state.js';
import type { InviteStore, SurveyAnswer, SurveysAnswered, SurveyStore } from './journey-types.js';
import type { CertificateStore } from './certificate-types.js';

export type { InviteStore, SurveyAnswer, SurveysAnswered, SurveyStore } from './journey-types.js';
export type { CertificateDraft, CertificateRecord, CertificateStore } from './certificate-types.js';

/** The replies of one turn, numbered from `from` (seq of its first message). */
export interface OutboxTurn {
  /** Digest of the inbound message id (see messageIdDigest). */
  id: string;
  from: number;
  messages: OutboundMessage[];
}

export interface Outbox {
  /** Seq of the last message ever put in the outbox (0: none). */
  seq: number;
  /** The last few turns' replies: a retried message id gets them back. */
  turns: OutboxTurn[];
}

export interface QaTurnMemory {
  q: string;
  a: string;
  at: number;
}

export interface InboxItem {
  n: number;
  at: number;
  messages: OutboundMessage[];
}

/** Per-user data written by services, channels and broadcasts; removed with the user. */
export interface UserData {
  qa?: { history?: QaTurnMemory[]; quota?: { day: string; used: number }; pending?: { q: string; at: number } };
  /** Web chat alerts waiting for the page to poll. */
  inbox?: { next: number; items: InboxItem[] };
  /** Weekly scam patterns received, in order. */
  alertsReceived?: string[];
  /** Broadcast id → when it was sent to this resident (the sent mark). */
  broadcasts?: Record<string, number>;
  /** A channel-specific reply address (Bot Framework conversation reference). */
  address?: string;
  /** Ids of the questions this resident passed to a volunteer. */
  volunteer?: string[];
  /** The survey questions this resident answered (their answers live in the surveys part). */
  surveys?: SurveysAnswered;
}

export interface UserDoc {
  state: UserState;
  data: UserData;
  outbox: Outbox;
  /** Set on the small record left by "xóa dữ liệu": it expires after FORGOTTEN_TTL_MS. */
  forgottenAt?: number;
}

export interface UserRecord extends UserDoc {
  /** Increases by one on every commit; used for compare-and-set. */
  version: number;
  /** Seq of the last outbox message the platform accepted (written without a version change). */
  sent: number;
}

export interface VolunteerQuestion {
  id: string;
  at: string;
  channel: string;
  userKey: string;
  /** Redacted. */
  question: string;
  /** Set once a volunteer answered (the reply went to the resident through their channel). */
  answered?: VolunteerAnswer;
}

export interface VolunteerAnswer {
  by: string;
  at: string;
  text: string;
  /** What the resident's channel said: sent, skipped (outside its reply window) or failed. */
  delivery: 'sent' | 'skipped' | 'failed';
}

export interface CommitEffects {
  /** The outbox has messages a push channel must still deliver; recovery takes them over after this time. */
  deliverBy?: number;
  /** A question passed to a volunteer in this turn (its id is also in data.volunteer). */
  volunteer?: VolunteerQuestion;
  /** The record was a tombstone: it must stop expiring. */
  revive?: boolean;
  /** Survey answers given in this turn (free text redacted); each replaces the resident's earlier answer to its question. */
  surveyAnswers?: SurveyAnswer[];
  /** An invitation code shown in this turn: it leads to this resident unless it already leads to another. */
  inviteCode?: string;
  /**
   * A broadcast whose message to this resident this commit marks as sent: its
   * "sent" counter goes up in the same write, so a worker killed between the
   * mark and the count cannot leave the broadcast short of "done".
   */
  broadcastSent?: string;
}

export type CommitResult = { ok: true; record: UserRecord } | { ok: false; current: UserRecord | null };

/** The tombstone left by forgetting holds only message digests and the confirmation reply. */
export const FORGOTTEN_TTL_MS = 24 * 3600_000;
/** Volunteer questions kept at most (the oldest go first). */
export const VOLUNTEER_QUESTIONS_MAX = 10_000;

export interface UserStore {
  /** One round trip. */
  load(userKey: string): Promise<UserRecord | null>;
  /**
   * Writes the record, and the effects, in one atomic operation if the stored
   * version is still `expectedVersion` (0: the user must not exist). One round
   * trip; on conflict returns the current record so the turn can be recomputed.
   */
  commit(userKey: string, expectedVersion: number, doc: UserDoc, effects?: CommitEffects): Promise<CommitResult>;
  /**
   * "Xóa dữ liệu": removes everything that names the user (record, sent marks,
   * pending deliveries, volunteer questions, survey answers, invitation code,
   * certificate holder, embedded broadcast recipient entries)
   * and leaves `tombstone` (expiring) in one atomic operation, if the version is unchanged.
   */
  forget(userKey: string, expectedVersion: number, tombstone: UserDoc, effects?: CommitEffects): Promise<CommitResult>;
  /** Records that the platform accepted outbox messages up to `seq` (batched; no version change). */
  markSent(marks: readonly { userKey: string; seq: number }[]): Promise<void>;
  /** Users whose outbox was not delivered by its deadline; each is claimed for `leaseMs`. */
  claimOverdueDeliveries(now: number, leaseMs: number, limit: number): Promise<string[]>;
  /** Every (not forgotten) user, in no particular order (reports, broadcasts). */
  scan(): AsyncIterable<{ userKey: string; state: UserState }>;
  /** Approximate bytes held for one user (benchmarks). */
  bytesFor(userKey: string): Promise<number>;
}

export interface VolunteerStore {
  /** Newest first. */
  list(limit: number): Promise<VolunteerQuestion[]>;
  remove(id: string): Promise<boolean>;
  get(id: string): Promise<VolunteerQuestion | null>;
  /** Marks the question answered, once: null when it is unknown or already answered. */
  answer(id: string, answer: VolunteerAnswer): Promise<VolunteerQuestion | null>;
}

export type OperatorRole = 'admin' | 'staff' | 'volunteer';

/** A console account (ward staff see only their wards). */
export interface OperatorAccount {
  username: string;
  role: OperatorRole;
  wards: string[];
  /** scrypt$N$r$p$salt$hash (base64url). */
  passwordHash: string;
  createdAt: string;
}

export interface AuditEntry {
  at: string;
  username: string;
  action: string;
  detail?: string;
}

/** Audit entries kept (the oldest go first). */
export const AUDIT_MAX = 5_000;

/** The console's accounts, audit log, knowledge-base drafts and dashboard counters; names no resident. */
export interface OperatorStore {
  account(username: string): Promise<OperatorAccount | null>;
  saveAccount(account: OperatorAccount): Promise<void>;
  accounts(): Promise<OperatorAccount[]>;
  /** Counts a hit on `key` in a window that starts at the first hit (login rate limit). */
  hit(key: string, windowMs: number): Promise<number>;
  audit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  auditLog(limit: number): Promise<AuditEntry[]>;
  /** JSON documents by id (FAQ drafts). */
  saveDraft(id: string, json: string): Promise<void>;
  drafts(): Promise<{ id: string; json: string }[]>;
  /** Adds to named counters (negative to take away). */
  addCounts(deltas: Record<string, number>): Promise<void>;
  counts(): Promise<Record<string, number>>;
}

/** Caches, leases and platform bookkeeping that name no resident. */
export interface SharedStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** True for the first caller only, until `ttlMs` passes (leases, once-a-week claims). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  incr(key: string, by?: number): Promise<number>;
}

export type BroadcastCounter = 'queued' | 'sent' | 'failed' | 'skipped';
export type BroadcastCounts = Record<BroadcastCounter, number>;

export interface BroadcastStore {
  save(id: string, record: string): Promise<void>;
  get(id: string): Promise<string | null>;
  count(id: string, counter: BroadcastCounter, by: number): Promise<void>;
  counts(id: string): Promise<BroadcastCounts>;
  status(id: string): Promise<string | null>;
  setStatus(id: string, status: string): Promise<void>;
}

/** Only the embedded store keeps broadcast recipient lists (Redis uses BullMQ jobs). */
export interface BroadcastRecipientStore {
  active(): Promise<string[]>;
  setActive(id: string, active: boolean): Promise<void>;
  saveRecipients(id: string, channel: string, userKeys: string[]): Promise<void>;
  /** Recipient list; a forgotten resident's entry is an empty string. */
  recipients(id: string, channel: string): Promise<string[]>;
  cursor(id: string, channel: string): Promise<number>;
  setCursor(id: string, channel: string, cursor: number): Promise<void>;
}

export interface Store {
  readonly kind: 'redis' | 'embedded';
  readonly users: UserStore;
  readonly volunteers: VolunteerStore;
  readonly shared: SharedStore;
  readonly broadcasts: BroadcastStore;
  readonly operators: OperatorStore;
  readonly recipients?: BroadcastRecipientStore;
  /** Survey answers per question (journey-types.ts). */
  readonly surveys: SurveyStore;
  /** Invitation codes and who holds them. */
  readonly invites: InviteStore;
  /** Certificates by verify code (certificate-types.ts); users.forget revokes the holder's. */
  readonly certificates: CertificateStore;
  /** Answers quickly (within about a second) when the store works. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// With the u flag a surrogate pair is one code point, so this matches only a lone half.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Keys must be well-formed Unicode: lone surrogates would collide once encoded as UTF-8. */
export function assertWellFormedKey(key: string): void {
  if (LONE_SURROGATE.test(key)) throw new TypeError('store key is not well-formed Unicode');
}

// What the tutor remembers about one resident. Kept small (it is read and
// written on every turn) and plain JSON, so every store can hold it.
import type { JourneyState } from './journey-state.js';
import type { Button } from './messages.js';

export type Scalar = string | number | boolean;

export interface Frame {
  flow: string;
  node: string;
  /** Flow revision when the position was saved; see FlowRegistry. */
  revision: string;
  /** Waiting nodes visited before this one, for "quay lại". */
  history: string[];
  retries: number;
  vars: Record<string, Scalar>;
  /** Quiz answers in this run: node id (or an area test's question id) → 1 correct, 0 wrong. */
  quiz: Record<string, 0 | 1>;
  /** An area test under way at an `assess` node (assessment.ts). */
  assessment?: AssessmentRun;
}

/** The questions drawn for one attempt of an area test and the order their options are shown in. */
export interface AssessmentRun {
  /** Question ids, in the order asked. */
  questions: string[];
  /** Question id → its option ids in the order shown. */
  order: Record<string, string[]>;
  /** How many have been answered. */
  at: number;
}

export interface FlowProgress {
  status: 'started' | 'completed';
  attempts: number;
  /** Latest answers: node id → 1 correct, 0 wrong. */
  answers: Record<string, 0 | 1>;
  bestScore?: number;
  quizTotal?: number;
  lastNode?: string;
  /** An area test: when it was first passed (its status is "completed" only once passed). */
  passedAt?: number;
  updatedAt: number;
}

export type Pending = { kind: 'confirm-delete' } | { kind: 'resume'; flow: string };

export interface UserState {
  schema: 1;
  profile: Record<string, Scalar>;
  stack: Frame[];
  progress: Record<string, FlowProgress>;
  /** The choices shown last, so "1", "2" or a label can be matched to them. */
  choices: Button[];
  pending?: Pending;
  /** The consent question was offered once outside onboarding; it is not repeated on every turn. */
  consentOffered?: boolean;
  /** Missed questions to review, reminders sent, surveys answered (journey-state.ts). */
  journey?: JourneyState;
  /** Short hashes of the last SEEN_IDS_KEPT inbound message ids, to answer a re-delivered message once. */
  seen: string[];
  createdAt: number;
  updatedAt: number;
}

/** Saved atomically with the state, so two processes can never both accept the same id. */
export const SEEN_IDS_KEPT = 64;

/** Two 32-bit FNV-1a hashes (different seeds) in base 36: message ids can be long, the state stays small. */
export function messageIdDigest(messageId: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ messageId.length;
  for (let i = 0; i < messageId.length; i++) {
    const code = messageId.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

export function newUserState(now: number): UserState {
  return { schema: 1, profile: {}, stack: [], progress: {}, choices: [], seen: [], createdAt: now, updatedAt: now };
}

export function activeFrame(state: UserState): Frame | undefined {
  return state.stack[state.stack.length - 1];
}

export function isNewUser(state: UserState): boolean {
  return state.profile.onboarded === undefined && state.stack.length === 0 && Object.keys(state.progress).length === 0;
}

export function hasConsent(state: UserState): boolean {
  return state.profile.consent === true;
}

/** "bác" for elderly residents, "bạn" otherwise (see shared UX conventions). */
export function addressOf(state: UserState): string {
  return state.profile.group === 'elderly' ? 'bác' : 'bạn';
}

// What the tutor remembers of a resident's learning outside lessons: missed
// quiz questions waiting for review, the reminders sent, the surveys answered.
// Part of UserState (state.journey), so it is committed with every turn.

/** A missed quiz question in its Leitner box: box 1 comes back after 1 day, box 2 after 3, box 3 after 7. */
export interface ReviewItem {
  box: 1 | 2 | 3;
  /** Epoch ms from when it may be reviewed. */
  due: number;
}

export type NudgeKind = 'review' | 'resume';

/** Reminders sent outside a turn ("ôn tập", "học tiếp"). */
export interface NudgeLog {
  /** When the last reminder of any kind went out. */
  lastAt?: number;
  lastKind?: NudgeKind;
  /** When the last "học tiếp" reminder went out (at most one a week). */
  lastResumeAt?: number;
  /** The unfinished lesson the last "học tiếp" reminder was about: "<flow>@<updatedAt>", so one stop gets one reminder. */
  resumedFor?: string;
  /** Reminders sent since the resident last wrote: at 2 they stop until the resident writes again. */
  unanswered: number;
}

export interface JourneyState {
  /** "<flow>#<quiz node>" → its Leitner box. */
  reviews?: Record<string, ReviewItem>;
  nudges?: NudgeLog;
  /** Survey id → when the resident last answered one of its questions. */
  surveys?: Record<string, number>;
}

/** Where the invitation links point, from the deployment's settings (EngineContext.links). */
export interface InviteLinks {
  /** The Telegram bot's username, for t.me deep links. */
  telegramBot?: string;
  /** The web chat's public address (PUBLIC_URL). */
  webUrl?: string;
}

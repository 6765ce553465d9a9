// Broadcasts: urgent alerts from operators and the weekly scam alert.
import { z } from 'zod';
import type { Button } from '../engine/messages.js';

export const targetSchema = z
  .strictObject({
    all: z.literal(true).optional().describe('Everyone (the default when no other target is given).'),
    channels: z.array(z.string().min(1).max(32)).max(10).optional().describe('Only these channels, e.g. ["telegram", "zalo"].'),
    wards: z.array(z.string().min(1).max(80)).max(200).optional().describe('Only residents of these wards/communes (as they typed them).'),
    groups: z
      .array(z.enum(['elderly', 'worker', 'farmer', 'student', 'disability', 'other']))
      .max(6)
      .optional()
      .describe('Only these groups.'),
  })
  .describe('Who receives the broadcast. Several fields narrow it together.');

export type BroadcastTarget = z.output<typeof targetSchema>;

export type BroadcastContent =
  | { kind: 'message'; text: string; buttons?: Button[] }
  | { kind: 'weekly-scam' }
  /** The daily reminders (src/journey/reminders.ts): each recipient's own, composed when it is sent. */
  | { kind: 'reminders'; resumeAfterMs: number };

export interface BroadcastRecord {
  id: string;
  createdAt: number;
  createdBy: 'operator' | 'schedule';
  /** Routine broadcasts wait for the morning during quiet hours. */
  respectQuietHours: boolean;
  /** Weekly alerts go to subscribers; operator alerts to everyone who has not turned alerts off. */
  audience: 'subscribers' | 'all-not-opted-out' | 'reminders';
  target: BroadcastTarget;
  content: BroadcastContent;
  title: string;
}

export interface BroadcastCounts {
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
}

export type BroadcastStatus = 'preparing' | 'sending' | 'done';

export type DeliveryResult = 'sent' | 'skipped' | 'failed' | 'already-sent';

/** The platform said "later" (rate limit, network, 5xx): the queue retries with backoff. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

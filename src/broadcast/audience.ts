// Who receives a broadcast: subscribers (weekly) or everyone who has not turned
// alerts off (operator alerts), narrowed by channel, ward and group; residents
// who blocked the bot are skipped.
import type { UserState } from '../engine/state.js';
import { foldText } from '../engine/text.js';
import { wantsReminder } from '../journey/reminders.js';
import type { BroadcastRecord } from './types.js';

export type AudienceDecision = 'include' | 'skip' | 'exclude';

/** include: send; skip: would be a recipient but cannot be reached (counted); exclude: not a recipient at all. */
export function decideRecipient(record: BroadcastRecord, userKey: string, state: UserState, enabledChannels: Set<string>): AudienceDecision {
  const channel = userKey.slice(0, userKey.indexOf(':'));
  const { target } = record;
  const subscribed = state.profile.subscribed;
  const wanted = record.audience === 'reminders' ? wantsReminder(record, state) : record.audience === 'subscribers' ? subscribed === true : subscribed !== false;
  if (!wanted) return 'exclude';
  if (target.channels?.length && !target.channels.includes(channel)) return 'exclude';
  if (target.groups?.length && !target.groups.includes(String(state.profile.group ?? 'other') as never)) return 'exclude';
  if (target.wards?.length) {
    const ward = foldText(String(state.profile.ward ?? ''));
    if (!target.wards.some((w) => foldText(w) === ward)) return 'exclude';
  }
  if (state.profile.unreachable === true || !enabledChannels.has(channel)) return 'skip';
  return 'include';
}

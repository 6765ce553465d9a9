// The per-chat gap between two messages, kept in Redis when several processes
// may send to the same chat (webhooks behind a load balancer, recovery, the Zalo
// relay): one script reserves the chat's next slot, by Redis's own clock, and
// says how long to wait for it. One round trip per message, only where a gap is set.
import type { Redis } from 'ioredis';
import type { Store } from '../store/types.js';

const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gap = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, last + gap)
redis.call('SET', KEYS[1], at, 'PX', at - now + gap)
return at - now`;

/** A shared slot keeper for one channel, or undefined on the embedded store (one process). */
export function sharedChatSlots(store: Store, channel: string): ((chatId: string, intervalMs: number) => Promise<number>) | undefined {
  const client = (store as { client?: Redis }).client;
  const prefix = (store as { prefix?: string }).prefix ?? 'hvs:';
  if (store.kind !== 'redis' || !client) return undefined;
  return async (chatId, intervalMs) => Number(await client.eval(RESERVE, 1, `${prefix}pace:${channel}:${chatId}`, intervalMs));
}

// Lua scripts run atomically by Redis. A user's record is one hash
// {u:<userKey>} with fields v (version), s (the record JSON without its outbox
// turns), q (seq of the last outbox message), d (seq of the last message the
// platform accepted) and t:<seq> per saved turn (see record-layout.ts).

/** Lua that adds a volunteer question and drops the oldest beyond the cap (used by the commit and on Cluster). */
function addVolunteer(hash: string, index: string, id: string, json: string, score: string, cap: string): string {
  return `redis.call('HSET', ${hash}, ${id}, ${json})
redis.call('ZADD', ${index}, ${score}, ${id})
local over = redis.call('ZCARD', ${index}) - tonumber(${cap})
if over > 0 then
  local oldest = redis.call('ZRANGE', ${index}, 0, over - 1)
  redis.call('HDEL', ${hash}, unpack(oldest))
  redis.call('ZREMRANGEBYRANK', ${index}, 0, over - 1)
end`;
}

/**
 * KEYS: user, due, volunteer hash, volunteer index, invitation codes, then one
 * survey hash per answer, then the broadcast hash when ARGV[12] is '1' (on Redis
 * Cluster: the user's key five times, no survey or broadcast hash; users.ts
 * writes the shared parts apart).
 * ARGV: expected version, record without turns, seq, due score ('' = none), user key,
 *       volunteer id ('' = none), volunteer JSON, volunteer score, persist ('1'), volunteer cap,
 *       invitation code ('' = none), count a broadcast message as sent ('1' = yes, in the
 *       last key), then per survey hash its field and answer JSON,
 *       then the count n of turns to write, n pairs (seq of the turn's first message, turn JSON),
 *       and the first seq of every turn kept (other turn fields are dropped).
 * Returns {1, version} or {0, the hash's fields} (the current record, for a retry).
 */
export const COMMIT = `
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '0') ~= ARGV[1] then return {0, redis.call('HGETALL', KEYS[1])} end
local nv = tonumber(ARGV[1]) + 1
local counted = ARGV[12] == '1'
local surveys = #KEYS - 5 - (counted and 1 or 0)
local t0 = 13 + 2 * surveys
local n = tonumber(ARGV[t0])
local fields = {'v', nv, 's', ARGV[2], 'q', ARGV[3]}
for i = 1, n do
  fields[#fields + 1] = 't:' .. ARGV[t0 + 2 * i - 1]
  fields[#fields + 1] = ARGV[t0 + 2 * i]
end
redis.call('HSET', KEYS[1], unpack(fields))
local keep = {}
for i = t0 + 2 * n + 1, #ARGV do keep['t:' .. ARGV[i]] = true end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 2) == 't:' and not keep[field] then redis.call('HDEL', KEYS[1], field) end
end
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
if ARGV[6] ~= '' then
${addVolunteer('KEYS[3]', 'KEYS[4]', 'ARGV[6]', 'ARGV[7]', 'ARGV[8]', 'ARGV[10]')}
end
if ARGV[9] == '1' then redis.call('PERSIST', KEYS[1]) end
if ARGV[11] ~= '' then redis.call('HSETNX', KEYS[5], ARGV[11], ARGV[5]) end
for i = 1, surveys do redis.call('HSET', KEYS[5 + i], ARGV[11 + i * 2], ARGV[12 + i * 2]) end
if counted then redis.call('HINCRBY', KEYS[#KEYS], 'sent', 1) end
return {1, nv}`;

/**
 * KEYS: user, due, volunteer hash, volunteer index, invitation codes, then one
 * survey hash per answer the resident gave.
 * ARGV: expected version, tombstone (its one turn inside), seq, sent, due score ('' = none), user key, ttl ms,
 *       invitation code ('' = none), volunteer id count n, n volunteer ids, then per survey hash the answer's field.
 * On Redis Cluster every key is the user's own (one slot): the shared parts are
 * then cleaned by separate commands first (see users.ts).
 */
export const FORGET = `
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '0') ~= ARGV[1] then return {0, redis.call('HGETALL', KEYS[1])} end
local n = tonumber(ARGV[9])
for i = 10, 9 + n do
  redis.call('HDEL', KEYS[3], ARGV[i])
  redis.call('ZREM', KEYS[4], ARGV[i])
end
if ARGV[8] ~= '' and redis.call('HGET', KEYS[5], ARGV[8]) == ARGV[6] then redis.call('HDEL', KEYS[5], ARGV[8]) end
for i = 6, #KEYS do redis.call('HDEL', KEYS[i], ARGV[4 + n + i]) end
redis.call('DEL', KEYS[1])
if KEYS[2] ~= KEYS[1] then redis.call('ZREM', KEYS[2], ARGV[6]) end
local nv = tonumber(ARGV[1]) + 1
redis.call('HSET', KEYS[1], 'v', nv, 's', ARGV[2], 'q', ARGV[3], 'd', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6]) end
return {1, nv}`;

/** KEYS: due, then one user key per mark. ARGV: per mark, user key and seq. */
export const MARK_SENT = `
for i = 2, #KEYS do
  local member = ARGV[(i - 2) * 2 + 1]
  local seq = tonumber(ARGV[(i - 2) * 2 + 2])
  local cur = redis.call('HMGET', KEYS[i], 'd', 'q')
  if cur[2] then
    local d = tonumber(cur[1] or '0')
    if seq > d then
      redis.call('HSET', KEYS[i], 'd', seq)
      d = seq
    end
    if d >= tonumber(cur[2]) then redis.call('ZREM', KEYS[1], member) end
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
return 1`;

/** KEYS: due. ARGV: now, lease end, limit. Claims overdue users by moving their deadline. */
export const CLAIM_OVERDUE = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(members) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
return members`;

/** Cluster: KEYS user. ARGV seq. Records the sent mark; returns 1 when nothing is left unsent (or no record). */
export const MARK_SENT_ONE = `
local cur = redis.call('HMGET', KEYS[1], 'd', 'q')
if not cur[2] then return 1 end
local d = tonumber(cur[1] or '0')
local seq = tonumber(ARGV[1])
if seq > d then
  redis.call('HSET', KEYS[1], 'd', seq)
  d = seq
end
if d >= tonumber(cur[2]) then return 1 end
return 0`;

/** Cluster: KEYS volunteer hash, volunteer index (one hash tag). ARGV id, JSON, score, cap. */
export const VOLUNTEER_ADD = `
${addVolunteer('KEYS[1]', 'KEYS[2]', 'ARGV[1]', 'ARGV[2]', 'ARGV[3]', 'ARGV[4]')}
return 1`;

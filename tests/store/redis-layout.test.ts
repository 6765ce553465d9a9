// The Redis record layout: each saved turn of replies in its own hash field,
// written once, so a commit carries its own turn and not the undelivered ones
// before it (record-layout.ts).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserState } from '../../src/engine/state.js';
import { withTurnReplies } from '../../src/runtime/records.js';
import { RedisStore } from '../../src/store/redis/index.js';
import type { UserDoc, UserRecord } from '../../src/store/types.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
let store: RedisStore;
let raw: Redis;

beforeAll(() => {
  if (!runRedis) return;
  store = new RedisStore(REDIS_URL, { prefix });
  raw = new Redis(REDIS_URL);
});

afterAll(async () => {
  if (!runRedis) return;
  await store.close();
  raw.disconnect();
  await cleanPrefix(prefix);
});

/** The next turn of a push channel whose earlier replies are not delivered yet (all kept). */
function nextDoc(base: UserRecord | null, id: string, text: string): UserDoc {
  const outbox = withTurnReplies(base?.outbox ?? { seq: 0, turns: [] }, 0, id, [{ text }, { text: `${text} (2)` }], 1);
  return { state: base?.state ?? newUserState(1_700_000_000_000), data: {}, outbox };
}

/** The script arguments of every commit the store sends while `run` runs (Redis MONITOR). */
async function commitArguments(run: () => Promise<void>): Promise<string[]> {
  const monitor = await raw.monitor();
  const seen: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (/^eval/i.test(args[0] ?? '') && args.some((arg) => arg.includes(`{u:telegram:layout`))) seen.push(args.join(' '));
  });
  await run();
  await new Promise((resolve) => setTimeout(resolve, 50));
  monitor.disconnect();
  return seen;
}

describe.runIf(runRedis)('Redis record layout', () => {
  it('writes each turn once, in its own field, and drops the fields of turns the record no longer keeps', async () => {
    const userKey = 'telegram:layout1';
    let record: UserRecord | null = null;
    // ASCII markers: MONITOR prints other bytes escaped.
    const texts = ['turn-one Chào bác', 'turn-two Câu 1/3', 'turn-three Câu 2/3'];
    const sent = await commitArguments(async () => {
      for (const [i, text] of texts.entries()) {
        const result = await store.users.commit(userKey, record?.version ?? 0, nextDoc(record, `m${i}`, text));
        if (!result.ok) throw new Error('conflict');
        record = result.record;
      }
    });
    expect(sent).toHaveLength(3);
    // The third commit carries its own turn only, not the two undelivered ones before it.
    expect(sent[2]).toContain('turn-three');
    expect(sent[2]).not.toContain('turn-one');
    expect(sent[2]).not.toContain('turn-two');

    const hash = await raw.hgetall(store.users.key(userKey));
    expect(
      Object.keys(hash)
        .filter((field) => field.startsWith('t:'))
        .sort(),
    ).toEqual(['t:1', 't:3', 't:5']);
    expect(JSON.parse(hash.s!).outbox.turns).toEqual([]);
    const loaded = await store.users.load(userKey);
    expect(loaded!.outbox).toEqual(record!.outbox);

    // Delivered: the next commit keeps only its own turn, and the other fields go.
    const trimmed = { ...nextDoc(loaded, 'm3', 'Câu 3/3'), outbox: withTurnReplies(loaded!.outbox, 6, 'm3', [{ text: 'Câu 3/3' }], 1) };
    expect((await store.users.commit(userKey, loaded!.version, trimmed)).ok).toBe(true);
    const after = await raw.hgetall(store.users.key(userKey));
    expect(Object.keys(after).filter((field) => field.startsWith('t:'))).toEqual(['t:7']);
    expect((await store.users.load(userKey))!.outbox).toEqual(trimmed.outbox);
  });

  it('a conflict returns the current record with its turns', async () => {
    const userKey = 'telegram:layout2';
    const first = await store.users.commit(userKey, 0, nextDoc(null, 'a', 'Một'));
    if (!first.ok) throw new Error('conflict');
    const second = await store.users.commit(userKey, 1, nextDoc(first.record, 'b', 'Hai'));
    expect(second.ok).toBe(true);
    const stale = await store.users.commit(userKey, 1, nextDoc(first.record, 'c', 'Ba'));
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.current!.version).toBe(2);
    expect(stale.current!.outbox.turns.map((turn) => turn.id)).toEqual(['a', 'b']);
  });

  it('reads a record written whole (turns inside s), and its next commit moves the turns to fields', async () => {
    const userKey = 'telegram:layout3';
    const old: UserDoc = nextDoc(null, 'old', 'Tin cũ');
    await raw.hset(store.users.key(userKey), 'v', 4, 's', JSON.stringify(old), 'q', old.outbox.seq, 'd', 0);
    const loaded = await store.users.load(userKey);
    expect(loaded).toMatchObject({ version: 4, outbox: old.outbox });
    const next = nextDoc(loaded, 'new', 'Tin mới');
    expect((await store.users.commit(userKey, 4, next)).ok).toBe(true);
    const hash = await raw.hgetall(store.users.key(userKey));
    expect(
      Object.keys(hash)
        .filter((field) => field.startsWith('t:'))
        .sort(),
    ).toEqual(['t:1', 't:3']);
    expect((await store.users.load(userKey))!.outbox).toEqual(next.outbox);
  });
});

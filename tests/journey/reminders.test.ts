// Reminders delivered on a fake clock through the broadcast queue: a missed
// question comes due, the evening run waits out the quiet hours and sends at
// 07:00; the next day's run sends again; after two unanswered, nobody is left
// to remind. A channel outside its reply window (Zalo OA) skips it and nothing
// is recorded as sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BroadcastBook } from '../../src/broadcast/book.js';
import type { DeliveryDeps } from '../../src/broadcast/deliver.js';
import { EmbeddedBroadcastQueue } from '../../src/broadcast/embedded-queue.js';
import { parseQuietHours } from '../../src/broadcast/quiet-hours.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import { turn } from '../../src/engine/router.js';
import type { UserState } from '../../src/engine/state.js';
import { reminderBroadcast, reminderComposer, reminderRules } from '../../src/journey/reminders.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { newDoc } from '../../src/runtime/records.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { MemoryChannel } from '../helpers/fake-channel.js';
import { ROOT } from '../helpers/engine.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** 2026-03-02 09:00 in Hà Nội (UTC+7). */
const MONDAY_9AM = Date.UTC(2026, 2, 2, 2, 0);
const localHour = (at: number) => new Date(at + 7 * HOUR).getUTCHours() + new Date(at).getUTCMinutes() / 60;

let content: ContentHolder;
let dir: string;
let store: LmdbStore;
let channel: MemoryChannel;
let sentAt: number[];
let queue: EmbeddedBroadcastQueue;
let book: BroadcastBook;

beforeAll(async () => {
  const loaded = await ContentHolder.load({ root: ROOT, flowsDir: path.join(ROOT, 'tests/fixtures/journey'), contentDir: path.join(ROOT, 'content') }, []);
  if (Array.isArray(loaded)) throw new Error(JSON.stringify(loaded));
  content = loaded;
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(MONDAY_9AM);
  dir = mkdtempSync(path.join(tmpdir(), 'hvs-reminders-'));
  store = new LmdbStore(dir);
  channel = new MemoryChannel('test');
  sentAt = [];
  const send = channel.send.bind(channel);
  channel.send = async (userId, messages) => {
    sentAt.push(Date.now());
    return send(userId, messages);
  };
  book = new BroadcastBook(store);
  const deps: DeliveryDeps = { store, book, channels: new Map([['test', channel]]), compose: reminderComposer(content, store, async () => undefined), logger: pino({ level: 'silent' }) };
  // The queue's waits move the fake clock instead of waiting.
  const sleep = async (ms: number) => void vi.setSystemTime(Date.now() + ms);
  queue = new EmbeddedBroadcastQueue(store, book, deps, () => 1000, parseQuietHours('21:00-07:00', 'Asia/Ho_Chi_Minh'), sleep);
});

afterEach(async () => {
  vi.useRealTimers();
  await queue.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A resident who finished lesson A with question 1 wrong and asked for review reminders, saved in the store. */
async function residentWithAMissedQuestion(userId = 'lan'): Promise<UserState> {
  let state: UserState | null = null;
  let n = 0;
  const say = (input: Partial<InboundMessage>) => {
    const result = turn(state, { channel: 'test', userId, messageId: `m${++n}`, at: Date.now(), ...input }, { registry: content.registry, catalog: content.catalog, now: Date.now() });
    state = result.state;
    return result;
  };
  const press = (label: string, result: ReturnType<typeof say>) => say({ payload: result.outbox.flatMap((m) => m.buttons ?? []).find((b) => b.label === label)!.payload });
  let last = say({ text: 'hi' });
  for (const label of ['Đồng ý', 'Người lao động']) last = press(label, last);
  last = say({ text: 'bai mau' });
  for (const label of ['Tiếp', 'Tiếp', 'Có', 'Cần', 'Có, nhắc mình']) last = press(label, last);
  await store.users.commit(`test:${userId}`, 0, newDoc(state!));
  return state!;
}

async function runAt(at: number) {
  vi.setSystemTime(at);
  const record = await book.create(reminderBroadcast(reminderRules(3)), Date.now());
  await queue.enqueue(record);
  await queue.idle();
  return book.counts(record.id);
}

describe('review reminders on a fake clock', () => {
  it('waits out the quiet hours, sends at 07:00, once a day, and stops after two unanswered', async () => {
    await residentWithAMissedQuestion();
    // Monday 18:00: not due yet (missed this morning).
    expect(await runAt(MONDAY_9AM + 9 * HOUR)).toMatchObject({ queued: 0 });
    // Monday 22:00, inside quiet hours: due for the next morning, sent on Tuesday at 07:00.
    expect(await runAt(MONDAY_9AM + 13 * HOUR)).toMatchObject({ queued: 1, sent: 1 });
    expect(sentAt).toHaveLength(1);
    expect(localHour(sentAt[0]!)).toBe(7);
    expect(sentAt[0]! - (MONDAY_9AM + 13 * HOUR)).toBe(9 * HOUR);
    const [first] = channel.sent;
    expect(first!.messages[0]!.text).toContain('có 1 câu');
    expect(first!.messages.at(-1)!.buttons!.map((b) => b.label)).toEqual(['Ôn tập ngay', 'Tắt nhắc']);
    const saved = (await store.users.load('test:lan'))!;
    expect(saved.state.journey!.nudges).toMatchObject({ unanswered: 1, lastKind: 'review' });
    expect(saved.state.choices.map((b) => b.payload)).toEqual(['c:review', 'c:reminders-off']);
    // Tuesday 09:30, the same morning: nothing (one reminder a day).
    expect(await runAt(MONDAY_9AM + DAY + 0.5 * HOUR)).toMatchObject({ queued: 0 });
    // Wednesday 09:30: the second reminder; Thursday: two went unanswered, so none.
    expect(await runAt(MONDAY_9AM + 2 * DAY + 0.5 * HOUR)).toMatchObject({ queued: 1, sent: 1 });
    expect(await runAt(MONDAY_9AM + 3 * DAY + 0.5 * HOUR)).toMatchObject({ queued: 0 });
    expect(channel.sent).toHaveLength(2);
    expect((await store.operators.counts())['nudge:sent:review']).toBe(2);
  });

  it('records nothing when the channel may not send now (Zalo OA outside its reply window)', async () => {
    await residentWithAMissedQuestion();
    channel.outcomeFor = () => ({ ok: false, skipped: true, error: "outside Zalo's reply window" });
    expect(await runAt(MONDAY_9AM + 2 * DAY)).toMatchObject({ queued: 1, skipped: 1, sent: 0 });
    expect((await store.users.load('test:lan'))!.state.journey!.nudges).toBeUndefined();
    expect((await store.operators.counts())['nudge:sent:review']).toBeUndefined();
  });
});

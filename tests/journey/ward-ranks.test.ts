// Thi đua for residents: the standings computed outside turns from the store,
// and "tiến độ" saying where the resident's ward stands, through the real
// Conversation; never a rank for a ward that is not ranked, nor without a contest.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserState, type UserState } from '../../src/engine/state.js';
import type { WardRanks } from '../../src/engine/turn-builder.js';
import { WardRankBoard } from '../../src/journey/ward-ranks.js';
import type { ContentHolder } from '../../src/runtime/content-holder.js';
import { Conversation } from '../../src/runtime/conversation.js';
import { newDoc } from '../../src/runtime/records.js';
import { Metrics } from '../../src/server/metrics.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { loadTestContent } from '../ai/qa-harness.js';

let content: ContentHolder;
let store: LmdbStore;
let dir: string;

beforeAll(async () => {
  content = await loadTestContent();
  dir = await mkdtemp(path.join(tmpdir(), 'hvs-ward-ranks-'));
  store = new LmdbStore(dir);
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function resident(ward: string | undefined, finishedLesson: boolean): UserState {
  const state = newUserState(Date.now());
  state.profile = { consent: true, onboarded: true, group: 'elderly', ...(ward ? { ward } : {}) };
  const lesson = content.registry.all().find((flow) => flow.kind === 'lesson')!;
  if (finishedLesson) state.progress[lesson.id] = { status: 'completed', attempts: 1, answers: {}, updatedAt: Date.now() };
  return state;
}

async function save(userKey: string, state: UserState): Promise<void> {
  expect((await store.users.commit(userKey, 0, newDoc(state))).ok).toBe(true);
}

const texts = (messages: { text?: string }[]) => messages.map((m) => m.text ?? '').join('\n');

describe('ward standings for residents', () => {
  it('ranks named wards by rate per registered resident, and "tiến độ" tells a resident where theirs stands', async () => {
    // Hòa Bình: 2 of 2 finished a lesson; Đống Đa: 1 of 3; Cầu Giấy: 0 of 1; two residents gave no ward.
    await save('web:hb1', resident('Phường Hòa Bình', true));
    await save('web:hb2', resident('Phường Hòa Bình', true));
    for (const [i, finished] of [true, false, false].entries()) await save(`web:dd${i}`, resident('Phường Đống Đa', finished));
    await save('web:cg1', resident('Phường Cầu Giấy', false));
    await save('web:none1', resident(undefined, true));
    await save('web:none2', resident(undefined, true));

    const board = new WardRankBoard(store, content, pino({ level: 'silent' }));
    expect(board.current()).toBeUndefined();
    const ranks = await board.refresh();
    expect(Object.fromEntries(ranks)).toEqual({
      'Phường Hòa Bình': { rank: 1, of: 3 },
      'Phường Đống Đa': { rank: 2, of: 3 },
      'Phường Cầu Giấy': { rank: 3, of: 3 },
    });

    const conversation = new Conversation({ store, content, services: {}, logger: pino({ level: 'silent' }), metrics: new Metrics(), wardRanks: () => board.current() });
    const reply = await conversation.handle({ channel: 'web', userId: 'dd0', messageId: 'p1', at: Date.now(), text: 'tiến độ' });
    expect(texts(reply.messages)).toContain('Phường Đống Đa đang đứng thứ 2 trên 3 phường, xã');
    // A resident who gave no ward hears no rank.
    const none = await conversation.handle({ channel: 'web', userId: 'none1', messageId: 'p1', at: Date.now(), text: 'tiến độ' });
    expect(texts(none.messages)).not.toContain('đang đứng thứ');
  });

  it('says nothing about a rank without a contest (one ward) or before the first standings', async () => {
    const single: WardRanks = new Map([['Phường Hòa Bình', { rank: 1, of: 1 }]]);
    for (const wardRanks of [() => single, () => undefined]) {
      const conversation = new Conversation({ store, content, services: {}, logger: pino({ level: 'silent' }), metrics: new Metrics(), wardRanks });
      const reply = await conversation.handle({ channel: 'web', userId: 'hb1', messageId: `q${Math.random()}`, at: Date.now(), text: 'tiến độ' });
      expect(texts(reply.messages)).toContain('Chương trình kỹ năng số cơ bản');
      expect(texts(reply.messages)).not.toContain('đang đứng thứ');
    }
  });
});

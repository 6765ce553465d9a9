// The journey through the real turn pipeline (Conversation, a real store, the
// after-turn hook as the tutor wires it) and the admin API over HTTP: an
// invitation attributes new residents to the inviter, the third who finishes a
// lesson makes the inviter "Người hướng dẫn" with a thank-you through their
// channel; survey answers, written by the turn's own commit, are aggregated
// (counts, average, redacted comments, CSV); the ward leaderboard; "xóa dữ
// liệu" removes a resident's answers and frees their code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../src/engine/messages.js';
import type { UserState } from '../../src/engine/state.js';
import { journeyHook } from '../../src/journey/hooks.js';
import { registerJourneyRoutes } from '../../src/journey/routes.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { Conversation } from '../../src/runtime/conversation.js';
import { Metrics } from '../../src/server/metrics.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { MemoryChannel } from '../helpers/fake-channel.js';
import { ROOT } from '../helpers/engine.js';

const TOKEN = 'journey-admin-token-123';
let content: ContentHolder;
let dir: string;
let store: LmdbStore;
let channel: MemoryChannel;
let conversation: Conversation;
let http: FastifyInstance;
let base: string;

beforeAll(async () => {
  const loaded = await ContentHolder.load({ root: ROOT, flowsDir: path.join(ROOT, 'tests/fixtures/journey'), contentDir: path.join(ROOT, 'content') }, []);
  if (Array.isArray(loaded)) throw new Error(JSON.stringify(loaded));
  content = loaded;
  dir = mkdtempSync(path.join(tmpdir(), 'hvs-journey-'));
  store = new LmdbStore(dir);
  channel = new MemoryChannel('test');
  const logger = pino({ level: 'silent' });
  const hook = journeyHook({ store, content, channel: (name) => (name === 'test' ? channel : undefined), logger });
  conversation = new Conversation({ store, content, services: {}, logger, metrics: new Metrics(), onCommitted: hook });
  http = Fastify();
  registerJourneyRoutes(http, { adminToken: TOKEN, store, content });
  base = await http.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await http.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A resident whose every turn runs through the Conversation, as in the tutor. */
class Resident {
  last: OutboundMessage[] = [];
  private n = 0;
  constructor(readonly userId: string) {}
  get key() {
    return `test:${this.userId}`;
  }
  get state(): Promise<UserState | undefined> {
    return store.users.load(this.key).then((record) => record?.state);
  }
  async send(input: Partial<InboundMessage>): Promise<OutboundMessage[]> {
    const reply = await conversation.handle({ channel: 'test', userId: this.userId, messageId: `m${++this.n}`, at: Date.now(), ...input });
    this.last = reply.messages;
    return this.last;
  }
  async press(label: string) {
    const button = this.last.flatMap((m) => m.buttons ?? []).find((b) => b.label === label);
    if (!button) throw new Error(`no button "${label}"`);
    return this.send({ payload: button.payload });
  }
  async onboardAndFinishLesson(ward: string, first?: Partial<InboundMessage>) {
    await this.send(first ?? { text: 'hi' });
    await this.press('Đồng ý');
    await this.press('Người lao động');
    await this.setWard(ward);
    await this.send({ text: 'bai mau' });
    for (const label of ['Tiếp', 'Tiếp', 'Không bao giờ', 'Cần']) await this.press(label);
  }
  /** The fixture onboarding has no ward step: the ward is written as the console would, and the next turn sees it. */
  private async setWard(ward: string) {
    const record = (await store.users.load(this.key))!;
    record.state.profile.ward = ward;
    expect((await store.users.commit(this.key, record.version, record)).ok).toBe(true);
  }
  async forgetMe() {
    await this.send({ text: 'xóa dữ liệu' });
    await this.press('Xóa hết');
  }
}

const admin = async (route: string) => {
  const response = await fetch(`${base}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

describe('mỗi người biết dạy một người', () => {
  it('attributes residents who come with the code, and thanks the inviter once the third finishes a lesson', async () => {
    const lan = new Resident('lan');
    await lan.onboardAndFinishLesson('Phường Hòa Bình');
    await lan.press('Mời người thân cùng học');
    const code = String((await lan.state)!.profile.inviteCode);
    expect(await store.invites.owner(code)).toBe('test:lan');

    const invited = [new Resident('an'), new Resident('binh'), new Resident('chi')];
    await invited[0]!.onboardAndFinishLesson('Phường Hòa Bình', { text: 'menu', startParam: `moi-${code}` });
    await invited[1]!.onboardAndFinishLesson('Phường Đống Đa', { text: `MOI ${code.toLowerCase()}` });
    expect(await Promise.all(invited.slice(0, 2).map(async (r) => (await r.state)!.profile.invitedBy))).toEqual([code, code]);
    expect((await store.users.load('test:lan'))!.state.profile).toMatchObject({ invitesFinished: 2 });
    expect(channel.sent).toEqual([]);
    await invited[2]!.onboardAndFinishLesson('Phường Hòa Bình', { text: 'menu', startParam: `moi-${code}` });
    const inviter = (await store.users.load('test:lan'))!.state.profile;
    expect(inviter).toMatchObject({ invitesFinished: 3, mentor: true });
    expect(channel.sent).toHaveLength(1);
    expect(channel.sent[0]!.userId).toBe('lan');
    expect(channel.sent[0]!.messages.map((m) => m.text).join(' ')).toContain('Người hướng dẫn');
    // A fourth lesson by someone already counted changes nothing.
    await invited[0]!.send({ text: 'bai mau' });
    expect((await store.users.load('test:lan'))!.state.profile.invitesFinished).toBe(3);

    const invites = JSON.parse((await admin('/api/admin/invites')).text);
    expect(invites.inviters).toEqual([{ resident: expect.not.stringContaining('lan'), ward: 'Phường Hòa Bình', invited: 3, finished: 3, mentor: true }]);
    expect(invites.byWard).toEqual({ 'Phường Hòa Bình': { invited: 3, finished: 3, mentors: 1 } });
    expect(JSON.parse((await admin('/api/admin/journey')).text)).toMatchObject({ 'invite:accepted': 3, 'invite:finished': 3, 'mentor:recognized': 1 });

    // Thi đua: a rate per registered resident (Hòa Bình: 3 finished + 1 helper of 3; Đống Đa: 1 of 1).
    const board = JSON.parse((await admin('/api/admin/leaderboard')).text).wards;
    expect(board).toEqual([
      expect.objectContaining({ rank: 1, ward: 'Phường Hòa Bình', registered: 3, finished: 3, helpers: 1, certificates: 0, score: 1.333 }),
      expect.objectContaining({ rank: 2, ward: 'Phường Đống Đa', registered: 1, finished: 1, score: 1 }),
    ]);
    const csv = await admin('/api/admin/leaderboard?format=csv');
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n')[1]).toBe('1,Phường Hòa Bình,3,3,0,1,1.333,1,0,0.333');

    // "Xóa dữ liệu": the code no longer leads to Lan.
    await lan.forgetMe();
    expect(await store.invites.owner(code)).toBeNull();
  });
});

describe('surveys', () => {
  it("aggregates the answers per question, redacts free text, and forgets a resident's answers", async () => {
    const answers = [
      ['r1', '4', 'Quét mã QR', 'Chữ nhỏ quá, số của tôi là 0912345678'],
      ['r2', '2', 'Đăng nhập', 'Bỏ qua'],
      ['r3', '5', 'Quét mã QR', 'Bỏ qua'],
    ];
    const residents = answers.map(([id]) => new Resident(id!));
    for (const [i, [, rating, choice, words]] of answers.entries()) {
      const resident = residents[i]!;
      await resident.onboardAndFinishLesson('Phường Hòa Bình');
      await resident.press('Góp ý 1 phút');
      await resident.send({ text: rating });
      await resident.press(choice!);
      if (words === 'Bỏ qua') await resident.press('Bỏ qua');
      else await resident.send({ text: words });
    }
    const result = JSON.parse((await admin('/api/admin/surveys/survey-vneid')).text);
    expect(result.questions).toEqual([
      expect.objectContaining({ question: 'works', kind: 'rating', answered: 3, average: 3.67, counts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 } }),
      expect.objectContaining({ question: 'hard', kind: 'choice', answered: 3, counts: { 'Đăng nhập': 1, 'Quét mã QR': 2, 'Không khó': 0 } }),
      expect.objectContaining({ question: 'words', kind: 'text', answered: 1 }),
    ]);
    expect(result.questions[2].comments[0]).toContain('Chữ nhỏ quá');
    expect(result.questions[2].comments[0]).not.toContain('0912345678');
    const csv = (await admin('/api/admin/surveys/survey-vneid?format=csv')).text;
    expect(csv).toContain('survey-vneid,works,rating,4,1,3,3.67');
    expect((await admin('/api/admin/surveys/nothing')).status).toBe(404);
    expect((await fetch(`${base}/api/admin/surveys/survey-vneid`)).status).toBe(401);

    // "Xóa dữ liệu": r1's answers leave the results, in the same atomic forget as the record.
    await residents[0]!.forgetMe();
    expect((await store.users.load('test:r1'))!.forgottenAt).toBeDefined();
    const after = JSON.parse((await admin('/api/admin/surveys/survey-vneid')).text);
    expect(after.questions.map((q: { answered: number }) => q.answered)).toEqual([2, 2, 0]);
  });
});

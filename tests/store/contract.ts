// One contract for every Store implementation (Redis and embedded).
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { newUserState, type UserState } from '../../src/engine/state.js';
import { newDoc, tombstone, withTurnReplies } from '../../src/runtime/records.js';
import type { Store, UserDoc, VolunteerQuestion } from '../../src/store/types.js';

export interface StoreFactory {
  /** A fresh, empty store. */
  create(): Promise<Store>;
  /** A second handle on the same data (another process or a restart). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
  /** Every key/row that mentions `text`, other than the record of `userKey` itself (for the forgetting test). */
  residue(text: string, userKey: string): Promise<string[]>;
}

function docWith(counter: number): UserDoc {
  const state: UserState = newUserState(1);
  state.profile.counter = counter;
  return newDoc(state);
}

function question(id: string, userKey: string, at = Date.now()): VolunteerQuestion {
  return { id, at: new Date(at).toISOString(), channel: 'web', userKey, question: `câu hỏi ${id}` };
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('returns null for an unknown user', async () => {
      expect(await store.users.load('web:nobody')).toBeNull();
    });

    it('creates, then commits only against the version it read, returning the current record on conflict', async () => {
      expect((await store.users.commit('web:a', 0, docWith(1))).ok).toBe(true);
      const clash = await store.users.commit('web:a', 0, docWith(99));
      expect(clash).toMatchObject({ ok: false, current: { version: 1, state: { profile: { counter: 1 } } } });
      expect(await store.users.commit('web:a', 1, docWith(2))).toMatchObject({ ok: true, record: { version: 2 } });
      expect((await store.users.commit('web:a', 1, docWith(3))).ok).toBe(false);
      expect(await store.users.load('web:a')).toMatchObject({ version: 2, sent: 0, state: { profile: { counter: 2 } } });
    });

    it('loses no update when many turns race on one user', async () => {
      await store.users.commit('web:race', 0, docWith(0));
      const increment = async () => {
        let record = (await store.users.load('web:race'))!;
        for (;;) {
          const { version, sent: _sent, ...doc } = record;
          const next = structuredClone(doc);
          next.state.profile.counter = Number(next.state.profile.counter) + 1;
          const result = await store.users.commit('web:race', version, next);
          if (result.ok) return;
          record = result.current!;
        }
      };
      await Promise.all(Array.from({ length: 25 }, increment));
      expect((await store.users.load('web:race'))!.state.profile.counter).toBe(25);
    });

    it('commits a volunteer question with the turn, caps nothing small, lists newest first and removes one', async () => {
      const doc = docWith(1);
      doc.data.volunteer = ['q1'];
      await store.users.commit('web:v', 0, doc, { volunteer: question('q1', 'web:v', 1000) });
      await store.users.commit('web:w', 0, docWith(1), { volunteer: question('q2', 'web:w', 2000) });
      expect((await store.volunteers.list(10)).map((q) => q.id)).toEqual(['q2', 'q1']);
      expect(await store.volunteers.remove('q2')).toBe(true);
      expect(await store.volunteers.remove('q2')).toBe(false);
      expect((await store.volunteers.list(10)).map((q) => q.id)).toEqual(['q1']);
    });

    it('marks a volunteer question answered once, keeping who and when', async () => {
      await store.users.commit('web:ans', 0, docWith(1), { volunteer: question('qz', 'web:ans', 1000) });
      const answer = { by: 'tnv-lan', at: '2026-12-01T10:00:00.000Z', text: 'Bác ra phường nhé', delivery: 'sent' as const };
      const [first, second] = await Promise.all([store.volunteers.answer('qz', answer), store.volunteers.answer('qz', { ...answer, by: 'other' })]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      expect((await store.volunteers.list(10))[0]).toMatchObject({ id: 'qz', question: 'câu hỏi qz', answered: { text: 'Bác ra phường nhé', delivery: 'sent' } });
      expect(await store.volunteers.answer('nope', answer)).toBeNull();
      expect(await store.volunteers.get('qz')).toMatchObject({ userKey: 'web:ans', answered: { by: expect.any(String) } });
      expect(await store.volunteers.get('nope')).toBeNull();
    });

    it('keeps operator accounts, a bounded audit log newest first, drafts, hit windows and counters', async () => {
      const account = { username: 'lan', role: 'staff' as const, wards: ['Phường Hòa Bình'], passwordHash: 'scrypt$x', createdAt: '2026-12-01T00:00:00.000Z' };
      expect(await store.operators.account('lan')).toBeNull();
      await store.operators.saveAccount(account);
      await store.operators.saveAccount({ ...account, username: 'an', role: 'admin', wards: [] });
      expect(await store.operators.account('lan')).toEqual(account);
      expect((await store.operators.accounts()).map((a) => a.username).sort()).toEqual(['an', 'lan']);
      for (let i = 0; i < 3; i++) await store.operators.audit({ at: `t${i}`, username: 'lan', action: `a${i}` });
      expect((await store.operators.auditLog(2)).map((e) => e.action)).toEqual(['a2', 'a1']);
      await store.operators.saveDraft('d1', '{"q":1}');
      await store.operators.saveDraft('d2', '{"q":2}');
      await store.operators.saveDraft('d1', '{"q":3}');
      expect(await store.operators.drafts()).toEqual([
        { id: 'd2', json: '{"q":2}' },
        { id: 'd1', json: '{"q":3}' },
      ]);
      expect(await store.operators.hit('login:x', 150)).toBe(1);
      expect(await store.operators.hit('login:x', 150)).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await store.operators.hit('login:x', 150)).toBe(1);
      await Promise.all(Array.from({ length: 10 }, () => store.operators.addCounts({ 'ward:A': 1, 'group:elderly': 2 })));
      await store.operators.addCounts({ 'ward:A': -3, zero: 0 });
      expect(await store.operators.counts()).toEqual({ 'ward:A': 7, 'group:elderly': 20 });
    });

    it('marks sent without a version change, and hands overdue deliveries to one claimer', async () => {
      const doc = docWith(1);
      doc.outbox = withTurnReplies(doc.outbox, 0, 'm1', [{ text: 'một' }, { text: 'hai' }]);
      await store.users.commit('telegram:d', 0, doc, { deliverBy: 1000 });
      expect(await store.users.claimOverdueDeliveries(500, 10_000, 10)).toEqual([]);
      expect(await store.users.claimOverdueDeliveries(2000, 10_000, 10)).toEqual(['telegram:d']);
      expect(await store.users.claimOverdueDeliveries(3000, 10_000, 10)).toEqual([]);
      await store.users.markSent([{ userKey: 'telegram:d', seq: 1 }]);
      expect(await store.users.load('telegram:d')).toMatchObject({ version: 1, sent: 1 });
      await store.users.markSent([
        { userKey: 'telegram:d', seq: 2 },
        { userKey: 'telegram:gone', seq: 5 },
      ]);
      expect((await store.users.load('telegram:d'))!.sent).toBe(2);
      // Fully sent: nothing is overdue any more, whatever the time.
      expect(await store.users.claimOverdueDeliveries(Number.MAX_SAFE_INTEGER, 1, 10)).toEqual([]);
      // A mark never goes backwards.
      await store.users.markSent([{ userKey: 'telegram:d', seq: 1 }]);
      expect((await store.users.load('telegram:d'))!.sent).toBe(2);
    });

    it('forgets a user completely and atomically, leaving only the tombstone, and nobody else', async () => {
      const doc = docWith(1);
      doc.data = { volunteer: ['qa1'], qa: { pending: { q: 'x', at: 1 } }, address: 'somewhere' };
      doc.outbox = withTurnReplies(doc.outbox, 0, 'm1', [{ text: 'một' }]);
      await store.users.commit('telegram:gone77', 0, doc, { deliverBy: 1, volunteer: question('qa1', 'telegram:gone77') });
      await store.users.commit('telegram:stays', 0, docWith(1), { volunteer: question('qb1', 'telegram:stays') });
      await store.users.markSent([{ userKey: 'telegram:gone77', seq: 1 }]);
      const record = (await store.users.load('telegram:gone77'))!;
      expect((await store.users.forget('telegram:gone77', 0, tombstone(record, record.state, 'm2', [], 5))).ok).toBe(false);
      const left = tombstone(record, record.state, 'm2', [{ text: 'Đã xóa' }], 5);
      expect((await store.users.forget('telegram:gone77', record.version, left)).ok).toBe(true);
      const after = (await store.users.load('telegram:gone77'))!;
      expect(after.forgottenAt).toBe(5);
      expect(after.data).toEqual({});
      expect(after.state.profile).toEqual({});
      expect((await store.volunteers.list(10)).map((q) => q.id)).toEqual(['qb1']);
      const seen: string[] = [];
      for await (const { userKey } of store.users.scan()) seen.push(userKey);
      expect(seen).toEqual(['telegram:stays']);
      // Nothing but the tombstone names the user.
      expect(await factory.residue('gone77', 'telegram:gone77')).toEqual([]);
      expect(await store.users.load('telegram:stays')).not.toBeNull();
    });

    it('claims a shared key once until it expires; gets, sets with expiry and counts', async () => {
      expect(await store.shared.claim('lease:1', 200)).toBe(true);
      expect(await store.shared.claim('lease:1', 200)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 260));
      expect(await store.shared.claim('lease:1', 200)).toBe(true);
      await store.shared.set('k', 'v');
      expect(await store.shared.get('k')).toBe('v');
      await store.shared.set('short', 'v', 100);
      await new Promise((resolve) => setTimeout(resolve, 160));
      expect(await store.shared.get('short')).toBeNull();
      expect(await store.shared.incr('n')).toBe(1);
      expect(await store.shared.incr('n', 4)).toBe(5);
      await store.shared.delete('k');
      expect(await store.shared.get('k')).toBeNull();
    });

    it('keeps broadcasts with atomic counters', async () => {
      await store.broadcasts.save('bc-1', '{"id":"bc-1"}');
      await store.broadcasts.setStatus('bc-1', 'sending');
      await Promise.all(Array.from({ length: 20 }, () => store.broadcasts.count('bc-1', 'sent', 1)));
      await store.broadcasts.count('bc-1', 'queued', 25);
      expect(await store.broadcasts.get('bc-1')).toBe('{"id":"bc-1"}');
      expect(await store.broadcasts.status('bc-1')).toBe('sending');
      expect(await store.broadcasts.counts('bc-1')).toEqual({ queued: 25, sent: 20, failed: 0, skipped: 0 });
      expect(await store.broadcasts.get('bc-none')).toBeNull();
    });

    it('counts a broadcast message as sent in the commit that marks it, never in a commit that loses its version check', async () => {
      await store.broadcasts.save('bc-2', '{"id":"bc-2"}');
      await store.broadcasts.count('bc-2', 'queued', 3);
      const marked = docWith(1);
      marked.data.broadcasts = { 'bc-2': 1000 };
      expect((await store.users.commit('web:r1', 0, marked, { broadcastSent: 'bc-2' })).ok).toBe(true);
      // A worker that lost the race (or retries a commit that already happened) adds nothing.
      expect((await store.users.commit('web:r1', 0, marked, { broadcastSent: 'bc-2' })).ok).toBe(false);
      // Together with a survey answer: both land, the answer in its own hash.
      const answer = { survey: 'vneid', question: 'works', kind: 'rating' as const, value: 4, at: 1 };
      expect((await store.users.commit('web:r2', 0, marked, { broadcastSent: 'bc-2', surveyAnswers: [answer] })).ok).toBe(true);
      expect(await store.broadcasts.counts('bc-2')).toEqual({ queued: 3, sent: 2, failed: 0, skipped: 0 });
      expect((await store.surveys.answers('vneid')).map((a) => a.value)).toEqual([4]);
      expect(await store.broadcasts.get('bc-2')).toBe('{"id":"bc-2"}');
    });

    it("keeps one survey answer per resident and question from the turn's commit, lists them without names, and forgetting removes a resident's", async () => {
      const answer = (question: string, value: string | number, survey = 'vneid') => ({ survey, question, kind: typeof value === 'number' ? ('rating' as const) : ('choice' as const), value, at: 1 });
      const answering = async (userKey: string, answers: ReturnType<typeof answer>[]) => {
        const current = await store.users.load(userKey);
        const doc = docWith(1);
        doc.data.surveys = { ...current?.data.surveys };
        for (const a of answers) doc.data.surveys[a.survey] = [...new Set([...(doc.data.surveys[a.survey] ?? []), a.question])];
        return store.users.commit(userKey, current?.version ?? 0, doc, { surveyAnswers: answers });
      };
      expect((await answering('web:a', [answer('works', 2)])).ok).toBe(true);
      expect((await answering('web:a', [answer('works', 4), answer('hard', 'Đăng nhập')])).ok).toBe(true);
      expect((await answering('web:b', [answer('works', 5)])).ok).toBe(true);
      expect((await answering('web:a', [answer('other', 1, 'other')])).ok).toBe(true);
      // A commit that loses its version check writes no answer either.
      expect((await store.users.commit('web:b', 0, docWith(1), { surveyAnswers: [answer('hard', 'Mạng yếu')] })).ok).toBe(false);
      const values = async (survey = 'vneid') => (await store.surveys.answers(survey)).map((a) => `${a.question}=${a.value}`).sort();
      expect(await values()).toEqual(['hard=Đăng nhập', 'works=4', 'works=5']);
      expect(JSON.stringify(await store.surveys.answers('vneid'))).not.toContain('web:');
      const record = (await store.users.load('web:a'))!;
      expect((await store.users.forget('web:a', record.version, tombstone(record, record.state, 'm9', [], 5))).ok).toBe(true);
      expect(await values()).toEqual(['works=5']);
      expect(await values('other')).toEqual([]);
      expect(await factory.residue('web:a', 'web:a')).toEqual([]);
    });

    it('gives an invitation code to the first resident it is shown to, in the commit, and forgetting that resident frees it', async () => {
      const showing = async (userKey: string, code: string) => {
        const doc = docWith(1);
        doc.state.profile.inviteCode = code;
        return store.users.commit(userKey, 0, doc, { inviteCode: code });
      };
      expect((await showing('telegram:1', 'K7Q2XPA')).ok).toBe(true);
      expect((await showing('zalo:2', 'K7Q2XPA')).ok).toBe(true);
      expect(await store.invites.owner('K7Q2XPA')).toBe('telegram:1');
      expect(await store.invites.owner('AAAAAAA')).toBeNull();
      // Forgetting the resident the code does not lead to leaves it with its owner.
      const other = (await store.users.load('zalo:2'))!;
      expect((await store.users.forget('zalo:2', other.version, tombstone(other, other.state, 'm8', [], 5))).ok).toBe(true);
      expect(await store.invites.owner('K7Q2XPA')).toBe('telegram:1');
      const owner = (await store.users.load('telegram:1'))!;
      expect((await store.users.forget('telegram:1', owner.version, tombstone(owner, owner.state, 'm9', [], 5))).ok).toBe(true);
      expect(await store.invites.owner('K7Q2XPA')).toBeNull();
      expect(await factory.residue('telegram:1', 'telegram:1')).toEqual([]);
    });

    it('keeps one certificate per resident, lists them newest first, revokes, and forgetting the holder revokes it keeping no name', async () => {
      const lan = { code: 'HVS-AAAA-1111', issuedAt: '2026-12-01T10:00:00.000Z', name: 'Nguyễn Thị Lanxyz', ward: 'Phường Hòa Bình', areas: ['An toàn', 'Thiết bị'] };
      expect(await store.certificates.issue('web:cert77', lan)).toMatchObject({ ...lan, status: 'valid', userKey: 'web:cert77' });
      // A second issue (a retried turn) returns the certificate held, and saves nothing new.
      expect((await store.certificates.issue('web:cert77', { ...lan, code: 'HVS-BBBB-2222', issuedAt: '2026-12-01T11:00:00.000Z' })).code).toBe(lan.code);
      expect(await store.certificates.get('HVS-BBBB-2222')).toBeNull();
      await store.certificates.issue('web:other', { code: 'HVS-CCCC-3333', issuedAt: '2026-12-01T12:00:00.000Z', areas: ['An toàn'] });
      expect((await store.certificates.list(10)).map((c) => c.code)).toEqual(['HVS-CCCC-3333', lan.code]);
      expect(await store.certificates.revoke('HVS-CCCC-3333', '2026-12-02T00:00:00.000Z')).toMatchObject({ status: 'revoked', revokedBy: 'operator' });
      expect((await store.certificates.get('HVS-CCCC-3333'))!.status).toBe('revoked');
      expect(await store.certificates.revoke('HVS-NONE-0000', 'x')).toBeNull();
      expect((await store.certificates.heldBy('web:cert77'))!.code).toBe(lan.code);
      await store.users.commit('web:cert77', 0, docWith(1));
      const record = (await store.users.load('web:cert77'))!;
      expect((await store.users.forget('web:cert77', record.version, tombstone(record, record.state, 'm9', [], 5))).ok).toBe(true);
      const left = (await store.certificates.get(lan.code))!;
      expect(left).toMatchObject({ code: lan.code, status: 'revoked', revokedBy: 'forgotten', areas: [] });
      expect(left.name).toBeUndefined();
      expect(left.userKey).toBeUndefined();
      expect(await store.certificates.heldBy('web:cert77')).toBeNull();
      expect(await factory.residue('Lanxyz', 'web:cert77')).toEqual([]);
      expect(await factory.residue('cert77', 'web:cert77')).toEqual([]);
    });

    it('refuses user keys that are not well-formed Unicode', async () => {
      await expect(store.users.load('web:\uD800x')).rejects.toThrow(/well-formed/);
      await expect(store.users.commit('web:\uDC00', 0, docWith(1))).rejects.toThrow(/well-formed/);
    });

    it('keeps committed users for another handle (restart or second process)', async () => {
      await store.users.commit('web:durable', 0, docWith(7));
      const other = await factory.reopen();
      try {
        expect(await other.users.load('web:durable')).toMatchObject({ version: 1, state: { profile: { counter: 7 } } });
        expect((await other.users.commit('web:durable', 1, docWith(8))).ok).toBe(true);
        expect((await store.users.load('web:durable'))!.state.profile.counter).toBe(8);
      } finally {
        await other.close();
      }
    });

    it('answers ping and measures a user', async () => {
      expect(await store.ping()).toBe(true);
      await store.users.commit('web:size', 0, docWith(1));
      expect(await store.users.bytesFor('web:size')).toBeGreaterThan(50);
    });
  });
}

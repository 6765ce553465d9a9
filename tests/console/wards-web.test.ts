// Residents choose their ward from content/wards.yaml through the web chat
// API of a started tutor, and the statistics count one ward per directory
// entry; residents who typed their ward before the directory existed are
// mapped by `npm run operator -- rebuild-stats`.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserState } from '../../src/engine/state.js';
import { newDoc } from '../../src/runtime/records.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import type { Store } from '../../src/store/types.js';
import { ROOT } from '../helpers/engine.js';
import { labels, payloadOf, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

const ADMIN_TOKEN = 'admin-token-for-ward-tests';
const WARD_BUTTONS = ['Phường Hòa Bình', 'Phường Bến Nghé', 'Phường Sài Gòn', 'Phường Tân Định', 'Xã An Khánh', 'Phường Thanh Xuân', 'Bỏ qua'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the ward question through POST /api/chat', () => {
  let tutor: TestTutor;
  beforeAll(async () => {
    tutor = await startTestTutor({ ADMIN_TOKEN });
  }, 60_000);
  afterAll(async () => {
    await tutor?.close();
    if (tutor) await removeDir(tutor.dataDir);
  });

  const say = async (userId: string, text: string) => (await tutor.chat({ userId, text })).body;
  const ward = async (userId: string) => (await tutor.store.users.load(`web:${userId}`))?.state.profile.ward;
  /** Consent, the elderly group, and the ward question's reply. */
  async function toWardQuestion(userId: string) {
    await say(userId, 'xin chào');
    await say(userId, 'đồng ý');
    return say(userId, 'người cao tuổi');
  }

  it('offers the directory as buttons and saves its name for an exact name, no diacritics, a typo, a number or a press', async () => {
    const question = await toWardQuestion('ward-exact');
    expect(texts(question).join('\n')).toContain('Bác ở phường/xã nào?');
    expect(labels(question)).toEqual(WARD_BUTTONS);
    expect(texts(await say('ward-exact', 'Phường Bến Nghé'))).toContain('Cảm ơn bác, mình đã ghi: Phường Bến Nghé.');
    for (const [userId, typed] of [
      ['ward-plain', 'phuong ben nghe'],
      ['ward-typo', 'ben nge'],
      ['ward-number', '2'],
    ] as const) {
      await toWardQuestion(userId);
      expect(texts(await say(userId, typed))).toContain('Cảm ơn bác, mình đã ghi: Phường Bến Nghé.');
      expect(await ward(userId)).toBe('Phường Bến Nghé');
    }
    const pressed = await tutor.chat({ userId: 'ward-press', payload: payloadOf(await toWardQuestion('ward-press'), 'Phường Hòa Bình') });
    expect(texts(pressed.body)).toContain('Cảm ơn bác, mình đã ghi: Phường Hòa Bình.');
  });

  it('shows a short list when a name is unclear, then saves the one picked by number', async () => {
    await toWardQuestion('ward-unclear');
    const unclear = await say('ward-unclear', 'thanh');
    expect(texts(unclear)).toEqual(['Có vài phường/xã gần giống. Bác chọn đúng nơi của mình nhé:']);
    expect(labels(unclear)).toEqual(['Phường Thanh Xuân', 'Bỏ qua']);
    expect(await ward('ward-unclear')).toBeUndefined();
    expect(texts(await say('ward-unclear', '1'))).toContain('Cảm ơn bác, mình đã ghi: Phường Thanh Xuân.');
  });

  it('asks again politely when nothing matches; "Bỏ qua" and an intent are never saved', async () => {
    await toWardQuestion('ward-none');
    const again = await say('ward-none', 'Phường Không Có Thật');
    expect(texts(again)[0]).toBe('Mình chưa tìm thấy phường/xã này. Bác gõ lại tên giúp mình nhé (hoặc bấm "Bỏ qua").');
    expect(labels(again)).toEqual(WARD_BUTTONS);
    const skipped = await say('ward-none', 'bo qua');
    expect(texts(skipped).join(' ')).not.toContain('mình đã ghi');
    expect(await ward('ward-none')).toBeUndefined();
    await toWardQuestion('ward-intent');
    const off = await say('ward-intent', 'không muốn nhận cảnh báo nữa');
    expect(texts(off).join(' ')).not.toContain('mình đã ghi');
    expect(await ward('ward-intent')).toBeUndefined();
  });

  it('counts one ward per directory entry on the dashboard counters and in GET /api/admin/stats', async () => {
    let counts: Record<string, number> = {};
    for (let i = 0; i < 40 && counts['ward:ben-nghe'] !== 4; i++) {
      await sleep(100);
      counts = await tutor.store.operators.counts();
    }
    expect(counts['ward:ben-nghe']).toBe(4);
    expect(counts['ward:hoa-binh']).toBe(1);
    expect(counts['ward:thanh-xuan']).toBe(1);
    expect(Object.keys(counts).filter((name) => name.startsWith('ward:?'))).toEqual([]);
    const stats = await (await fetch(`${tutor.url}/api/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    expect(stats.byWard['Phường Bến Nghé'].users).toBe(4);
    expect(Object.keys(stats.byWard).sort()).toEqual(['Phường Bến Nghé', 'Phường Hòa Bình', 'Phường Thanh Xuân', 'chưa rõ']);
  });
});

describe('npm run operator -- rebuild-stats with wards typed before the directory', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hvs-ward-map-'));
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = new LmdbStore(path.join(dir, 'store'));
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  it('saves the directory name where the text matches one ward, clears "Bỏ qua", keeps the rest, and counts them merged', async () => {
    const typed: Record<string, string> = { a: 'phuong ben nghe', b: 'ben nge', c: 'Phường Bến Nghé', d: 'P. Hoà Bình', e: 'Bỏ qua', f: 'Phường Không Có' };
    await withStore(async (store) => {
      for (const [id, ward] of Object.entries(typed)) {
        const state = newUserState(Date.now());
        state.profile = { consent: true, onboarded: true, ward };
        await store.users.commit(`web:old-${id}`, 0, newDoc(state));
      }
    });
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/operator.ts'), 'rebuild-stats'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, REDIS_URL: '' },
    });
    expect(run.stdout).toContain('Typed wards mapped: 3; skip words cleared: 1.');
    expect(run.stdout).toContain('Counted 6 residents.');
    await withStore(async (store) => {
      const saved = Object.fromEntries(await Promise.all(Object.keys(typed).map(async (id) => [id, (await store.users.load(`web:old-${id}`))!.state.profile.ward])));
      expect(saved).toEqual({ a: 'Phường Bến Nghé', b: 'Phường Bến Nghé', c: 'Phường Bến Nghé', d: 'Phường Hòa Bình', e: undefined, f: 'Phường Không Có' });
      const counts = await store.operators.counts();
      expect(counts).toMatchObject({ 'ward:ben-nghe': 3, 'ward:hoa-binh': 1, 'ward:': 1, 'ward:?khong co': 1, residents: 6 });
    });
  }, 60_000);
});

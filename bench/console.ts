// `npm run bench:console`: the operator dashboard with BENCH_CONSOLE_USERS
// residents (default 100,000) on the embedded store. Seeds them (wards typed
// many ways, groups, channels, lessons started and finished), counts them once
// with the backfill (`npm run operator -- rebuild-stats`), then times GET /admin
// and the CSV exports through HTTP as an admin and as ward staff. The page reads
// counters only, so its time does not grow with the residents.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '../src/console/auth/password.js';
import { StatsKeeper } from '../src/console/stats/aggregate.js';
import { loadWardDirectory } from '../src/console/wards/directory.js';
import { newUserState } from '../src/engine/state.js';
import { newDoc } from '../src/runtime/records.js';
import { startTutor } from '../src/tutor.js';

const USERS = Number(process.env.BENCH_CONSOLE_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_CONSOLE_ROUNDS ?? 30);
const root = path.resolve(import.meta.dirname, '..');
const dir = await mkdtemp(path.join(tmpdir(), 'hvs-bench-console-'));
const tutor = await startTutor({ env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, CONTENT_ROOT: root, LOG_LEVEL: 'warn', BROADCAST_WORKERS: 'false', SCAM_ALERT_ENABLED: 'false' } });

try {
  const { store, content } = tutor;
  const { directory } = await loadWardDirectory(content.paths.contentDir);
  const typed = directory.wards.flatMap((w) => [w.name, ...w.aliases]).concat(['Phường Tân Hưng', 'xa binh my']);
  const groups = ['elderly', 'worker', 'farmer', 'student', 'disability', 'other'];
  const channels = ['web', 'telegram', 'zalo-personal'];
  const lessons = content.registry
    .all()
    .filter((f) => f.kind === 'lesson')
    .map((f) => f.id);
  let seeded = performance.now();
  for (let start = 0; start < USERS; start += 2000) {
    await Promise.all(
      Array.from({ length: Math.min(2000, USERS - start) }, (_, k) => {
        const i = start + k;
        const state = newUserState(Date.now());
        state.profile = { consent: true, onboarded: true, group: groups[i % groups.length]!, ward: typed[i % typed.length]! };
        for (let l = 0; l < i % 4; l++) {
          state.progress[lessons[(i + l) % lessons.length]!] = { status: l % 2 ? 'started' : 'completed', attempts: 1, answers: {}, bestScore: 2, quizTotal: 3, updatedAt: Date.now() };
        }
        return store.users.commit(`${channels[i % channels.length]}:b${i}`, 0, newDoc(state));
      }),
    );
  }
  seeded = performance.now() - seeded;
  let counted = performance.now();
  const residents = await new StatsKeeper(
    store,
    () => content.registry,
    () => directory,
    'Asia/Ho_Chi_Minh',
  ).backfill();
  counted = performance.now() - counted;

  await store.operators.saveAccount({ username: 'bench-admin', role: 'admin', wards: [], passwordHash: await hashPassword('bench-admin-password'), createdAt: '' });
  await store.operators.saveAccount({ username: 'bench-staff', role: 'staff', wards: [directory.wards[0]!.name], passwordHash: await hashPassword('bench-staff-password'), createdAt: '' });
  const login = async (username: string) => {
    const response = await fetch(`${tutor.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${username}&password=${username}-password`,
    });
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };
  const time = async (url: string, cookie: string) => {
    const times: number[] = [];
    let bytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      const response = await fetch(`${tutor.url}${url}`, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      times.push(performance.now() - started);
      bytes = body.length;
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)]!, max: times.at(-1)!, bytes };
  };
  const admin = await login('bench-admin');
  const staff = await login('bench-staff');
  console.log(`residents: ${USERS.toLocaleString('en')} (seeded in ${(seeded / 1000).toFixed(1)} s; counted once by the backfill in ${(counted / 1000).toFixed(1)} s, ${residents} records)`);
  console.log(`counters: ${Object.keys(await store.operators.counts()).length}`);
  for (const [label, url, cookie] of [
    ['GET /admin (admin)', '/admin', admin],
    ['GET /admin (ward staff)', '/admin', staff],
    ['wards.csv', '/admin/export/wards.csv', admin],
    ['lessons.csv', '/admin/export/lessons.csv', admin],
  ] as const) {
    const { p50, max, bytes } = await time(url, cookie);
    console.log(`${label.padEnd(26)} p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms, ${bytes.toLocaleString('en')} chars (${ROUNDS} requests)`);
  }
  const dashboard = await (await fetch(`${tutor.url}/admin`, { headers: { cookie: admin } })).text();
  const total = /<span class="big">([\d.]+)<\/span> người dân/.exec(dashboard)?.[1];
  console.log(`dashboard shows ${total} residents`);
} finally {
  await tutor.close();
  await rm(dir, { recursive: true, force: true });
}

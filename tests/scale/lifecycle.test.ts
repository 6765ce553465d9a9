// Start-up and shutdown: with Redis unreachable the tutor waits with a clear
// message and never says it is ready; /livez and /readyz are separate; on
// SIGTERM a turn in flight (here: waiting for the model) still gets its answer,
// new requests are refused, and the process exits 0 well within SHUTDOWN_TIMEOUT_MS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../ai/fake-openai.js';
import { exitOf, RUN_MARK, runTs } from '../helpers/process.js';
import { startTutorProcess, type TutorProcess } from '../helpers/tutor-process.js';
import { sleep } from './helpers.js';

const tutors: TutorProcess[] = [];
let fake: FakeOpenAI | undefined;
const dirs: string[] = [];
afterAll(async () => {
  for (const tutor of tutors) await tutor.kill().catch(() => undefined);
  await fake?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const chat = (url: string, body: Record<string, string>) => fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('start-up and shutdown', () => {
  it('an unreachable Redis: clear waiting lines, no "ready", a plain error and exit 1 after STORE_WAIT_MS', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      [RUN_MARK]: process.env[RUN_MARK] ?? '',
      REDIS_URL: 'redis://127.0.0.1:1',
      STORE_WAIT_MS: '2500',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    const started = Date.now();
    const { code, stdout, stderr } = await runTs('src/main.ts', [], { env, timeoutMs: 30_000 });
    const output = stdout + stderr;
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(output).toMatch(/waiting for the store/);
    expect(output).toMatch(/did not answer within 2 s|did not answer within 3 s/);
    expect(output).not.toMatch(/is ready|đang chạy|is running/);
    expect(output).not.toMatch(/\n\s+at /); // no stack traces
  }, 40_000);

  it('/livez and /readyz; SIGTERM lets the turn in flight answer, refuses new ones, exits 0', async () => {
    fake = await startFakeOpenAI({ kind: 'slow', ms: 1500, content: 'Đủ 60 tuổi thì đổi thẻ căn cước.\nNGUON: guide-id-card' });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hvs-lifecycle-'));
    dirs.push(dataDir);
    const tutor = await startTutorProcess({ DATA_DIR: dataDir, OPENAI_API_KEY: 'test-key-123', OPENAI_BASE_URL: fake.url, AI_TIMEOUT_MS: '5000', SHUTDOWN_TIMEOUT_MS: '10000' });
    tutors.push(tutor);
    expect((await fetch(`${tutor.url}/livez`)).status).toBe(200);
    expect(await (await fetch(`${tutor.url}/readyz`)).json()).toMatchObject({ status: 'ready', content: { version: expect.stringMatching(/^[0-9a-f]{16}$/) } });

    const inFlight = chat(tutor.url, { userId: 'sigterm-1', messageId: 'q1', text: '60 tuoi co phai doi the can cuoc ko' });
    for (let i = 0; i < 100 && fake.requests.length === 0; i++) await sleep(20);
    expect(fake.requests.length).toBe(1); // the turn waits for the model now
    const stopAt = Date.now();
    process.kill(tutor.pid, 'SIGTERM');
    await sleep(150);
    const refused = await chat(tutor.url, { userId: 'sigterm-2', messageId: 'q2', text: 'menu' }).then(
      (response) => response.status,
      () => 0,
    );
    expect([0, 503]).toContain(refused); // connection refused, or 503 on a kept-alive connection
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.stringify(await answer.json())).toContain('Đủ 60 tuổi thì đổi thẻ căn cước');
    expect(await exitOf(tutor.child)).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(10_000);
  }, 60_000);
});

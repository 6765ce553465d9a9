// One user's turns apply one at a time, also across processes sharing one Redis:
// no update is lost and no message is answered twice.
import { seedUser } from '../helpers/store.js';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { newUserState } from '../../src/engine/state.js';
import { ContentHolder } from '../../src/runtime/content-holder.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { FIXTURE_FLOWS } from '../helpers/engine.js';
import { tsxArgs } from '../helpers/process.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../helpers/redis.js';

const STEPS = 60;
const runRedis = await shouldRunRedisTests();
const prefix = testPrefix();
let flowsDir = '';

afterAll(async () => {
  await cleanPrefix(prefix);
  if (flowsDir) await rm(flowsDir, { recursive: true, force: true });
});

/** A flow of STEPS steps, each waiting for "Tiếp": the step reached counts the turns applied. */
function chainFlow() {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < STEPS; i++) nodes[`s${i}`] = { type: 'send', text: `Bước ${i}`, buttons: [{ label: 'Tiếp', next: `s${i + 1}` }] };
  nodes[`s${STEPS}`] = { type: 'end', text: 'Hết' };
  return { id: 'chain', version: 1, title: 'Chuỗi', kind: 'lesson', triggers: ['bat dau chuoi'], start: 's0', nodes };
}

function runWorker(userId: string, ids: string[]): Promise<{ answered: string[]; duplicates: string[] }> {
  return promisify(execFile)(process.execPath, tsxArgs('tests/helpers/turn-worker.ts', prefix, flowsDir, userId, ...ids), {
    env: { ...process.env, REDIS_URL },
  }).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()!));
}

describe.runIf(runRedis)('two processes, one user, one Redis', () => {
  it('applies every distinct message exactly once and answers re-deliveries once', async () => {
    flowsDir = await mkdtemp(path.join(tmpdir(), 'hvs-chain-'));
    await cp(FIXTURE_FLOWS, flowsDir, { recursive: true });
    await writeFile(path.join(flowsDir, 'chain.yaml'), stringify(chainFlow()));
    const store = new RedisStore(REDIS_URL, { prefix });
    const userKey = 'web:double-tap';
    // Put the user at the first step of the chain.
    const content = (await ContentHolder.load({ root: flowsDir, flowsDir, contentDir: path.resolve('content') }, [])) as ContentHolder;
    const seed = newUserState(Date.now());
    seed.profile = { consent: true, onboarded: true };
    seed.stack = [{ flow: 'chain', node: 's0', revision: content.registry.get('chain')!.revision, history: [], retries: 0, vars: {}, quiz: {} }];
    seed.choices = [{ label: 'Tiếp', payload: 'n:chain:s0:0' }];
    await seedUser(store, userKey, seed);

    const shared = Array.from({ length: 15 }, (_, i) => `shared-${i}`);
    const onlyA = Array.from({ length: 15 }, (_, i) => `a-${i}`);
    const onlyB = Array.from({ length: 15 }, (_, i) => `b-${i}`);
    const [a, b] = await Promise.all([runWorker('double-tap', [...onlyA, ...shared]), runWorker('double-tap', [...shared, ...onlyB])]);

    const answered = [...a.answered, ...b.answered];
    expect(new Set(answered).size).toBe(answered.length);
    expect(answered.sort()).toEqual([...onlyA, ...onlyB, ...shared].sort());
    expect(a.duplicates.length + b.duplicates.length).toBe(shared.length);
    const final = (await store.users.load(userKey))!;
    expect(final.state.stack[0]!.node).toBe(`s${onlyA.length + onlyB.length + shared.length}`);
    await store.close();
  }, 60_000);
});

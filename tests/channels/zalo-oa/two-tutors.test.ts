// Two tutors (as two servers) sharing one Redis, each with the OA channel:
// starting together they spend the first refresh token once; when Zalo says the
// access token expired, both recover with one refresh and keep sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/channels/types.js';
import { cleanPrefix, REDIS_URL, shouldRunRedisTests, testPrefix } from '../../helpers/redis.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeOa } from './fake-oa.js';
import { oaEnv } from './helpers.js';

const runRedis = await shouldRunRedisTests();
const oa = new FakeOa();
const prefix = testPrefix();
let tutors: TestTutor[] = [];
let channels: Channel[] = [];

describe.runIf(runRedis)('two tutors on one store', () => {
  beforeAll(async () => {
    await oa.start();
    oa.refreshDelayMs = 300;
    const env = oaEnv(oa, oa.issuePair(), { REDIS_URL, REDIS_PREFIX: prefix });
    tutors = await Promise.all([startTestTutor(env), startTestTutor(env)]);
    oa.refreshDelayMs = 0;
    channels = tutors.map((tutor) => tutor.channels.find((c) => c.name === 'zalo-oa')!);
  });
  afterAll(async () => {
    for (const tutor of tutors) {
      await tutor.close();
      await removeDir(tutor.dataDir);
    }
    await oa.close();
    await cleanPrefix(prefix);
  });

  it('spend the first refresh token exactly once at start', () => {
    expect(oa.refreshes).toEqual([expect.objectContaining({ answered: 'ok' })]);
    for (const channel of channels) expect(channel.health!()).toMatchObject({ ok: true });
  });

  it('recover from an expired access token with one refresh between them', async () => {
    oa.expireAccessTokens();
    oa.refreshDelayMs = 200;
    const target = { lastInboundAt: Date.now() };
    const outcomes = await Promise.all(channels.map((channel, i) => channel.send(`two-${i}`, [{ text: `xin chào ${i}` }], target)));
    oa.refreshDelayMs = 0;
    expect(outcomes).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    expect(oa.refreshes.map((r) => r.answered)).toEqual(['ok', 'ok']);
    const tokens = new Set(oa.delivered().map((s) => s.token));
    expect(tokens.size).toBe(1);
  });
});

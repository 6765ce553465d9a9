// Turning the OA channel on: missing secrets are named at start-up; without a
// token pair the tutor still starts and /healthz says how to connect.
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { APP_ID, OA_SECRET } from './fake-oa.js';

let tutor: TestTutor | undefined;
afterEach(async () => {
  await tutor?.close();
  if (tutor) await removeDir(tutor.dataDir);
  tutor = undefined;
});

describe('Zalo OA settings', () => {
  it('names every missing secret and what it should be', async () => {
    await expect(startTestTutor({ ZALO_OA_APP_ID: APP_ID })).rejects.toThrow(/ZALO_OA_APP_SECRET: expected [\s\S]*App Secret Key[\s\S]*ZALO_OA_SECRET_KEY: expected [\s\S]*OA Secret Key/);
  });

  it('refuses a malformed app id and a bad window, without showing secrets', async () => {
    const attempt = startTestTutor({ ZALO_OA_APP_ID: 'oa-123', ZALO_OA_APP_SECRET: 'short', ZALO_OA_REPLY_WINDOW_HOURS: '200' });
    await expect(attempt).rejects.toThrow(/ZALO_OA_APP_ID: expected the App ID[\s\S]*got "oa-123"/);
    await expect(attempt).rejects.toThrow(/ZALO_OA_REPLY_WINDOW_HOURS/);
    await expect(attempt).rejects.not.toThrow(/short/);
  });

  it('without a token pair, starts and reports in /healthz how to connect the OA', async () => {
    tutor = await startTestTutor({ ZALO_OA_APP_ID: APP_ID, ZALO_OA_APP_SECRET: 'app-secret-key-for-tests', ZALO_OA_SECRET_KEY: OA_SECRET });
    const health = await (await fetch(`${tutor.url}/healthz`)).json();
    expect(health.channels['zalo-oa']).toMatchObject({ ok: false, detail: expect.stringMatching(/ZALO_OA_REFRESH_TOKEN[\s\S]*developers\.zalo\.me/) });
    expect(tutor.logs.join('')).toContain('Zalo OA has no token pair');
  });
});

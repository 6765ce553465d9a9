// With a model, a text the front door was unsure of is labelled first: a pasted
// message goes to the scam checker; anything else (or no label) stays with the Q&A.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserState } from '../../src/engine/state.js';
import { asServiceResult, type ServiceRequestContext } from '../../src/runtime/service-types.js';
import { buildServices } from '../../src/runtime/services.js';
import { Metrics } from '../../src/server/metrics.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { loadTestContent } from '../ai/qa-harness.js';
import { startFakeOpenAI, type FakeOpenAI } from '../ai/fake-openai.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

let fake: FakeOpenAI;
let dir: string;
let store: LmdbStore;
beforeAll(async () => {
  fake = await startFakeOpenAI({ kind: 'reply', content: '{"kind":"pasted-message"}' });
  dir = await mkdtemp(path.join(tmpdir(), 'hvs-unsure-'));
  store = new LmdbStore(dir);
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
  await fake.close();
});

const text = 'TB: Tai khoan cua ban se bi khoa trong 24h, xac minh ngay tai vcb-xacminh.top';
const request = (unsure: boolean): ServiceRequestContext => ({
  name: 'qa',
  text,
  userKey: 'web:u',
  state: newUserState(0),
  data: {},
  inbound: { channel: 'web', userId: 'u', messageId: 'm', at: 0, text },
  now: 0,
  ...(unsure ? { unsure } : {}),
});

describe('texts the front door was unsure of', () => {
  it("a pasted message, as the model labels it, gets the scam checker's verdict; a sure question is not labelled", async () => {
    const content = await loadTestContent();
    const services = await buildServices({
      rawEnv: { OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: fake.url, AI_TIMEOUT_MS: '2000' },
      store,
      content,
      logger: pino({ level: 'silent' }),
      metrics: new Metrics(),
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    const before = fake.requests.length;
    const unsure = asServiceResult(await services.qa!(request(true)));
    const labelled = fake.requests.slice(before).filter((r) => JSON.stringify(r.body).includes('You sort one message'));
    expect(labelled).toHaveLength(1);
    expect(unsure.messages.map((m) => m.text).join('\n')).toMatch(/NGUY HIỂM|ĐÁNG NGỜ/);
    const count = fake.requests.length;
    await services.qa!(request(false));
    expect(fake.requests.slice(count).some((r) => JSON.stringify(r.body).includes('You sort one message'))).toBe(false);
  });
});

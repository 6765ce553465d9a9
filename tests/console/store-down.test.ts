// The operator console while the store is down: a quick 503 with a page in
// plain Vietnamese (not a 500), its stylesheet still served, and JSON for the
// console's own fetches; the same quick answer as /api/chat.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { createHttpServer } from '../../src/server/app.js';
import { Metrics } from '../../src/server/metrics.js';
import { STORE_DOWN_MESSAGE } from '../../src/server/store-watch.js';
import type { Store } from '../../src/store/types.js';
import { RedisProxy } from '../helpers/redis-proxy.js';
import { shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PAGE = { accept: 'text/html,application/xhtml+xml' };

async function expectStoreDownPage(response: Response, startedAt: number): Promise<void> {
  expect(response.status).toBe(503);
  expect(Date.now() - startedAt).toBeLessThan(1500);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.headers.get('content-type')).toContain('text/html');
  const page = await response.text();
  expect(page).toContain('<html lang="vi">');
  expect(page).toContain('Hệ thống đang tạm gián đoạn');
  expect(page).toContain('tự tải lại sau 30 giây');
  expect(page).not.toMatch(/ECONN|Error|at \w+ \(/);
}

describe('console routes on a server whose store does not answer', () => {
  let app: FastifyInstance;
  let url = '';
  beforeAll(async () => {
    app = createHttpServer({ logger: createLogger('silent'), metrics: new Metrics(), store: { kind: 'embedded', ping: async () => false } as unknown as Store });
    app.get('/admin', async () => 'dashboard');
    app.get('/admin/assets/console.css', async (_request, reply) => reply.type('text/css').send('main{}'));
    app.get('/admin/broadcasts/b1/status', async () => ({ queued: 1 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a console page with a quick 503 page in plain Vietnamese', async () => {
    const started = Date.now();
    await expectStoreDownPage(await fetch(`${url}/admin`, { headers: PAGE }), started);
    const query = Date.now();
    await expectStoreDownPage(await fetch(`${url}/admin?ward=ben-nghe`, { headers: PAGE }), query);
  });

  it("still serves the stylesheet the page uses, and answers the console's own fetches in JSON", async () => {
    expect((await fetch(`${url}/admin/assets/console.css`)).status).toBe(200);
    const status = await fetch(`${url}/admin/broadcasts/b1/status`, { headers: { accept: 'application/json' } });
    expect(status.status).toBe(503);
    expect((await status.json()).error).toBe(STORE_DOWN_MESSAGE);
  });
});

describe('a console route that fails because the store just went away', () => {
  it('answers the page with 503, not 500', async () => {
    let up = true;
    const app = createHttpServer({ logger: createLogger('silent'), metrics: new Metrics(), store: { kind: 'embedded', ping: async () => up } as unknown as Store });
    app.get('/admin/questions', async () => {
      up = false;
      throw Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' });
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const started = Date.now();
      await expectStoreDownPage(await fetch(`http://127.0.0.1:${port}/admin/questions`, { headers: PAGE }), started);
    } finally {
      await app.close();
    }
  });
});

describe.runIf(await shouldRunRedisTests())('the real console with Redis gone', () => {
  let broken: TestTutor;
  beforeAll(async () => {
    // Start-up waits for the store, so it is lost while running: the tutor reaches Redis through a proxy, then the proxy goes.
    const proxy = await RedisProxy.start();
    broken = await startTestTutor({ REDIS_URL: proxy.url(), REDIS_PREFIX: testPrefix() });
    expect((await fetch(`${broken.url}/admin/login`, { headers: PAGE })).status).toBe(200);
    await proxy.close();
    while ((await fetch(`${broken.url}/readyz`)).status !== 503) await sleep(50);
  }, 60_000);
  afterAll(async () => {
    await broken?.close();
    if (broken) await removeDir(broken.dataDir);
  });

  it('answers /admin, the login page and a login with the 503 page, and still serves the stylesheet', async () => {
    for (const path of ['/admin', '/admin/login', '/admin/questions']) {
      const started = Date.now();
      await expectStoreDownPage(await fetch(`${broken.url}${path}`, { headers: PAGE, redirect: 'manual' }), started);
    }
    const started = Date.now();
    const login = await fetch(`${broken.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...PAGE, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=quantri&password=mat-khau-rat-dai',
    });
    await expectStoreDownPage(login, started);
    expect((await fetch(`${broken.url}/admin/assets/console.css`)).status).toBe(200);
  });
});

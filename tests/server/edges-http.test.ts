// Edges of the HTTP server itself: request timeouts against a body that
// trickles in, a quick 503 in plain words while the store is down, and the
// security headers on every answer.
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { createHttpServer, type HttpTimeouts } from '../../src/server/app.js';
import { Metrics } from '../../src/server/metrics.js';
import { HSTS, NON_PAGE_CSP, PAGE_CSP } from '../../src/server/security-headers.js';
import { STORE_DOWN_MESSAGE, StoreWatch } from '../../src/server/store-watch.js';
import type { Store } from '../../src/store/types.js';
import { RedisProxy } from '../helpers/redis-proxy.js';
import { shouldRunRedisTests, testPrefix } from '../helpers/redis.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store that only answers ping: the server itself needs nothing else. */
function pingOnlyStore(ping: () => Promise<boolean>): Store {
  return { kind: 'embedded', ping } as unknown as Store;
}

async function startServer(options: { ping?: () => Promise<boolean>; timeouts?: Partial<HttpTimeouts>; routes?: (app: FastifyInstance) => void }) {
  const app = createHttpServer({
    logger: createLogger('silent'),
    metrics: new Metrics(),
    store: pingOnlyStore(options.ping ?? (async () => true)),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  options.routes?.(app);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: address, port: Number(new URL(address).port) };
}

/** Sends the headers of a POST, then the body one byte every `gapMs`; resolves with what the server answered and when it closed. */
function trickle(port: number, bodyLength: number, gapMs: number): Promise<{ response: string; closedAfterMs: number; bytesSent: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let response = '';
    let bytesSent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ response, closedAfterMs: Date.now() - started, bytesSent });
    });
    socket.on('connect', () => {
      socket.write(`POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\n\r\n`);
      timer = setInterval(() => {
        if (bytesSent >= bodyLength || socket.destroyed) return clearInterval(timer);
        socket.write(' ');
        bytesSent++;
      }, gapMs);
    });
    setTimeout(() => reject(new Error('the server never cut the trickling request off')), 15_000).unref();
  });
}

describe('request timeouts', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  afterEach(async () => server?.app.close());

  it('cuts off a body that trickles in, with 408, long before it would finish', async () => {
    server = await startServer({
      timeouts: { requestMs: 1000, headersMs: 1000, checkIntervalMs: 100 },
      routes: (app) => app.post('/echo', async (request) => ({ got: request.body })),
    });
    // 200 bytes at one every 100 ms would take 20 s; each byte keeps the socket from being idle.
    const result = await trickle(server.port, 200, 100);
    expect(result.response).toMatch(/^HTTP\/1\.1 408/);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(result.closedAfterMs).toBeLessThan(3000);
    expect(result.bytesSent).toBeLessThan(200);
  });

  it('still answers a request whose body arrives in time', async () => {
    server = await startServer({
      timeouts: { requestMs: 1000, headersMs: 1000, checkIntervalMs: 100 },
      routes: (app) => app.post('/echo', async (request) => ({ got: request.body })),
    });
    const response = await fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await response.json()).toEqual({ got: { a: 1 } });
  });

  it('the tutor runs with bounded request, header and idle timeouts', async () => {
    const tutor = await startTestTutor();
    try {
      const server = tutor.http.server;
      expect(server.requestTimeout).toBe(30_000);
      expect(server.headersTimeout).toBe(15_000);
      expect(server.timeout).toBe(75_000);
    } finally {
      await tutor.close();
      await removeDir(tutor.dataDir);
    }
  });
});

describe.runIf(await shouldRunRedisTests())('store down', () => {
  let broken: TestTutor;
  beforeAll(async () => {
    // Start-up waits for the store, so it is lost while running: the tutor reaches Redis through a proxy, then the proxy goes.
    const proxy = await RedisProxy.start();
    broken = await startTestTutor({ REDIS_URL: proxy.url(), REDIS_PREFIX: testPrefix() });
    await proxy.close();
    while ((await fetch(`${broken.url}/readyz`)).status !== 503) await sleep(50);
  });
  afterAll(async () => {
    await broken?.close();
    if (broken) await removeDir(broken.dataDir);
  });

  const post = async (path: string, body: unknown) => {
    const started = Date.now();
    const response = await fetch(`${broken.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json(), ms: Date.now() - started };
  };

  it('answers the chat API with a quick 503 in plain words (Vietnamese and English), not a 500 after seconds', async () => {
    // The first request may wait for the first ping, which gives up within a second.
    const first = await post('/api/chat', { userId: 'down-1', text: 'xin chào' });
    expect(first.status).toBe(503);
    expect(first.ms).toBeLessThan(1500);
    for (const path of ['/api/chat', '/api/chat/inbox']) {
      const answer = await post(path, { userId: 'down-2', text: 'xin chào' });
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(1000);
      expect(answer.retryAfter).toBe('5');
      expect(answer.body.error).toBe(STORE_DOWN_MESSAGE);
      expect(answer.body.error).toContain('thử lại sau');
      expect(answer.body.error).toContain('temporarily unavailable');
    }
  });

  it('still serves the chat page, so the resident sees the message', async () => {
    expect((await fetch(`${broken.url}/`)).status).toBe(200);
  });
});

describe('store watch', () => {
  it('notices the store going down and coming back, pinging more often while it is down', async () => {
    let up = true;
    let pings = 0;
    const watch = new StoreWatch({ ping: async () => (pings++, up), upIntervalMs: 60_000, downIntervalMs: 50 });
    watch.start();
    try {
      expect(await watch.available()).toBe(true);
      up = false;
      watch.suspect();
      await sleep(20);
      expect(await watch.available()).toBe(false);
      up = true;
      await sleep(150);
      expect(await watch.available()).toBe(true);
      const settled = pings;
      await sleep(200);
      expect(pings).toBe(settled);
    } finally {
      watch.close();
    }
  });

  it('turns a store client that lost its server into a 503 even before a ping noticed', async () => {
    const server = await startServer({
      routes: (app) =>
        app.post('/api/probe', async () => {
          throw Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' });
        }),
    });
    try {
      const response = await fetch(`${server.url}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(503);
      expect((await response.json()).error).toBe(STORE_DOWN_MESSAGE);
    } finally {
      await server.app.close();
    }
  });

  it('turns any failure into a 503 when a ping then finds the store gone', async () => {
    let up = true;
    const server = await startServer({
      ping: async () => up,
      routes: (app) =>
        app.post('/api/probe', async () => {
          up = false;
          throw new Error('could not commit the turn');
        }),
    });
    try {
      const response = await fetch(`${server.url}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(503);
      expect((await response.json()).error).toBe(STORE_DOWN_MESSAGE);
    } finally {
      await server.app.close();
    }
  });

  it('keeps a plain 500 for other failures', async () => {
    const server = await startServer({
      routes: (app) =>
        app.post('/api/probe', async () => {
          throw new Error('a bug');
        }),
    });
    try {
      const response = await fetch(`${server.url}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(500);
    } finally {
      await server.app.close();
    }
  });
});

describe('security headers', () => {
  let tutor: TestTutor;
  beforeAll(async () => {
    tutor = await startTestTutor();
  });
  afterAll(async () => {
    await tutor.close();
    await removeDir(tutor.dataDir);
  });

  const directives = (csp: string | null) =>
    Object.fromEntries(
      (csp ?? '')
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );

  it('the chat page forbids inline script and style, framing, and sniffing', async () => {
    const response = await fetch(`${tutor.url}/`);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // The page itself holds no inline code the policy would block.
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<script src="/chat.js" defer></script>');
  });

  it('serves the page script and style with their types', async () => {
    const script = await fetch(`${tutor.url}/chat.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("fetch('/api/chat'");
    const style = await fetch(`${tutor.url}/chat.css`);
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it.each([
    ['a JSON answer', '/healthz'],
    ['metrics', '/metrics'],
    ['a 404', '/no-such-page'],
  ])('%s may load and run nothing and cannot be framed', async (_name, path) => {
    const response = await fetch(`${tutor.url}${path}`);
    expect(response.headers.get('content-security-policy')).toBe(NON_PAGE_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('asks browsers to keep to https only when the request came over https', async () => {
    expect((await fetch(`${tutor.url}/`)).headers.get('strict-transport-security')).toBeNull();
    // Without TRUST_PROXY nobody may claim https through X-Forwarded-Proto.
    expect((await fetch(`${tutor.url}/`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
    const proxied = await startTestTutor({ TRUST_PROXY: '127.0.0.1' });
    try {
      const response = await fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers.get('strict-transport-security')).toBe(HSTS);
    } finally {
      await proxied.close();
      await removeDir(proxied.dataDir);
    }
  });

  it('an error answer of the chat API carries them too', async () => {
    const response = await fetch(`${tutor.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toBe(NON_PAGE_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

// Edges of the web chat's routes: ids that are not well-formed Unicode, media
// that must stay inside the content folder and never run script, and whose
// X-Forwarded-For is believed for the flood limit.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPageRoutes } from '../../src/channels/web/page.js';
import { MEDIA_CSP } from '../../src/channels/web/media.js';
import { createLogger } from '../../src/log/logger.js';
import { createHttpServer } from '../../src/server/app.js';
import { Metrics } from '../../src/server/metrics.js';
import type { Store } from '../../src/store/types.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const LONE_HIGH = '\ud800';
const LONE_LOW = '\udc00';

describe('ids that are not well-formed Unicode', () => {
  let tutor: TestTutor;
  beforeAll(async () => {
    tutor = await startTestTutor();
  });
  afterAll(async () => {
    await tutor.close();
    await removeDir(tutor.dataDir);
  });

  // JSON.stringify writes a lone surrogate as a \ud800 escape, exactly what a client would send.
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${tutor.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };

  it.each([
    ['/api/chat', 'a lone high surrogate in userId', { userId: `lan${LONE_HIGH}`, text: 'xin chào' }],
    ['/api/chat', 'a lone low surrogate in userId', { userId: `${LONE_LOW}lan`, text: 'xin chào' }],
    ['/api/chat', 'a reversed pair in userId', { userId: `x${LONE_LOW}${LONE_HIGH}`, payload: 'c:menu' }],
    ['/api/chat', 'a lone surrogate in messageId', { userId: 'lan-ok', text: 'xin chào', messageId: `m${LONE_HIGH}` }],
    ['/api/chat/inbox', 'a lone surrogate in userId', { userId: `lan${LONE_HIGH}` }],
  ])('%s: %s gets 400 in plain words', async (route, _name, body) => {
    const answer = await post(route, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/Unicode hỏng.*malformed Unicode/);
  });

  it('two ids that differ only by their lone surrogate never reach the store', async () => {
    expect((await post('/api/chat', { userId: `twin${LONE_HIGH}`, text: 'xin chào' })).status).toBe(400);
    expect((await post('/api/chat', { userId: `twin${LONE_LOW}`, text: 'xin chào' })).status).toBe(400);
    // What a store would have turned both into:
    expect((await post('/api/chat/inbox', { userId: 'twin\ufffd' })).body).toEqual({ messages: [] });
  });

  it('accepts well-formed ids, emoji (surrogate pairs) included', async () => {
    const answer = await post('/api/chat', { userId: 'lan-🌾-ba', text: 'xin chào', messageId: 'm-🌾' });
    expect(answer.status).toBe(200);
    expect(answer.body.messages.length).toBeGreaterThan(0);
  });
});

describe('/media', () => {
  let root: string;
  let dir: string;
  let outside: string;
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hvs-media-'));
    dir = path.join(root, 'content');
    outside = path.join(root, 'outside');
    await mkdir(dir);
    await mkdir(outside);
    await mkdir(path.join(dir, 'img'));
    await writeFile(path.join(dir, 'img', 'qr.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(path.join(dir, 'img', 'diagram.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await writeFile(path.join(outside, 'secret.png'), 'not yours');
    await symlink('/etc/passwd', path.join(dir, 'img', 'passwd.png'));
    await symlink(path.join(outside, 'secret.png'), path.join(dir, 'img', 'secret.png'));
    await symlink(outside, path.join(dir, 'elsewhere'));
    await symlink(path.join(dir, 'img', 'qr.png'), path.join(dir, 'img', 'same-folder.png'));
    await mkdir(path.join(dir, 'img', 'folder.png'));
    execFileSync('mkfifo', [path.join(dir, 'img', 'pipe.png')]);
    app = createHttpServer({ logger: createLogger('silent'), metrics: new Metrics(), store: { kind: 'embedded', ping: async () => true } as unknown as Store });
    registerPageRoutes(app, () => dir);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await removeDir(root);
  });

  it('serves a regular image inside the content folder, with a policy that runs nothing', async () => {
    const response = await fetch(`${url}/media/img/qr.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-security-policy')).toBe(MEDIA_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves SVG sandboxed: no script, even when opened on its own', async () => {
    const response = await fetch(`${url}/media/img/diagram.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox');
    expect(csp).not.toMatch(/script-src/);
  });

  it('follows a link that stays inside the folder', async () => {
    expect((await fetch(`${url}/media/img/same-folder.png`)).status).toBe(200);
  });

  it.each([
    ['a symlink to /etc/passwd', 'img/passwd.png'],
    ['a symlink to a file outside', 'img/secret.png'],
    ['a file through a symlinked folder', 'elsewhere/secret.png'],
    ['a folder', 'img/folder.png'],
    ['a FIFO (must not hang)', 'img/pipe.png'],
    ['a path out of the folder', '..%2foutside%2fsecret.png'],
    ['a file that is not an image', '../../etc/passwd'],
    ['a missing file', 'img/none.png'],
  ])('answers 404 for %s', async (_name, relative) => {
    const response = await fetch(`${url}/media/${relative}`, { signal: AbortSignal.timeout(3000) });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('root:');
  });
});

/** A POST to the chat API from a chosen local address (Linux routes all of 127.0.0.0/8 to loopback). */
function chatFrom(baseUrl: string, localAddress: string, forwardedFor: string, userId: string): Promise<number> {
  const target = new URL('/api/chat', baseUrl);
  const body = JSON.stringify({ userId, text: 'xin chào' });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': forwardedFor },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('TRUST_PROXY and the flood limit', () => {
  const withTutor = async (env: Record<string, string>, run: (tutor: TestTutor) => Promise<void>) => {
    const tutor = await startTestTutor({ WEB_CHAT_RATE_PER_MINUTE: '3', ...env });
    try {
      await run(tutor);
    } finally {
      await tutor.close();
      await removeDir(tutor.dataDir);
    }
  };

  it('a spoofed X-Forwarded-For from an address that is not the proxy does not change the key', async () => {
    await withTutor({ TRUST_PROXY: '127.0.0.1' }, async (tutor) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await chatFrom(tutor.url, '127.0.0.2', `203.0.113.${i}`, `spoof-${i}`));
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });

  it('behind the listed proxy, residents are told apart by the address the proxy adds', async () => {
    await withTutor({ TRUST_PROXY: '127.0.0.1' }, async (tutor) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await chatFrom(tutor.url, '127.0.0.1', `203.0.113.${i}`, `resident-${i}`));
      expect(statuses).toEqual([200, 200, 200, 200]);
    });
  });

  it('with one hop, only the address the proxy added counts: a client cannot prepend its own', async () => {
    await withTutor({ TRUST_PROXY: '1' }, async (tutor) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await chatFrom(tutor.url, '127.0.0.1', `10.9.9.${i}, 198.51.100.7`, `hop-${i}`));
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored', async () => {
    await withTutor({}, async (tutor) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await chatFrom(tutor.url, '127.0.0.1', `203.0.113.${i}`, `plain-${i}`));
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramError } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonCall } from '../../../src/channels/telegram/json-call.js';
import { classifyTelegramError } from '../../../src/channels/telegram/errors.js';

interface Seen {
  path: string;
  type: string | undefined;
  body: string;
}

describe('JsonCall (Bot API calls without files)', () => {
  const seen: Seen[] = [];
  let server: http.Server;
  let root: string;
  let sockets = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', type: req.headers['content-type'], body });
        const method = (req.url ?? '').split('/').pop();
        const json = (code: number, value: object) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (method === 'sendMessage') return json(200, { ok: true, result: { message_id: 7 } });
        if (method === 'tooMany') return json(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
        if (method === 'blocked') return json(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        if (method === 'proxyError') return res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
        if (method === 'hang') return; // never answers
        json(404, { ok: false, error_code: 404, description: 'Not Found' });
      });
    });
    server.on('connection', () => sockets++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts JSON without null fields under the API root and resolves with the result', async () => {
    const call = new JsonCall('123:abc', root);
    const result = await call.post('sendMessage', { chat_id: 5, text: 'Chào bác', reply_markup: { inline_keyboard: [[{ text: 'Tiếp', callback_data: 'n' }]] }, parse_mode: null }, 1000);
    expect(result).toEqual({ message_id: 7 });
    const last = seen.at(-1)!;
    expect(last.path).toBe('/base/bot123:abc/sendMessage');
    expect(last.type).toBe('application/json');
    expect(JSON.parse(last.body)).toEqual({ chat_id: 5, text: 'Chào bác', reply_markup: { inline_keyboard: [[{ text: 'Tiếp', callback_data: 'n' }]] } });
    call.close();
  });

  it('keeps connections alive across calls instead of opening one per call', async () => {
    const call = new JsonCall('123:abc', root);
    const before = sockets;
    for (let i = 0; i < 20; i++) await call.post('sendMessage', { chat_id: 5, text: String(i) }, 1000);
    // The pool may open a second connection while the first is still settling its last answer; never one per call.
    expect(sockets - before).toBeLessThanOrEqual(2);
    call.close();
  });

  it('turns refusals into TelegramError the classifier understands', async () => {
    const call = new JsonCall('123:abc', root);
    const tooMany = await call.post('tooMany', {}, 1000).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(TelegramError);
    expect(classifyTelegramError(tooMany, 'sendMessage')).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3000 });
    const blocked = await call.post('blocked', {}, 1000).catch((e: unknown) => e);
    expect(classifyTelegramError(blocked, 'sendMessage')).toMatchObject({ kind: 'unreachable' });
    const proxy = await call.post('proxyError', {}, 1000).catch((e: unknown) => e);
    expect(proxy).toBeInstanceOf(TelegramError);
    expect((proxy as TelegramError).code).toBe(502);
    expect(classifyTelegramError(proxy, 'sendMessage')).toMatchObject({ kind: 'transient' });
    call.close();
  });

  it('gives up on a call that gets no answer in time, and on an abort', async () => {
    const call = new JsonCall('123:abc', root);
    const started = Date.now();
    const late = await call.post('hang', {}, 200).catch((e: unknown) => e);
    expect((late as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(classifyTelegramError(late, 'sendMessage')).toMatchObject({ kind: 'transient' });
    const controller = new AbortController();
    const aborted = call.post('hang', {}, 5000, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(((await aborted) as Error).name).toBe('AbortError');
    call.close();
  });

  it('reports a refused connection as a network error without the token', async () => {
    const call = new JsonCall('123:secret-token', 'http://127.0.0.1:1/');
    const refused = await call.post('sendMessage', { chat_id: 1, text: 'x' }, 1000).catch((e: unknown) => e);
    const verdict = classifyTelegramError(refused, 'sendMessage');
    expect(verdict).toMatchObject({ kind: 'transient' });
    expect(JSON.stringify(verdict)).not.toContain('secret-token');
    call.close();
  });
});

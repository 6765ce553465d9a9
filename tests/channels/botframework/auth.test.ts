// Who may POST to /api/messages: without an app id only this machine (the
// Emulator); with one, only requests carrying a valid Bot Framework token.
// Every rejection must happen locally: no connection leaves the machine.
import { createHmac } from 'node:crypto';
import dns from 'node:dns';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFromLoopback, isLoopbackAddress } from '../../../src/channels/botframework/http.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { BotFrameworkClient } from './client.js';
import { startFakeConnector, type FakeConnector } from './connector.js';

const APP_ID = '7f0c1a52-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

/** Every outgoing TCP connection and DNS lookup made by this process while the tests run. */
const outbound: string[] = [];

function watchNetwork(): () => void {
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its normalized arguments as one array.
    const normalized = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    const first = normalized[0] as { host?: string; port?: number; path?: string } | number | string;
    const target = typeof first === 'object' && first !== null ? (first.path ?? `${first.host ?? 'localhost'}:${first.port}`) : `${normalized[1] ?? 'localhost'}:${first}`;
    outbound.push(target);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    outbound.push(`dns:${hostname}`);
    return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
  };
  return () => {
    net.Socket.prototype.connect = originalConnect;
    (dns as { lookup: unknown }).lookup = originalLookup;
  };
}

function offMachine(): string[] {
  return outbound.filter((target) => !/^(127\.0\.0\.1|localhost|::1|\[::1\]):\d+$|^dns:(localhost|127\.0\.0\.1)$/.test(target));
}

/** A well-formed JWT signed with a key of our own, claiming to come from an issuer the bot does not trust. */
function forgedToken(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${encode({ alg: 'HS256', typ: 'JWT', kid: 'forged' })}.${encode(claims)}`;
  return `${head}.${createHmac('sha256', 'not-a-microsoft-key').update(head).digest('base64url')}`;
}

let connector: FakeConnector;
let emulator: TestTutor;
let azure: TestTutor;
let unwatch: () => void;
let offMachineAtStartup: string[] = [];
beforeAll(async () => {
  unwatch = watchNetwork();
  connector = await startFakeConnector();
  emulator = await startTestTutor({ BOTFRAMEWORK_ENABLED: 'true' });
  azure = await startTestTutor({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'client-secret-for-tests' });
  offMachineAtStartup = offMachine();
});
afterAll(async () => {
  unwatch?.();
  for (const tutor of [emulator, azure]) {
    await tutor?.close();
    if (tutor) await removeDir(tutor.dataDir);
  }
  await connector?.close();
});

describe('Emulator mode (no MICROSOFT_APP_ID)', () => {
  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
    ['X-Forwarded-For behind a local proxy', { 'x-forwarded-for': '127.0.0.1, 198.51.100.20' }],
    ['X-Real-IP', { 'x-real-ip': '198.51.100.20' }],
    ['Forwarded', { forwarded: 'for="[2001:db8::1]:4711";proto=https' }],
  ])('rejects a request relayed from another address (%s) with 403 and answers nothing', async (_name, headers) => {
    const bf = new BotFrameworkClient(emulator.url, connector, { settle: () => emulator.idle() });
    connector.take();
    const response = await bf.post(bf.activity({ type: 'message', text: 'xin chào' }), headers);
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/MICROSOFT_APP_ID/);
    expect(connector.take()).toEqual([]);
    expect(await emulator.store.users.load(`botframework:emulator:${bf.user.id}`)).toBeNull();
  });

  it('accepts the same request made on this machine', async () => {
    const bf = new BotFrameworkClient(emulator.url, connector, { settle: () => emulator.idle() });
    const turn = await bf.say('xin chào');
    expect(turn.status).toBe(200);
    expect(turn.calls.length).toBeGreaterThan(0);
    expect(turn.calls.every((call) => call.authorization === undefined)).toBe(true);
  });

  it('judges the peer address, the address Fastify trusts and every forwarded address', () => {
    const request = (remoteAddress: string, ip: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, ip, headers }) as never;
    expect(isFromLoopback(request('127.0.0.1', '127.0.0.1'))).toBe(true);
    expect(isFromLoopback(request('::ffff:127.0.0.1', '::ffff:127.0.0.1'))).toBe(true);
    expect(isFromLoopback(request('::1', '::1', { 'x-forwarded-for': '127.0.0.1' }))).toBe(true);
    expect(isFromLoopback(request('203.0.113.7', '203.0.113.7'))).toBe(false);
    expect(isFromLoopback(request('10.0.0.5', '10.0.0.5'))).toBe(false);
    // TRUST_PROXY=true: Fastify's request.ip is the forwarded client.
    expect(isFromLoopback(request('127.0.0.1', '203.0.113.7'))).toBe(false);
    expect(isFromLoopback(request('127.0.0.1', '127.0.0.1', { forwarded: 'for=unknown' }))).toBe(false);
    expect(['127.0.0.1', '127.8.9.10', '::1', '[::1]:3978', 'localhost'].every(isLoopbackAddress)).toBe(true);
    expect(['', '0.0.0.0', '128.0.0.1', '::', '1127.0.0.1'].some(isLoopbackAddress)).toBe(false);
  });
});

describe('Azure Bot Service mode (MICROSOFT_APP_ID set)', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['another scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['a JWT from an issuer the bot does not trust', `Bearer ${forgedToken({ iss: 'https://login.example.invalid/', aud: APP_ID, exp: Math.floor(Date.now() / 1000) + 600 })}`],
    ['a forged skill token', `Bearer ${forgedToken({ iss: 'https://evil.example.invalid/', aud: APP_ID, appid: APP_ID, ver: '1.0', exp: Math.floor(Date.now() / 1000) + 600 })}`],
  ])('answers 401 to %s without any connection leaving the machine', async (_name, authorization) => {
    const bf = new BotFrameworkClient(azure.url, connector, { settle: () => azure.idle() });
    connector.take();
    outbound.length = 0;
    const response = await bf.post(bf.activity({ type: 'message', text: 'xin chào' }), authorization ? { authorization } : {});
    expect(response.status).toBe(401);
    expect(connector.take()).toEqual([]);
    expect(offMachine()).toEqual([]);
    expect(await azure.store.users.load(`botframework:emulator:${bf.user.id}`)).toBeNull();
  });

  it('reports its mode in /healthz', async () => {
    const health = await (await fetch(`${azure.url}/healthz`)).json();
    expect(health.channels.botframework).toEqual({ ok: true, detail: 'Azure Bot Service (MultiTenant)' });
    const local = await (await fetch(`${emulator.url}/healthz`)).json();
    expect(local.channels.botframework.detail).toMatch(/Emulator/);
  });

  it('would notice a connection (the watch works)', async () => {
    outbound.length = 0;
    const port = Number(new URL(connector.url).port);
    await new Promise<void>((resolve, reject) =>
      net
        .connect(port, '127.0.0.1', function (this: net.Socket) {
          this.end();
          resolve();
        })
        .on('error', reject),
    );
    expect(outbound).toContain(`127.0.0.1:${port}`);
  });

  it('made no connection off this machine at start-up', () => {
    expect(offMachineAtStartup).toEqual([]);
  });
});

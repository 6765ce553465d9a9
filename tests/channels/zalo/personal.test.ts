// The Zalo personal channel (zca-js) through a stand-in for the zca-js client:
// real zca-js message objects in, recorded sendMessage calls out, the real tutor between.
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZaloPersonalChannel } from '../../../src/channels/zalo-personal/channel.js';
import { zaloPersonalEnvSchema } from '../../../src/channels/zalo-personal/index.js';
import type { Channel } from '../../../src/channels/types.js';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { FakeZca, OWN_ID, VALID_COOKIE, fakeQrPng } from './fake-zca.js';
import { walkLesson } from './lesson-script.js';

const seam = vi.hoisted(() => ({ client: undefined as unknown }));
vi.mock('../../../src/channels/zalo-personal/zca-client.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  createZcaClient: () => seam.client,
}));

const ENV = { ZALO_MODE: 'personal', ZALO_SEND_INTERVAL_MS: '0', ZALO_SEND_PER_SECOND: '50', ZALO_RECONNECT_MS: '20' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const nextId = () => String(7_000_000 + ++counter);

async function startWithFake(fake: FakeZca, env: Record<string, string> = {}, dataDir?: string): Promise<TestTutor> {
  seam.client = fake;
  const tutor = await startTestTutor({ ...ENV, ...env }, dataDir);
  await vi.waitFor(() => expect(zalo(tutor).health!().ok).toBe(true), { timeout: 5000 });
  return tutor;
}

const zalo = (tutor: TestTutor): Channel => tutor.channels.find((c) => c.name === 'zalo')!;

/** Waits until replies arrive and stop arriving; returns their texts. */
async function repliesAfter(fake: FakeZca, before: number): Promise<string[]> {
  await vi.waitFor(() => expect(fake.sent.length).toBeGreaterThan(before), { timeout: 5000 });
  let seen = -1;
  while (seen !== fake.sent.length) {
    seen = fake.sent.length;
    await sleep(120);
  }
  return fake.sent.slice(before).map((s) => s.text);
}

async function nothingSentAfter(fake: FakeZca, before: number): Promise<void> {
  await sleep(300);
  expect(fake.sent.slice(before)).toEqual([]);
}

describe('Zalo personal account (zca-js)', () => {
  const fake = new FakeZca();
  let tutor: TestTutor;
  const printed: string[] = [];
  beforeAll(async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    tutor = await startWithFake(fake, { ZALO_GROUPS: 'true' });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await tutor.close();
    await removeDir(tutor.dataDir);
  });

  const say = async (from: string, text: string, msgId = nextId()) => {
    const before = fake.sent.length;
    fake.api!.listener.emit('message', FakeZca.userMessage(from, msgId, text));
    const replies = await repliesAfter(fake, before);
    expect(fake.sent.slice(before).every((s) => s.threadId === from && s.type === 0)).toBe(true);
    return replies;
  };

  it('logs in by QR the first time: QR drawn in the terminal, credentials saved 0600', async () => {
    expect(fake.qrLogins).toBe(1);
    const output = printed.join('');
    expect(output).toContain('Quét mã QR');
    // 25 modules + a 2-module quiet zone each side, two module rows per line.
    const drawing = output.split('\n').filter((line) => line.includes('▀'));
    expect(drawing).toHaveLength(15);
    expect(drawing.every((line) => line.match(/▀/g)!.length === 29)).toBe(true);
    const cell = (fg: number, bg: number) => `\x1b[${fg};${bg}m▀`;
    expect(drawing[1]).toContain(`${cell(97, 107).repeat(2)}${cell(30, 40)}${cell(30, 107).repeat(5)}${cell(30, 40)}`);
    expect(output).toContain(path.join(tutor.dataDir, 'zalo', 'login-qr.png'));
    const file = path.join(tutor.dataDir, 'zalo', 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ cookie: VALID_COOKIE, imei: 'imei-from-qr', userAgent: 'Mozilla/5.0 test' });
    const health = await (await fetch(`${tutor.url}/healthz`)).json();
    expect(health.channels.zalo).toMatchObject({ ok: true });
  });

  it('runs a whole lesson answered with numbers', async () => {
    await walkLesson((text) => say('5001', text), 'numbers');
    const record = await tutor.store.users.load('zalo:5001');
    expect(record!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 3 });
  });

  it('runs a whole lesson answered with words', async () => {
    await walkLesson((text) => say('5002', text), 'words');
    expect((await tutor.store.users.load('zalo:5002'))!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 3 });
  });

  it('answers a message id once, even when Zalo delivers it again', async () => {
    const msgId = nextId();
    await say('5003', 'xin chào', msgId);
    const before = fake.sent.length;
    fake.api!.listener.emit('message', FakeZca.userMessage('5003', msgId, 'xin chào'));
    fake.api!.listener.emit('message', FakeZca.userMessage('5003', msgId, 'xin chào'));
    await nothingSentAfter(fake, before);
  });

  it.each([
    ['sticker', 'chat.sticker', { id: 21, catId: 3, type: 7 }],
    ['voice', 'chat.voice', { href: 'https://voice.example/a.aac', params: '{"duration":3000}' }],
    ['location', 'chat.location.new', { title: '', description: '', params: '{"latitude":21.0,"longitude":105.8}' }],
    ['file', 'share.file', { title: 'don.pdf', href: 'https://f.example/don.pdf', params: '{"fileSize":"2048"}' }],
  ])('answers a %s politely', async (_kind, msgType, content) => {
    const before = fake.sent.length;
    fake.api!.listener.emit('message', FakeZca.userMessage('5004', nextId(), content, msgType));
    const replies = await repliesAfter(fake, before);
    expect(replies.join('\n')).toMatch(/\S/);
    expect(fake.sent.slice(before).every((s) => s.threadId === '5004')).toBe(true);
  });

  it('ignores its own messages', async () => {
    const before = fake.sent.length;
    fake.api!.listener.emit('message', FakeZca.ownMessage('5005', nextId(), 'xin chào'));
    await nothingSentAfter(fake, before);
    expect(await tutor.store.users.load(`zalo:${OWN_ID}`)).toBeNull();
    expect(await tutor.store.users.load('zalo:5005')).toBeNull();
  });

  it('ignores a group message without a mention, answers one that mentions the account', async () => {
    let before = fake.sent.length;
    fake.api!.listener.emit('message', FakeZca.groupMessage('g77', '5006', nextId(), 'xin chào cả nhà'));
    fake.api!.listener.emit('message', FakeZca.groupMessage('g77', '5006', nextId(), '@Bà Tư xin chào', [{ uid: '5999', pos: 0, len: 6, type: 0 }]));
    await nothingSentAfter(fake, before);
    before = fake.sent.length;
    fake.api!.listener.emit('message', FakeZca.groupMessage('g77', '5006', nextId(), '@Học Vụ Số xin chào', [{ uid: OWN_ID, pos: 0, len: 10, type: 0 }]));
    const replies = await repliesAfter(fake, before);
    expect(replies.join('\n')).toContain('Trợ lý Học Vụ Số');
    expect(fake.sent.slice(before).every((s) => s.threadId === 'g77' && s.type === 1)).toBe(true);
    expect(await tutor.store.users.load('zalo:group:g77:5006')).not.toBeNull();
  });

  it('reconnects with backoff when the listener closes, and keeps answering', async () => {
    const listener = fake.api!.listener;
    const starts = listener.starts;
    listener.drop();
    expect(zalo(tutor).health!()).toMatchObject({ ok: false });
    await vi.waitFor(() => expect(listener.starts).toBe(starts + 1), { timeout: 3000 });
    await vi.waitFor(() => expect(zalo(tutor).health!().ok).toBe(true));
    expect((await say('5007', 'xin chào')).join('\n')).toContain('Trợ lý Học Vụ Số');
  });

  it('reports a resident who blocked the account as unreachable; a reply that meets the block marks them', async () => {
    await say('5008', 'xin chào');
    fake.sendFailures.push(FakeZca.apiError('Không thể gửi tin nhắn: người nhận đã chặn bạn', 114));
    const outcome = await zalo(tutor).send('5008', [{ text: 'Tin mới' }]);
    expect(outcome).toMatchObject({ ok: false, unreachable: true, accepted: 0 });
    fake.sendFailures.push(FakeZca.apiError('Không thể gửi tin nhắn: người nhận đã chặn bạn', 114));
    fake.api!.listener.emit('message', FakeZca.userMessage('5008', nextId(), 'giúp'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await tutor.idle();
    expect((await tutor.store.users.load('zalo:5008'))!.state.profile.unreachable).toBe(true);
  });

  it('sends lesson images as attachments, paced per chat', async () => {
    const contentDir = await mkdtemp(path.join(tmpdir(), 'hvs-zalo-content-'));
    await mkdir(path.join(contentDir, 'images'));
    await writeFile(path.join(contentDir, 'images', 'qr.png'), fakeQrPng());
    const content = Object.create(tutor.content, { paths: { value: { ...tutor.content.paths, contentDir } } });
    const env = zaloPersonalEnvSchema.parse({ ...ENV, ZALO_SEND_INTERVAL_MS: '200' });
    const context = { core: tutor.config.core, rawEnv: {}, conversation: tutor.conversation, http: tutor.http, store: tutor.store, content, logger: tutor.logger, metrics: tutor.metrics };
    const channel = new ZaloPersonalChannel(context, {
      env,
      client: fake,
      credentialsFile: path.join(tutor.dataDir, 'zalo', 'credentials.json'),
      qrPath: path.join(contentDir, 'qr.png'),
      print: () => undefined,
    });
    await channel.start();
    await vi.waitFor(() => expect(channel.health().ok).toBe(true));
    const before = fake.sent.length;
    const started = Date.now();
    const outcome = await channel.send('5009', [{ text: 'Ảnh mã QR mẫu', image: 'images/qr.png' }, { text: 'Hai' }, { text: 'Ba' }]);
    expect(outcome.ok).toBe(true);
    const sent = fake.sent.slice(before);
    expect(sent[0]!.attachments[0]).toMatchObject({ filename: 'qr.png', metadata: { width: 132, height: 132 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    await channel.stop();
    await removeDir(contentDir);
  });
});

describe('Zalo personal session across restarts', () => {
  let tutor: TestTutor | undefined;
  beforeEach(() => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await tutor?.close();
  });

  it('reuses saved credentials, and a message id answered before a restart is not answered again', async () => {
    const first = new FakeZca();
    tutor = await startWithFake(first);
    const dataDir = tutor.dataDir;
    first.api!.listener.emit('message', FakeZca.userMessage('6001', 'm-restart', 'xin chào'));
    await repliesAfter(first, 0);
    await tutor.close();
    const second = new FakeZca();
    tutor = await startWithFake(second, {}, dataDir);
    expect(second.qrLogins).toBe(0);
    expect(second.logins).toHaveLength(1);
    second.api!.listener.emit('message', FakeZca.userMessage('6001', 'm-restart', 'xin chào'));
    await nothingSentAfter(second, 0);
    await removeDir(dataDir);
  });

  it('reports an expired session in /healthz with what to do, then logs in again by QR', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hvs-zalo-'));
    const file = path.join(dataDir, 'creds.json');
    await writeFile(file, JSON.stringify({ cookie: [{ key: 'zpw_sek', value: 'expired' }], imei: 'old', userAgent: 'old' }), { mode: 0o600 });
    const fake = new FakeZca();
    let scan!: () => void;
    fake.qrScanned = new Promise<void>((resolve) => (scan = resolve));
    seam.client = fake;
    tutor = await startTestTutor({ ...ENV, ZALO_CREDENTIALS_FILE: file }, dataDir);
    await vi.waitFor(async () => {
      const health = await (await fetch(`${tutor!.url}/healthz`)).json();
      expect(health.channels.zalo.ok).toBe(false);
      expect(health.channels.zalo.detail).toMatch(/hết hạn[\s\S]*quét mã QR[\s\S]*expired/);
    });
    expect(tutor.logs.join('')).toMatch(/rejected the saved session/);
    scan();
    await vi.waitFor(() => expect(zalo(tutor!).health!().ok).toBe(true));
    expect(JSON.parse(await readFile(file, 'utf8')).imei).toBe('imei-from-qr');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await removeDir(dataDir);
  });
});

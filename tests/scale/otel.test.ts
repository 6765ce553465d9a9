// OpenTelemetry spans, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: a local
// collector on 127.0.0.1 receives them (OTLP/HTTP JSON) from the real tutor.
// Without the variable the SDK is never loaded; with it, each turn is a trace
// channel.receive → turn → service.<name> | delivery whose id is the logs' trace id,
// and nothing a resident wrote (nor their platform id) is in what is exported.
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userTag } from '../../src/log/logger.js';
import { FakeBotApi } from '../channels/telegram/fake-bot-api.js';
import { BENCH_BOT_TOKEN } from '../helpers/tutor-process.js';
import { removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** The collector: keeps every body POSTed to /v1/traces. */
async function startCollector(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces' && request.headers['content-type'] === 'application/json') bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies, server };
}

function spansIn(bodies: string[]): ExportedSpan[] {
  return bodies.flatMap((body) => (JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
}

const attribute = (span: ExportedSpan, key: string) => Object.values(span.attributes.find((a) => a.key === key)?.value ?? {})[0];

const logLines = (tutor: TestTutor) =>
  tutor.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The trace id of the last turn logged for a resident. */
const lastTurnTrace = (tutor: TestTutor, userKey: string) =>
  logLines(tutor)
    .filter((line) => line.msg === 'turn' && line.user === userTag(userKey))
    .at(-1)?.trace as string;

const loadedSdkFiles = () => Object.keys(createRequire(import.meta.url).cache).filter((file) => /@opentelemetry[\\/](sdk-trace|exporter-trace|resources)/.test(file));

const RESIDENT = 'otel-resident-5c1e';
const PASTED = 'CONG AN: Ban co lenh bat, chuyen ngay 50 trieu de xac minh, goi 0912 345 678. Truy cap http://bocongan-gov.vn.xyz';

async function onboard(tutor: TestTutor, userId: string): Promise<void> {
  for (const text of ['xin chào', 'đồng ý', 'bỏ qua', 'bỏ qua']) expect((await tutor.chat({ userId, text })).status).toBe(200);
}

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('loads no OpenTelemetry SDK and keeps a cheap 16-hex log trace id per turn', async () => {
    const tutor = await startTestTutor();
    try {
      await tutor.chat({ userId: 'no-otel', text: 'xin chào' });
      await tutor.chat({ userId: 'no-otel', text: 'đồng ý' });
      const [first, second] = logLines(tutor)
        .filter((line) => line.msg === 'turn')
        .map((line) => line.trace as string);
      expect(first).toMatch(/^[0-9a-f]{16}$/);
      expect(second).toMatch(/^[0-9a-f]{16}$/);
      expect(first).not.toBe(second);
      expect(loadedSdkFiles()).toEqual([]);
    } finally {
      await tutor.close();
      await removeDir(tutor.dataDir);
    }
  });
});

describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let api: FakeBotApi;
  let tutor: TestTutor;
  let spans: ExportedSpan[];
  let scamTrace: string;
  let qaTrace: string;
  let telegramTrace: string;

  beforeAll(async () => {
    collector = await startCollector();
    api = await FakeBotApi.start();
    tutor = await startTestTutor({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/`,
      TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_MODE: 'polling',
      TELEGRAM_RATE_PER_CHAT_MS: '0',
    });
    // The web chat: a pasted message to the scam check, then a question for the Q&A.
    await onboard(tutor, RESIDENT);
    await tutor.chat({ userId: RESIDENT, text: 'kiểm tra lừa đảo' });
    const verdict = await tutor.chat({ userId: RESIDENT, text: PASTED });
    expect(texts(verdict.body).join('\n')).toMatch(/nguy hiểm/i);
    scamTrace = lastTurnTrace(tutor, `web:${RESIDENT}`);
    await tutor.chat({ userId: RESIDENT, text: 'menu' });
    await tutor.chat({ userId: RESIDENT, text: 'làm sao để đặt mật khẩu mạnh cho tài khoản ngân hàng' });
    qaTrace = lastTurnTrace(tutor, `web:${RESIDENT}`);
    // Telegram: a push channel, so the reply's delivery is a span too.
    await api.waitFor(() => api.callsTo('getUpdates').length > 0, 'polling');
    const from = { id: 918273645, is_bot: false, first_name: 'Cư dân', language_code: 'vi' };
    api.queueUpdate({ message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: 'Cư dân' }, from, text: '/start' } });
    await api.waitFor(() => api.callsTo('sendMessage', from.id).length > 0, 'the reply');
    await tutor.idle();
    telegramTrace = lastTurnTrace(tutor, `telegram:${from.id}`);
    // Closing flushes the spans still buffered.
    await tutor.close();
    spans = spansIn(collector.bodies);
  });
  afterAll(async () => {
    await tutor?.close();
    if (tutor) await removeDir(tutor.dataDir);
    await api?.close();
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  function chainOf(traceId: string, childName: string): [ExportedSpan, ExportedSpan, ExportedSpan] {
    const inTrace = spans.filter((span) => span.traceId === traceId);
    const receive = inTrace.find((span) => span.name === 'channel.receive');
    const turn = inTrace.find((span) => span.name === 'turn');
    const child = inTrace.find((span) => span.name === childName);
    expect(receive, 'channel.receive').toBeDefined();
    expect(turn, 'turn').toBeDefined();
    expect(child, childName).toBeDefined();
    expect(receive!.parentSpanId || undefined).toBeUndefined();
    expect(turn!.parentSpanId).toBe(receive!.spanId);
    expect(child!.parentSpanId).toBe(turn!.spanId);
    return [receive!, turn!, child!];
  }

  it('the log trace id is the OpenTelemetry trace id (32 hex)', () => {
    for (const trace of [scamTrace, qaTrace, telegramTrace]) expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([scamTrace, qaTrace, telegramTrace]).size).toBe(3);
    expect(loadedSdkFiles().length).toBeGreaterThan(0);
  });

  it('a web chat turn: channel.receive → turn → service.scam-check, and → service.qa', () => {
    const [receive, turn, service] = chainOf(scamTrace, 'service.scam-check');
    expect(attribute(receive, 'hvs.channel')).toBe('web');
    expect(attribute(turn, 'hvs.user')).toBe(userTag(`web:${RESIDENT}`));
    expect(attribute(service, 'hvs.service')).toBe('scam-check');
    expect(attribute(chainOf(qaTrace, 'service.qa')[2], 'hvs.service')).toBe('qa');
  });

  it('a Telegram turn: channel.receive → turn → delivery of the saved reply', () => {
    const [receive, , delivery] = chainOf(telegramTrace, 'delivery');
    expect(attribute(receive, 'hvs.channel')).toBe('telegram');
    expect(attribute(delivery, 'hvs.outcome')).toBe('sent');
  });

  it('exports no resident text, phone number or platform id', () => {
    const exported = collector.bodies.join('\n');
    expect(exported.length).toBeGreaterThan(0);
    // Trace and span ids are random hex, so a bare '0912' can turn up in them by chance: the phone is checked with its space.
    for (const secret of [RESIDENT, '918273645', 'lenh bat', '0912 345', '345 678', 'bocongan', 'mật khẩu', 'mat khau', 'xin chào']) expect(exported).not.toContain(secret);
  });
});

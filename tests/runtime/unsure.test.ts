// With a model, a text the front door was unsure of is labelled once per
// message id, and the label leads to the same help a recognizer's decision
// would: the urgent playbook, the out-of-scope decline (never to volunteers),
// an everyday intent, the scam checker's verdict, the Q&A. Through the
// runtime (real content, real services, a fake OpenAI server on 127.0.0.1),
// compared with the tutor without a model; a failing model gives exactly that.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextClassifier } from '../../src/ai/classify.js';
import type { OutboundMessage } from '../../src/engine/messages.js';
import { Conversation } from '../../src/runtime/conversation.js';
import { buildServices, buildUnsureClassifier } from '../../src/runtime/services.js';
import { Metrics } from '../../src/server/metrics.js';
import { LmdbStore } from '../../src/store/embedded/index.js';
import { loadTestContent } from '../ai/qa-harness.js';
import { startFakeOpenAI, type FakeOpenAI } from '../ai/fake-openai.js';

/** What the fake model says each unsure text is (the classifier's prompt starts "You sort one message"). */
const LABELS: Record<string, string> = {
  'tài khoản trống trơn': '{"kind":"victim","playbook":"urgent-account-taken"}',
  'ví điện tử trống trơn': '{"kind":"victim","playbook":"urgent-unknown"}',
  'mai trời đẹp chứ': '{"kind":"out-of-scope","topic":"weather"}',
  'nói chuyện triết học': '{"kind":"out-of-scope"}',
  'thống kê của tôi': '{"kind":"intent","intent":"progress"}',
  'đủ tin rồi': '{"kind":"intent","intent":"alerts-off"}',
  'kết nối chuyên viên': '{"kind":"intent","intent":"person"}',
  'bỏ hồ sơ tôi': '{"kind":"intent","intent":"delete"}',
  'Con oi me day, me doi so roi, con nhan lai me nhe': '{"kind":"pasted-message"}',
  'điện thoại chữ nhỏ quá': '{"kind":"question"}',
  'abc xyz': '{"kind":"other"}',
};
/** The fake model's answer to every Q&A question. */
const QA_ANSWER = 'Muốn chữ to hơn, bạn mở "Cài đặt", chọn "Màn hình" rồi "Cỡ chữ".';
const isClassify = (body: any) => String(body?.messages?.[0]?.content).startsWith('You sort one message');
const isScamOpinion = (body: any) => String(body?.messages?.[0]?.content).startsWith('You review a message');

const logger = pino({ level: 'silent' });
let fake: FakeOpenAI;
let dir: string;
const stores: LmdbStore[] = [];
let withModel: Conversation;
let withoutModel: Conversation;
let counter = 0;

async function conversation(rawEnv: Record<string, string>, classifyUnsure?: TextClassifier, store = open()): Promise<Conversation> {
  const content = await loadTestContent();
  const metrics = new Metrics({ defaultMetrics: false });
  const services = await buildServices({ rawEnv, store, content, logger, metrics, timeZone: 'Asia/Ho_Chi_Minh' });
  return new Conversation({ store, content, services, logger, metrics, classifyUnsure });
}

function open(name = `s${stores.length}`): LmdbStore {
  const store = new LmdbStore(path.join(dir, name));
  stores.push(store);
  return store;
}

async function say(on: Conversation, userId: string, text: string, messageId = `m${++counter}`): Promise<OutboundMessage[]> {
  return (await on.handle({ channel: 'web', userId, messageId, at: Date.now(), text })).messages;
}

/** The same text said by a fresh resident to the tutor with the model, and the recognizers' phrase to the tutor without one. */
async function both(unsure: string, phrase: string): Promise<[OutboundMessage[], OutboundMessage[]]> {
  const user = `r${++counter}`;
  return [await say(withModel, user, unsure), await say(withoutModel, user, phrase)];
}

const texts = (messages: OutboundMessage[]) => messages.map((m) => m.text ?? '').join('\n');
const labels = (messages: OutboundMessage[]) => messages.flatMap((m) => m.buttons ?? []).map((b) => b.label);
const classifications = () => fake.requests.filter((r) => isClassify(r.body)).length;

beforeAll(async () => {
  fake = await startFakeOpenAI({
    kind: 'per-request',
    content: (body) => {
      if (isClassify(body)) return LABELS[body.messages[1].content] ?? '{"kind":"other"}';
      if (isScamOpinion(body)) return '{"level":"dang-ngo","sign":"impersonation"}';
      return QA_ANSWER;
    },
  });
  dir = await mkdtemp(path.join(tmpdir(), 'hvs-unsure-'));
  const rawEnv = { OPENAI_API_KEY: 'sk-test-key-123', OPENAI_BASE_URL: fake.url, AI_TIMEOUT_MS: '3000' };
  withModel = await conversation(rawEnv, buildUnsureClassifier({ rawEnv, metrics: new Metrics({ defaultMetrics: false }) }));
  withoutModel = await conversation({});
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await rm(dir, { recursive: true, force: true });
  await fake.close();
});

describe('a text the front door is unsure of, labelled by the model', () => {
  it('a victim gets the urgent playbook the model names, as "zalo của tôi bị hack" does; an unknown playbook gets the general one', async () => {
    const [labelled, recognized] = await both('tài khoản trống trơn', 'zalo của tôi bị hack');
    expect(texts(labelled)).toContain('gọi ngay tổng đài CHÍNH THỨC của ngân hàng để khóa');
    expect(labelled).toEqual(recognized);
    const [general, bilua] = await both('ví điện tử trống trơn', 'tôi bị lừa rồi');
    expect(general).toEqual(bilua);
  });

  it("out of scope: the topic's decline or the plain one, with the menu button, never offered to volunteers", async () => {
    const [weather, recognized] = await both('mai trời đẹp chứ', 'thời tiết hôm nay thế nào');
    expect(texts(weather)).toContain('nchmf.gov.vn');
    expect(weather).toEqual(recognized);
    const [plain] = await both('nói chuyện triết học', 'menu');
    expect(texts(plain)).toMatch(/^Việc này mình chưa giúp được ạ/);
    for (const reply of [weather, plain]) expect(labels(reply)).not.toContain('Nhờ tình nguyện viên');
  });

  it.each([
    ['thống kê của tôi', 'tiến độ'],
    ['đủ tin rồi', 'tắt cảnh báo'],
    ['kết nối chuyên viên', 'cho tôi nói chuyện với người thật'],
    ['bỏ hồ sơ tôi', 'xóa dữ liệu'],
  ])('the intent of "%s" does what "%s" does', async (unsure, phrase) => {
    const [labelled, recognized] = await both(unsure, phrase);
    expect(labelled).toEqual(recognized);
  });

  it('the delete intent still asks first, and "có" then deletes', async () => {
    const user = `r${++counter}`;
    await say(withModel, user, 'bỏ hồ sơ tôi');
    const reply = await withModel.handle({ channel: 'web', userId: user, messageId: `m${++counter}`, at: Date.now(), text: 'có' });
    expect(reply.forgotten).toBe(true);
  });

  it("a pasted message gets the scam checker's verdict (with the model's opinion)", async () => {
    const before = fake.requests.filter((r) => isScamOpinion(r.body)).length;
    const [labelled] = await both('Con oi me day, me doi so roi, con nhan lai me nhe', 'menu');
    expect(texts(labelled)).toMatch(/ĐÁNG NGỜ|NGUY HIỂM/);
    expect(fake.requests.filter((r) => isScamOpinion(r.body)).length).toBe(before + 1);
  });

  it('a question goes to the Q&A (its model answers); "other" keeps the recognizers\' own decision', async () => {
    const [question] = await both('điện thoại chữ nhỏ quá', 'menu');
    expect(texts(question)).toContain(QA_ANSWER);
    const [other, unlabelled] = await both('abc xyz', 'abc xyz');
    expect(other).toEqual(unlabelled);
  });

  it('only unsure texts are sent to the model, once per message id; a repeated message id asks nothing', async () => {
    const user = `r${++counter}`;
    let before = classifications();
    await say(withModel, user, 'quên mật khẩu vneid');
    await say(withModel, user, 'tiến độ');
    expect(classifications()).toBe(before);
    before = classifications();
    const first = await say(withModel, user, 'thống kê của tôi', 'same-id');
    const again = await say(withModel, user, 'thống kê của tôi', 'same-id');
    expect(classifications()).toBe(before + 1);
    expect(again).toEqual(first);
  });
});

describe('labels across a commit conflict', () => {
  it('asks the model once when another process commits first, and acts on the label', async () => {
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const classify: TextClassifier = async () => {
      calls++;
      await held;
      return { kind: 'intent', intent: 'progress' };
    };
    const shared = open('shared');
    const a = await conversation({}, classify, shared);
    const b = await conversation({}, undefined, open('shared'));
    await say(a, 'race', 'xin chào');
    const asking = say(a, 'race', 'thống kê của tôi');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await say(b, 'race', 'menu');
    release();
    const labelled = await asking;
    expect(calls).toBe(1);
    expect((await shared.users.load('web:race'))!.version).toBe(3);
    const [, progress] = await both('x', 'tiến độ');
    expect(texts(labelled)).toContain(texts(progress).split('\n')[0]!);
  });
});

describe('when the model fails', () => {
  it('every unsure text gets what the tutor without a model gives (retrieval only)', async () => {
    fake.behaviour = { kind: 'status', status: 500 };
    try {
      for (const text of ['tài khoản trống trơn', 'mai trời đẹp chứ', 'đủ tin rồi', 'abc xyz']) {
        const [failed, reference] = await both(text, text);
        expect(failed, text).toEqual(reference);
      }
    } finally {
      fake.behaviour = { kind: 'reply', content: '{"kind":"other"}' };
    }
  });
});

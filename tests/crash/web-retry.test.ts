// Web chat: the tutor is SIGKILLed after its commit reached Redis but before
// the HTTP answer left (the proxy holds Redis's reply to the commit). The page
// retries the same messageId on the restarted tutor and must get the same
// messages back, not an empty answer, and the conversation goes on as if
// nothing happened.
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdDigest } from '../../src/engine/state.js';
import { RedisStore } from '../../src/store/redis/index.js';
import { REDIS_URL, shouldRunRedisTests } from '../helpers/redis.js';
import { CrashBed } from './harness.js';

const runRedis = await shouldRunRedisTests();

interface WebReply {
  messages: { text?: string; buttons?: { label: string; payload: string }[] }[];
  duplicate?: boolean;
}
type WebStep = { text: string } | { press: string };

const SCRIPT: WebStep[] = [{ text: 'xin chào' }, { press: 'Đồng ý' }, { text: 'người cao tuổi' }, { press: 'Bỏ qua' }, { text: 'có' }];
const KILL_STEP = 2;

let bed: CrashBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

function shown(reply: WebReply): string[] {
  return reply.messages.map((m) => (m.buttons?.length ? `${m.text ?? ''} [${m.buttons.map((b) => b.label).join(' | ')}]` : (m.text ?? '')));
}

class WebResident {
  private last?: WebReply;
  constructor(readonly userId: string) {}

  body(step: WebStep, messageId: string): Record<string, string> {
    if ('text' in step) return { userId: this.userId, messageId, text: step.text };
    const button = this.last?.messages.flatMap((m) => m.buttons ?? []).find((b) => b.label === step.press);
    if (!button) throw new Error(`no button "${step.press}" in the last reply`);
    return { userId: this.userId, messageId, payload: button.payload };
  }

  async send(body: Record<string, string>): Promise<WebReply> {
    const response = await fetch(`${bed!.tutor.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    this.last = (await response.json()) as WebReply;
    return this.last;
  }
}

describe.runIf(runRedis)('web chat killed after the commit, before the HTTP answer', () => {
  it('a retry of the same messageId gets the same messages back, and the chat goes on', async () => {
    bed = await CrashBed.start('Redis');
    const reference = new WebResident('crash-web-reference');
    const expected: string[][] = [];
    for (const [i, step] of SCRIPT.entries()) expected.push(shown(await reference.send(reference.body(step, `ref-${i}`))));

    const resident = new WebResident('crash-web-resident');
    const got: string[][] = [];
    for (let i = 0; i < KILL_STEP; i++) got.push(shown(await resident.send(resident.body(SCRIPT[i]!, `m-${i}`))));

    const userRedisKey = `${bed.prefix}{u:web:${resident.userId}}`;
    const committed = bed.proxy!.holdReplyTo((args) => /^(EVALSHA|EVAL|FCALL|EXEC)$/i.test(args[0] ?? '') && args.includes(userRedisKey));
    const body = resident.body(SCRIPT[KILL_STEP]!, `m-${KILL_STEP}`);
    const lost = fetch(`${bed.tutor.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (r) => r.status,
      () => 0,
    );
    await committed;
    // The commit really is in Redis (the held command was the commit, not some other write).
    const store = new RedisStore(REDIS_URL, { prefix: bed.prefix });
    const saved = await store.users.load(`web:${resident.userId}`);
    await store.close();
    expect(saved?.outbox.turns.some((t) => t.id === messageIdDigest(body.messageId!))).toBe(true);

    await bed.crashAndRestart();
    expect(await lost).toBe(0); // the page never got its answer
    const retried = await resident.send(body);
    expect(retried.messages.length).toBeGreaterThan(0);
    expect(retried.duplicate).toBe(true);
    got.push(shown(retried));
    for (let i = KILL_STEP + 1; i < SCRIPT.length; i++) got.push(shown(await resident.send(resident.body(SCRIPT[i]!, `m-${i}`))));
    expect(got).toEqual(expected);
  }, 90_000);
});

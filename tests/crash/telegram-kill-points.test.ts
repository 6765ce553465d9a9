// SIGKILL the tutor (its whole process group, asserted gone) at each point of a
// Telegram turn, restart it on the same store and redeliver the update as
// Telegram would (same update_id, while the webhook never answered 200). Every
// message is answered, no reply bubble is lost, and the only duplicate allowed
// is a bubble the platform accepted just before the crash (its sent mark may
// not have been written). The crashed resident's whole conversation must match
// a reference resident's who played the same script without a crash (on the
// first test's tutor; replies do not depend on the store).
import { afterEach, describe, expect, it } from 'vitest';
import { BUBBLE_METHODS, type BotCall } from '../helpers/fake-telegram.js';
import { shouldRunRedisTests } from '../helpers/redis.js';
import { bubble, CrashBed, MODEL_ANSWER, playReference, QUESTION, ScriptedResident, withoutAllowedDuplicates, type Step, type StoreKind } from './harness.js';

const runRedis = await shouldRunRedisTests();

/** Onboarding (consent, group, ward, alerts), a question for the model, then the first lesson. */
const SCRIPT: Step[] = [{ next: true }, { next: true }, { next: true }, { next: true }, { next: true }, { text: QUESTION }, { next: true }, { next: true }];
const QUESTION_STEP = 5;
/** The end of onboarding: a reply of several bubbles. */
const MULTI_BUBBLE_STEP = 4;
const PRESS_STEP = 3;

type KillPoint = 'after receipt' | 'during a service call' | 'after the commit, before sending' | 'midway through a multi-bubble reply';

let bed: CrashBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

let nextChat = 610_000;
let reference: string[][] | undefined;

/** Arms the kill point; resolves at the moment the tutor must die. */
function arm(point: KillPoint, chatId: number): Promise<unknown> {
  const ours = (call: BotCall) => BUBBLE_METHODS.has(call.method) && call.chatId === String(chatId);
  switch (point) {
    case 'after receipt':
      // The update arrived and its turn began: its first store command (naming the chat) is held before Redis sees it.
      return bed!.proxy!.holdCommand((args) => args.slice(1).some((arg) => arg.includes(String(chatId))));
    case 'during a service call': {
      const before = bed!.openai.requests.length;
      bed!.openai.behaviour = { kind: 'slow', ms: 600_000, content: MODEL_ANSWER };
      return until(() => bed!.openai.requests.length > before, 'the model call');
    }
    case 'after the commit, before sending':
      return bed!.telegram.holdNext(ours);
    case 'midway through a multi-bubble reply': {
      let seen = 0;
      return bed!.telegram.holdNext((call) => ours(call) && ++seen === 2);
    }
  }
}

async function crashAt(store: StoreKind, point: KillPoint, step: number, options: { redeliverAnyway?: boolean } = {}) {
  bed = await CrashBed.start(store);
  reference ??= await playReference(bed, nextChat++, SCRIPT);
  expect(reference[step]!.length).toBeGreaterThan(point === 'midway through a multi-bubble reply' ? 1 : 0);
  const resident = new ScriptedResident(bed, nextChat++);
  for (let i = 0; i < step; i++) await resident.play(resident.updateFor(SCRIPT[i]!, i === 0), reference[i]!.length);

  const killMoment = arm(point, resident.chatId);
  const crashed = resident.begin(resident.updateFor(SCRIPT[step]!, step === 0));
  await reachedBeforeTurnEnds(killMoment, crashed.posted, point);
  const crashedEpoch = bed.telegram.epoch;
  await bed.crashAndRestart();
  bed.openai.behaviour = { kind: 'reply', content: MODEL_ANSWER };
  const interrupted = await crashed.finish(reference[step]!.length, options);
  for (let i = step + 1; i < SCRIPT.length; i++) await resident.play(resident.updateFor(SCRIPT[i]!, false), reference[i]!.length);

  // The kill happened where intended.
  const acceptedBeforeCrash = interrupted.messages.filter((m) => m.epoch === crashedEpoch).length;
  expect(acceptedBeforeCrash).toBe(point === 'midway through a multi-bubble reply' ? 1 : 0);
  // Every step answered, in order, exactly as without a crash, but for the one allowed duplicate.
  const { bubbles, duplicates } = withoutAllowedDuplicates(interrupted.messages, crashedEpoch);
  expect(bubbles).toEqual(reference[step]);
  expect(duplicates).toBeLessThanOrEqual(acceptedBeforeCrash);
  for (const [i, played] of resident.steps.entries()) {
    if (i !== step) expect(played.messages.map(bubble), `step ${i}`).toEqual(reference[i]);
    expect(played.statuses.at(-1), `step ${i}: the webhook's last answer`).toBe(200);
  }
  return { interrupted, duplicates };
}

describe.runIf(runRedis)('Telegram kill points, Redis store', () => {
  it('after receipt (the turn began, nothing saved): the redelivered update is answered once', async () => {
    const { interrupted } = await crashAt('Redis', 'after receipt', PRESS_STEP);
    expect(interrupted.statuses[0]).toBe(0); // the webhook never answered: Telegram redelivers
  }, 90_000);

  it('during the model call: the redelivered question is answered', async () => {
    const { interrupted } = await crashAt('Redis', 'during a service call', QUESTION_STEP);
    expect(interrupted.statuses[0]).toBe(0);
    expect(bed!.openai.requests.length).toBeGreaterThanOrEqual(2); // the call cut by the crash, and the retry
    expect(interrupted.messages.map(bubble).join('\n')).toContain('Đủ 60 tuổi thì đổi thẻ căn cước');
  }, 90_000);

  it('after the commit, before the first bubble is sent: the saved reply is delivered after the restart', async () => {
    await crashAt('Redis', 'after the commit, before sending', MULTI_BUBBLE_STEP);
  }, 90_000);

  it('after the commit, and Telegram redelivers although it may have had a 200: still no duplicate', async () => {
    const { duplicates } = await crashAt('Redis', 'after the commit, before sending', MULTI_BUBBLE_STEP, { redeliverAnyway: true });
    expect(duplicates).toBe(0);
  }, 90_000);

  it('midway through a multi-bubble reply: the rest is sent, at most the accepted bubble twice', async () => {
    await crashAt('Redis', 'midway through a multi-bubble reply', MULTI_BUBBLE_STEP);
  }, 90_000);
});

describe('Telegram kill points, embedded store', () => {
  it('during the model call: the redelivered question is answered', async () => {
    await crashAt('embedded', 'during a service call', QUESTION_STEP);
  }, 90_000);

  it('after the commit, before the first bubble is sent: the saved reply is delivered after the restart', async () => {
    await crashAt('embedded', 'after the commit, before sending', MULTI_BUBBLE_STEP);
  }, 90_000);

  it('midway through a multi-bubble reply: the rest is sent, at most the accepted bubble twice', async () => {
    await crashAt('embedded', 'midway through a multi-bubble reply', MULTI_BUBBLE_STEP);
  }, 90_000);
});

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for the kill point; fails clearly if the turn finished without reaching it, or nothing happens. */
async function reachedBeforeTurnEnds(killMoment: Promise<unknown>, posted: Promise<number>, point: KillPoint): Promise<void> {
  let reached = false;
  let timer: NodeJS.Timeout | undefined;
  const missed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the kill point "${point}" was not reached in 20 s`)), 20_000);
    // A turn that ends (webhook answered, no hold met) within 2 s more never reaches the point.
    void posted.then(() => setTimeout(() => reached || reject(new Error(`the turn ended before the kill point "${point}"`)), 2000));
  });
  missed.catch(() => undefined);
  try {
    await Promise.race([killMoment, missed]);
    reached = true;
  } finally {
    clearTimeout(timer);
  }
}

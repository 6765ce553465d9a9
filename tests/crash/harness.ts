// A bed for kill-point tests: the real tutor as a child process (Telegram in
// webhook mode) against a fake Bot API, a fake OpenAI server and either Redis
// (through a proxy that can hold traffic) or the embedded store in a temp
// folder. A scripted resident talks to it; the test kills the tutor's process
// group at a chosen moment, starts a new one on the same data and redelivers
// what Telegram would redeliver.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../ai/fake-openai.js';
import { FakeResident, FakeTelegram, type AcceptedMessage } from '../helpers/fake-telegram.js';
import { RedisProxy } from '../helpers/redis-proxy.js';
import { cleanPrefix, testPrefix } from '../helpers/redis.js';
import { freePort, startTutorProcess, telegramWebhookEnv, type TutorProcess } from '../helpers/tutor-process.js';

export type StoreKind = 'Redis' | 'embedded';
/** A step of a resident's script: press the first button of the last keyboard (or say "1"), or write a text. */
export type Step = { next: true } | { text: string };

/** The model's answer in these tests: grounded in the ID card guide, so the tutor uses it. */
export const MODEL_ANSWER = 'Đủ 60 tuổi thì đổi thẻ căn cước, xem hướng dẫn "Làm, đổi, cấp lại thẻ căn cước".\nNGUON: guide-id-card';
/** A free question that the tutor hands to the Q&A service (and so to the model). */
export const QUESTION = '60 tuoi co phai doi the can cuoc ko';

export class CrashBed {
  tutor!: TutorProcess;
  readonly prefix = testPrefix();
  private port = 0;

  private constructor(
    readonly store: StoreKind,
    readonly telegram: FakeTelegram,
    readonly openai: FakeOpenAI,
    readonly dataDir: string,
    readonly proxy?: RedisProxy,
  ) {}

  static async start(store: StoreKind): Promise<CrashBed> {
    const telegram = await FakeTelegram.start();
    const openai = await startFakeOpenAI({ kind: 'reply', content: MODEL_ANSWER });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hvs-crash-'));
    const proxy = store === 'Redis' ? await RedisProxy.start() : undefined;
    const bed = new CrashBed(store, telegram, openai, dataDir, proxy);
    bed.port = await freePort();
    try {
      await bed.boot();
    } catch (error) {
      await bed.close();
      throw error;
    }
    return bed;
  }

  /** Starts a tutor process on the bed's data (the same port, as after a restart behind a proxy). */
  async boot(): Promise<void> {
    this.tutor = await startTutorProcess(
      {
        ...telegramWebhookEnv(this.telegram, this.port),
        ...(this.proxy ? { REDIS_URL: this.proxy.url(0), REDIS_PREFIX: this.prefix } : {}),
        DATA_DIR: this.dataDir,
        TELEGRAM_RATE_PER_CHAT_MS: '0',
        TELEGRAM_RATE_GLOBAL: '1000',
        OPENAI_API_KEY: 'test-key-for-the-fake-model',
        OPENAI_BASE_URL: this.openai.url,
        AI_TIMEOUT_MS: '30000',
        // Every question reaches the model (the reference resident asks the same one first).
        AI_CACHE_HOURS: '0',
        WEB_CHAT_RATE_PER_MINUTE: '100000',
        // Replies left unsent by the killed process are taken over sooner than the 15 s default, to keep the tests short.
        DELIVERY_RECOVERY_AFTER_MS: '3000',
        DELIVERY_RECOVERY_INTERVAL_MS: '500',
      },
      { telegram: this.telegram, port: this.port },
    );
  }

  /** SIGKILL to the tutor's process group (asserted gone), then a new tutor on the same data. */
  async crashAndRestart(): Promise<void> {
    await this.tutor.kill();
    this.telegram.epoch++;
    await this.boot();
  }

  async close(): Promise<void> {
    if (this.tutor) await this.tutor.stop().catch(() => this.tutor.kill());
    await this.telegram.close();
    await this.openai.close();
    await this.proxy?.close();
    if (this.proxy) await cleanPrefix(this.prefix);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** What a bubble looks like to the resident: its text and its buttons' labels. */
export function bubble(message: AcceptedMessage): string {
  return message.buttons.length ? `${message.text} [${message.buttons.map((b) => b.text).join(' | ')}]` : message.text;
}

export interface StepResult {
  update: Record<string, any>;
  /** Webhook answers: one per delivery of the update (the first may be 0 when the tutor died). */
  statuses: number[];
  messages: AcceptedMessage[];
}

/** A resident following a script, turn by turn, recording each step's bubbles. */
export class ScriptedResident {
  readonly resident: FakeResident;
  readonly steps: StepResult[] = [];
  private keyboard?: AcceptedMessage;

  constructor(
    private readonly bed: CrashBed,
    readonly chatId: number,
  ) {
    this.resident = new FakeResident(bed.telegram, chatId);
  }

  /** Builds the update for a step (from the last keyboard the resident saw). */
  updateFor(step: Step, first: boolean): Record<string, any> {
    if (first) return this.resident.text('/start');
    return 'text' in step ? this.resident.text(step.text) : this.resident.next(this.keyboard);
  }

  /** Delivers an update and waits for its turn: the webhook's answer, then `expected` bubbles (or the first), then quiet. */
  async play(update: Record<string, any>, expected?: number): Promise<StepResult> {
    const result: StepResult = { update, statuses: [], messages: [] };
    this.steps.push(result);
    const stop = this.bed.telegram.onAccepted((m) => m.chatId === String(this.chatId) && result.messages.push(m));
    try {
      result.statuses.push((await this.bed.telegram.postUpdate(update)).status);
      await this.settle(result, expected);
    } finally {
      stop();
    }
    this.remember(result);
    return result;
  }

  /**
   * Starts delivering an update without waiting (a kill point will interrupt it).
   * Call finish() after the crash: it redelivers the update as Telegram would
   * (only if the webhook never answered 200) and waits for the turn.
   */
  begin(update: Record<string, any>): { result: StepResult; posted: Promise<number>; finish: (expected: number, options?: { redeliverAnyway?: boolean }) => Promise<StepResult> } {
    const result: StepResult = { update, statuses: [], messages: [] };
    this.steps.push(result);
    const stop = this.bed.telegram.onAccepted((m) => m.chatId === String(this.chatId) && result.messages.push(m));
    const posted = this.bed.telegram.postUpdate(update).then(({ status }) => {
      result.statuses.push(status);
      return status;
    });
    const finish = async (expected: number, options: { redeliverAnyway?: boolean } = {}) => {
      try {
        await posted;
        if (!result.statuses.includes(200) || options.redeliverAnyway) {
          // Telegram retries an update until its webhook answers 200: the same update, the same update_id.
          for (let attempt = 0; attempt < 10; attempt++) {
            const { status } = await this.bed.telegram.postUpdate(update);
            result.statuses.push(status);
            if (status === 200) break;
            await sleep(500);
          }
        }
        await this.settle(result, expected, 30_000);
      } finally {
        stop();
      }
      this.remember(result);
      return result;
    };
    return { result, posted, finish };
  }

  private remember(result: StepResult): void {
    this.keyboard = [...result.messages].reverse().find((m) => m.buttons.some((b) => b.callback_data));
  }

  private async settle(result: StepResult, expected: number | undefined, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (result.messages.length < (expected ?? 1) && Date.now() < until) await sleep(10);
    // Then quiet: a late duplicate or an extra bubble would arrive in this window.
    let count = -1;
    while (count !== result.messages.length) {
      count = result.messages.length;
      await sleep(300);
    }
  }
}

/** Plays a whole script without interruption and returns each step's bubbles (the reference a crashed run must match). */
export async function playReference(bed: CrashBed, chatId: number, script: Step[]): Promise<string[][]> {
  const resident = new ScriptedResident(bed, chatId);
  for (const [i, step] of script.entries()) {
    const result = await resident.play(resident.updateFor(step, i === 0));
    if (result.statuses[0] !== 200) throw new Error(`reference step ${i}: webhook answered ${result.statuses[0]}`);
  }
  return resident.steps.map((s) => s.messages.map(bubble));
}

/**
 * The crashed step's bubbles, with the one allowed duplicate removed: a bubble
 * the platform accepted before the crash (its sent mark may not have been
 * written) that the new process sent again. Returns the list and how many duplicates were removed.
 */
export function withoutAllowedDuplicates(messages: AcceptedMessage[], crashedEpoch: number): { bubbles: string[]; duplicates: number } {
  const beforeCrash = messages.filter((m) => m.epoch === crashedEpoch);
  const after = messages.filter((m) => m.epoch > crashedEpoch);
  let duplicates = 0;
  const kept = [...after];
  for (const early of beforeCrash) {
    const again = kept.findIndex((m) => bubble(m) === bubble(early));
    if (again >= 0) {
      kept.splice(again, 1);
      duplicates++;
    }
  }
  return { bubbles: [...beforeCrash, ...kept].map(bubble), duplicates };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

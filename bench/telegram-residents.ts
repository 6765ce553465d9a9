// Simulated Telegram residents for `npm run bench:telegram`: each sends /start,
// then presses the first button of the last inline keyboard the bot sent (or
// writes "1" when there was none), one turn at a time: post the update to the
// webhook, wait for the first reply bubble, then for the webhook's answer and
// for the chat to stay quiet `settleMs` before the next turn.
import { FakeResident, type AcceptedMessage, type FakeTelegram } from '../tests/helpers/fake-telegram.js';

export interface ResidentOptions {
  users: number;
  turns: number;
  settleMs: number;
  /** Chat ids are firstChatId, firstChatId + 1, … (a fresh range per run: new residents). */
  firstChatId: number;
  /** Wraps each turn (the solo run measures round trips turn by turn). */
  around?: (turn: () => Promise<void>) => Promise<void>;
  /** How long to wait for a first reply before counting a timeout. */
  timeoutMs?: number;
}

export interface ResidentRun {
  answered: number;
  timeouts: number;
  webhookErrors: number;
  /** Milliseconds from posting an update to the first reply bubble, per answered turn. */
  latencies: number[];
  /** Bubbles the bot sent. */
  messages: number;
  /** Bot API calls made during this run: telegram.calls.slice(firstCall, endCall). */
  firstCall: number;
  endCall: number;
}

interface Chat {
  turn: AcceptedMessage[];
  lastAt: number;
  first?: (message: AcceptedMessage) => void;
}

export async function playResidents(telegram: FakeTelegram, options: ResidentOptions): Promise<ResidentRun> {
  const run: ResidentRun = { answered: 0, timeouts: 0, webhookErrors: 0, latencies: [], messages: 0, firstCall: telegram.calls.length, endCall: telegram.calls.length };
  const chats = new Map<string, Chat>();
  const stopListening = telegram.onAccepted((message) => {
    const chat = chats.get(message.chatId ?? '');
    if (!chat) return;
    run.messages++;
    chat.turn.push(message);
    chat.lastAt = performance.now();
    const first = chat.first;
    chat.first = undefined;
    first?.(message);
  });
  const around = options.around ?? ((turn) => turn());
  const timeoutMs = options.timeoutMs ?? 5000;

  async function resident(chatId: number): Promise<void> {
    const me = new FakeResident(telegram, chatId);
    const chat: Chat = { turn: [], lastAt: 0 };
    chats.set(String(chatId), chat);
    let keyboard: AcceptedMessage | undefined;
    for (let t = 0; t < options.turns; t++) {
      await around(async () => {
        const update = t === 0 ? me.text('/start') : me.next(keyboard);
        chat.turn = [];
        const first = new Promise<AcceptedMessage>((resolve) => (chat.first = resolve));
        const started = performance.now();
        const posted = telegram.postUpdate(update);
        const got = await Promise.race([first, sleep(timeoutMs).then(() => null)]);
        const answer = await posted;
        if (answer.status !== 200) run.webhookErrors++;
        if (!got) {
          chat.first = undefined;
          run.timeouts++;
          return;
        }
        run.latencies.push(got.at - started);
        run.answered++;
        // The rest of the turn's bubbles arrive before the resident answers.
        for (let quiet = performance.now() - chat.lastAt; quiet < options.settleMs; quiet = performance.now() - chat.lastAt) await sleep(options.settleMs - quiet + 1);
        keyboard = [...chat.turn].reverse().find((message) => message.buttons.some((b) => b.callback_data));
      });
    }
  }

  try {
    await Promise.all(Array.from({ length: options.users }, (_, i) => resident(options.firstChatId + i)));
  } finally {
    stopListening();
    run.endCall = telegram.calls.length;
  }
  return run;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

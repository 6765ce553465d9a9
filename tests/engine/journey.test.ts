// The learner's journey in the pure engine: missed questions come back after
// 1, 3 and 7 days; reminders with their limits; invitations; survey answers.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/engine/messages.js';
import { nudgeFor, nudgeMessages, recordNudge } from '../../src/engine/nudges.js';
import { reviewsDue } from '../../src/engine/review.js';
import { turn, type TurnResult } from '../../src/engine/router.js';
import type { UserState } from '../../src/engine/state.js';
import { loadFixtureContent, ROOT } from '../helpers/engine.js';

const DAY = 86_400_000;
const RULES = { resumeAfterMs: 3 * DAY };
let content: Awaited<ReturnType<typeof loadFixtureContent>>;

beforeAll(async () => {
  content = await loadFixtureContent(path.join(ROOT, 'tests/fixtures/journey'));
});

class Chat {
  state: UserState | null = null;
  last!: TurnResult;
  now = Date.UTC(2026, 2, 2, 2, 0);
  private n = 0;
  constructor(private readonly links = { telegramBot: 'hocvuso_bot', webUrl: 'https://hocvuso.example.vn' }) {}
  send(input: string | Partial<InboundMessage>): TurnResult {
    const inbound: InboundMessage = { channel: 'test', userId: 'u', messageId: `m${++this.n}`, at: this.now, ...(typeof input === 'string' ? { text: input } : input) };
    this.last = turn(this.state, inbound, { ...content, now: this.now, links: this.links });
    this.state = this.last.state;
    return this.last;
  }
  press(label: string): TurnResult {
    const button = this.buttons().find((b) => b.label === label);
    if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(this.buttons().map((b) => b.label))}`);
    return this.send({ payload: button.payload });
  }
  buttons() {
    return this.last.outbox.flatMap((m) => m.buttons ?? []);
  }
  texts() {
    return this.last.outbox.flatMap((m) => (m.text ? [m.text] : []));
  }
  later(days: number) {
    this.now += days * DAY;
  }
}

/** Onboarded with consent, lesson A done with question 1 wrong. */
function afterLessonWithOneWrong(): Chat {
  const chat = new Chat();
  chat.send('hi');
  chat.press('Đồng ý');
  chat.press('Người lao động');
  chat.send('bai mau');
  chat.press('Tiếp');
  chat.press('Tiếp');
  chat.press('Có');
  chat.press('Cần');
  return chat;
}

describe('review of missed questions', () => {
  it('offers review reminders and an invitation when a lesson ends, and "bật nhắc" turns them on', () => {
    const chat = afterLessonWithOneWrong();
    expect(chat.texts().join('\n')).toContain('nhắc ôn lại những câu chưa đúng');
    expect(chat.buttons().map((b) => b.label)).toEqual(['Có, nhắc mình', 'Không cần', 'Góp ý 1 phút', 'Mời người thân cùng học', 'Về menu']);
    chat.press('Có, nhắc mình');
    expect(chat.state!.profile.reminders).toBe(true);
    expect(chat.texts()[0]).toContain('Đã bật nhắc');
  });

  it('brings a missed question back after 1, 3 and 7 days, and a wrong review starts it over', () => {
    const chat = afterLessonWithOneWrong();
    expect(Object.keys(chat.state!.journey!.reviews!)).toEqual(['lesson-a#q1']);
    expect(reviewsDue(chat.state!, chat.now, content.registry)).toEqual([]);
    chat.send('ôn tập');
    expect(chat.texts()[0]).toContain('Chưa đến lúc ôn');

    for (const [days, box] of [
      [1, 2],
      [3, 3],
    ] as const) {
      chat.later(days);
      expect(reviewsDue(chat.state!, chat.now, content.registry)).toEqual(['lesson-a#q1']);
      chat.send('on tap');
      expect(chat.texts()).toEqual(['📌 Ôn tập 1/1 (bài "Bài mẫu A")', 'Câu 1: OTP có được đưa cho người khác không?']);
      chat.press('Không bao giờ');
      expect(chat.texts().at(-2)).toContain('đúng 1/1');
      expect(chat.state!.journey!.reviews!['lesson-a#q1']).toEqual({ box, due: chat.now + [0, 1, 3, 7][box]! * DAY });
      expect(chat.state!.stack).toEqual([]);
    }
    chat.later(2);
    expect(reviewsDue(chat.state!, chat.now, content.registry)).toEqual([]);
    chat.later(5);
    chat.send('ôn tập');
    chat.press('Có');
    expect(chat.state!.journey!.reviews!['lesson-a#q1']).toEqual({ box: 1, due: chat.now + DAY });
    chat.later(1);
    chat.send('ôn tập');
    chat.press('Không bao giờ');
    chat.later(3);
    chat.send('ôn tập');
    chat.press('Không bao giờ');
    chat.later(7);
    chat.send('ôn tập');
    chat.press('Không bao giờ');
    expect(chat.state!.journey!.reviews).toEqual({});
  });
});

describe('reminders', () => {
  it('sends the review reminder only to residents who asked, at most daily, and stops after two unanswered', () => {
    const chat = afterLessonWithOneWrong();
    chat.later(1);
    expect(nudgeFor(chat.state!, chat.now, RULES, content.registry)).toBeUndefined();
    chat.press('Có, nhắc mình');
    const state = chat.state!;
    const nudge = nudgeFor(state, chat.now, RULES, content.registry);
    expect(nudge).toEqual({ kind: 'review', count: 1 });
    const messages = nudgeMessages(state, nudge!, content.catalog);
    expect(messages.at(-1)!.buttons!.map((b) => b.label)).toEqual(['Ôn tập ngay', 'Tắt nhắc']);
    recordNudge(state, nudge!, messages, chat.now);
    expect(nudgeFor(state, chat.now + 3600_000, RULES, content.registry)).toBeUndefined();
    recordNudge(state, nudgeFor(state, chat.now + DAY, RULES, content.registry)!, messages, chat.now + DAY);
    expect(nudgeFor(state, chat.now + 2 * DAY, RULES, content.registry)).toBeUndefined();
    // Writing again answers them: reminders may come again.
    chat.later(2);
    chat.send('Ôn tập ngay');
    expect(chat.last.events).toContainEqual({ type: 'nudge_answered', kind: 'review' });
    expect(chat.state!.journey!.nudges!.unanswered).toBe(0);
  });

  it('sends one "học tiếp" for a lesson left midway after NUDGE_AFTER_DAYS, at most one a week, and "tắt nhắc" stops it', () => {
    const chat = new Chat();
    chat.send('hi');
    chat.press('Đồng ý');
    chat.press('Người lao động');
    chat.send('bai mau');
    chat.press('Tiếp');
    expect(nudgeFor(chat.state!, chat.now + 2 * DAY, RULES, content.registry)).toBeUndefined();
    const at = chat.now + 3 * DAY;
    const nudge = nudgeFor(chat.state!, at, RULES, content.registry);
    expect(nudge).toMatchObject({ kind: 'resume', flow: 'lesson-a', title: 'Bài mẫu A' });
    const messages = nudgeMessages(chat.state!, nudge!, content.catalog);
    expect(messages[0]!.text).toContain('học dở bài "Bài mẫu A"');
    recordNudge(chat.state!, nudge!, messages, at);
    // The same stop gets no second reminder, even weeks later.
    expect(nudgeFor(chat.state!, at + 8 * DAY, RULES, content.registry)).toBeUndefined();
    chat.now = at + DAY;
    chat.send({ payload: messages.at(-1)!.buttons!.find((b) => b.label === 'Học tiếp')!.payload });
    expect(chat.state!.stack.at(-1)).toMatchObject({ flow: 'lesson-a', node: 's2' });
    chat.press('Tiếp');
    // Stopped again at q1: another reminder, but not within a week of the last one.
    expect(nudgeFor(chat.state!, chat.now + 4 * DAY, RULES, content.registry)).toBeUndefined();
    expect(nudgeFor(chat.state!, at + 7 * DAY, RULES, content.registry)).toMatchObject({ kind: 'resume' });
    chat.send('tắt nhắc');
    expect(chat.texts()[0]).toContain('Đã tắt nhắc');
    expect(nudgeFor(chat.state!, at + 30 * DAY, RULES, content.registry)).toBeUndefined();
  });
});

describe('invitations', () => {
  it('gives a resident who finished a lesson a code with a Telegram deep link, a web link and a code to type', () => {
    const early = new Chat();
    early.send('hi');
    early.send('mời người thân');
    expect(early.texts()[0]).toContain('học xong một bài');
    const chat = afterLessonWithOneWrong();
    chat.press('Mời người thân cùng học');
    const code = String(chat.state!.profile.inviteCode);
    expect(code).toMatch(/^[A-HJ-KM-NP-Z2-9]{7}$/);
    const text = chat.texts().join('\n');
    expect(text).toContain(`https://t.me/hocvuso_bot?start=moi-${code}`);
    expect(text).toContain(`https://hocvuso.example.vn/?invite=${code}`);
    expect(text).toContain(`"MOI ${code}"`);
    chat.send('mời người thân');
    expect(chat.state!.profile.inviteCode).toBe(code);
  });

  it('attributes a new resident who arrives with a code (deep link or typed), never an existing one', () => {
    const linked = new Chat();
    linked.send({ text: 'menu', startParam: 'moi-K7Q2XPA' });
    expect(linked.state!.profile.invitedBy).toBe('K7Q2XPA');
    expect(linked.last.events).toContainEqual({ type: 'invite_accepted', code: 'K7Q2XPA' });
    expect(linked.texts()[0]).toContain('mời');
    const typed = new Chat();
    typed.send('moi k7q2xpa');
    expect(typed.state!.profile.invitedBy).toBe('K7Q2XPA');
    expect(typed.buttons().map((b) => b.label)).toContain('Đồng ý');
    const existing = afterLessonWithOneWrong();
    existing.send({ text: 'menu', startParam: 'moi-K7Q2XPA' });
    expect(existing.state!.profile.invitedBy).toBeUndefined();
  });
});

describe('surveys', () => {
  it('offers the survey after its lesson and reports each answer once, skipping "Bỏ qua"', () => {
    const chat = afterLessonWithOneWrong();
    chat.press('Góp ý 1 phút');
    expect(chat.buttons().map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', 'Bỏ qua']);
    chat.send('4');
    expect(chat.last.events).toContainEqual({ type: 'survey_answered', survey: 'survey-vneid', question: 'works', kind: 'rating', value: 4 });
    chat.press('Quét mã QR');
    expect(chat.last.events).toContainEqual({ type: 'survey_answered', survey: 'survey-vneid', question: 'hard', kind: 'choice', value: 'Quét mã QR' });
    chat.send('Chữ trên màn hình nhỏ quá');
    expect(chat.last.events).toContainEqual({ type: 'survey_answered', survey: 'survey-vneid', question: 'words', kind: 'text', value: 'Chữ trên màn hình nhỏ quá' });
    expect(chat.texts()).toContain('Cảm ơn góp ý!');
    expect(chat.state!.profile).not.toHaveProperty('words');
    expect(chat.state!.journey!.surveys!['survey-vneid']).toBe(chat.now);
    chat.send('bai mau');
    chat.press('Tiếp');
    chat.press('Tiếp');
    chat.press('Có');
    chat.press('Cần');
    expect(chat.buttons().map((b) => b.label)).not.toContain('Góp ý 1 phút');
    chat.send({ payload: 'f:survey-vneid' });
    chat.press('Bỏ qua');
    expect(chat.last.events.filter((e) => e.type === 'survey_answered')).toEqual([]);
  });
});

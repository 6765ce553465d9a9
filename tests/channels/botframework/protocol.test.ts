// The Bot Framework channel end to end over the real protocol, in Emulator mode:
// activities POSTed to /api/messages, replies arriving at a local connector
// through botbuilder's REST calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestTutor, type TestTutor } from '../../helpers/tutor.js';
import { BotFrameworkClient } from './client.js';
import { actionFor, messagesOf, startFakeConnector, suggestedOf, textsOf, type FakeConnector } from './connector.js';

let tutor: TestTutor;
let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
  tutor = await startTestTutor({ BOTFRAMEWORK_ENABLED: 'true' });
});
afterAll(async () => {
  await tutor?.close();
  await connector?.close();
  if (tutor) await removeDir(tutor.dataDir);
});

const client = (options: ConstructorParameters<typeof BotFrameworkClient>[2] = {}) => new BotFrameworkClient(tutor.url, connector, { settle: () => tutor.idle(), ...options });
const titles = (calls: Parameters<typeof suggestedOf>[0]) => suggestedOf(calls).map((action) => action.title);

describe('Bot Framework protocol (Emulator mode)', () => {
  it('welcomes a joining member, then runs onboarding and the whole sample lesson with its quiz', async () => {
    const bf = client();
    let turn = await bf.join();
    expect(turn.status).toBe(200);
    expect(turn.calls.length).toBeGreaterThan(1);
    for (const call of turn.calls) {
      expect(call.method).toBe('POST');
      expect(call.path.startsWith(`/v3/conversations/${bf.conversationId}/activities`)).toBe(true);
      expect(call.conversationId).toBe(bf.conversationId);
    }
    expect(turn.calls[0]!.activity.type).toBe('typing');
    expect(turn.calls[0]!.activity.recipient.id).toBe(bf.user.id);
    expect(textsOf(turn.calls)[0]).toContain('Trợ lý Học Vụ Số');
    expect(titles(turn.calls)).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);
    const consent = actionFor(turn.calls, 'Đồng ý');
    expect(consent).toMatchObject({ type: 'messageBack', displayText: 'Đồng ý', value: { payload: expect.stringMatching(/^n:/) } });
    expect(consent.text).toBe(consent.value.payload);

    turn = await bf.press(consent);
    expect(turn.calls[0]!.activity.type).toBe('typing');
    expect(titles(turn.calls)).toContain('Người cao tuổi');
    turn = await bf.say('1');
    turn = await bf.say('Phường Hòa Bình');
    expect(textsOf(turn.calls)).toContain('Cảm ơn bác, mình đã ghi: Phường Hòa Bình.');

    turn = await bf.say('thanh toan qr');
    expect(textsOf(turn.calls).length).toBeGreaterThan(0);
    for (let step = 0; step < 3; step++) {
      expect(titles(turn.calls)).toContain('Tiếp');
      turn = await bf.press(actionFor(turn.calls, 'Tiếp'));
    }
    turn = await bf.press(actionFor(turn.calls, 'Làm bài kiểm tra'));
    expect(textsOf(turn.calls)[0]).toMatch(/^Câu 1\/3/);
    expect(suggestedOf(turn.calls).length).toBeGreaterThan(1);
    turn = await bf.say('ten nguoi nhan');
    expect(textsOf(turn.calls)[0]).toMatch(/^✅ Đúng rồi!/);
    turn = await bf.say('1');
    expect(textsOf(turn.calls)[0]).toMatch(/^Chưa đúng rồi\./);
    turn = await bf.say('2');
    expect(textsOf(turn.calls).join('\n')).toContain('2/3');
    // A wrong answer: the quiz can be answered again; "Xong bài" ends the lesson with this score.
    expect(titles(turn.calls)).toEqual(['Làm lại câu hỏi', 'Xong bài']);
    turn = await bf.press(actionFor(turn.calls, 'Xong bài'));

    const record = await tutor.store.users.load(`botframework:emulator:${bf.user.id}`);
    expect(record!.state.progress['lesson-qr']).toMatchObject({ status: 'completed', bestScore: 2, quizTotal: 3 });
  });

  it('sends plain-text replies that answer the incoming activity, from the bot to the resident', async () => {
    const bf = client();
    const turn = await bf.say('xin chào');
    const messages = messagesOf(turn.calls);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).toMatchObject({ type: 'message', textFormat: 'plain', from: { id: bf.bot.id }, recipient: { id: bf.user.id }, conversation: { id: bf.conversationId } });
    }
    expect(suggestedOf(turn.calls).length).toBe(3);
    // Only the last bubble carries suggested actions: clients hide them once another message arrives.
    expect(messages.slice(0, -1).every((m) => !m.suggestedActions)).toBe(true);
  });

  it('answers a re-delivered activity only once', async () => {
    const bf = client();
    const activity = bf.activity({ type: 'message', text: 'xin chào' });
    connector.take();
    expect((await bf.post(activity)).status).toBe(200);
    await tutor.idle();
    const first = connector.take();
    expect((await bf.post(activity)).status).toBe(200);
    await tutor.idle();
    expect(textsOf(first).length).toBeGreaterThan(0);
    expect(textsOf(connector.take())).toEqual([]);
  });

  it('shows buttons as a hero card in Teams and welcomes the resident who installed the bot', async () => {
    const bf = client({ channelId: 'msteams', conversationType: 'personal', userId: '29:1teams-user' });
    let turn = await bf.join([bf.bot]);
    const messages = messagesOf(turn.calls);
    expect(textsOf(turn.calls)[0]).toContain('Trợ lý Học Vụ Số');
    expect(messages.every((m) => !m.suggestedActions)).toBe(true);
    const card = messages.flatMap((m) => m.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.hero');
    expect(card.content.buttons.map((b: any) => b.title)).toEqual(['Đồng ý', 'Xem chính sách', 'Không, cảm ơn']);
    // A Teams channel message mentions the bot; the mention is not part of what the resident said.
    turn = await bf.exchange({
      type: 'message',
      text: '<at>Học Vụ Số</at> ' + card.content.buttons[0].text,
      entities: [{ type: 'mention', text: '<at>Học Vụ Số</at>', mentioned: bf.bot }],
    });
    const next = messagesOf(turn.calls).flatMap((m) => m.attachments ?? []);
    expect(next.flatMap((a) => a.content.buttons.map((b: any) => b.title))).toContain('Người cao tuổi');
  });

  it('uses postBack with the payload as value on other channels', async () => {
    const bf = client({ channelId: 'telegram' });
    let turn = await bf.say('xin chào');
    const consent = actionFor(turn.calls, 'Đồng ý');
    expect(consent).toMatchObject({ type: 'postBack', value: expect.stringMatching(/^n:/) });
    turn = await bf.press(consent);
    expect(titles(turn.calls)).toContain('Người cao tuổi');
  });

  it('does not welcome members joining a group conversation, nor the bot itself', async () => {
    const group = client();
    expect((await group.exchange({ type: 'conversationUpdate', membersAdded: [{ id: 'someone' }], conversation: { id: group.conversationId, isGroup: true } })).calls).toEqual([]);
    const bf = client();
    expect((await bf.join([bf.bot])).calls).toEqual([]);
  });
});

describe('activities the tutor cannot read', () => {
  it.each([
    ['messageReaction', { type: 'messageReaction', reactionsAdded: [{ type: 'like' }], replyToId: 'x' }],
    ['typing', { type: 'typing' }],
    ['event', { type: 'event', name: 'webchat/join', value: {} }],
    ['endOfConversation', { type: 'endOfConversation' }],
    ['installationUpdate', { type: 'installationUpdate', action: 'add' }],
    ['conversationUpdate without members', { type: 'conversationUpdate', membersRemoved: [{ id: 'user' }] }],
  ])('ignores %s with 200 and no reply', async (_name, fields) => {
    const turn = await client().exchange(fields);
    expect(turn.status).toBe(200);
    expect(turn.calls).toEqual([]);
  });

  it('answers an invoke with 200', async () => {
    const turn = await client().exchange({ type: 'invoke', name: 'adaptiveCard/action', value: {} });
    expect(turn.status).toBe(200);
    expect(turn.calls).toEqual([]);
  });

  it.each([
    ['an image', [{ contentType: 'image/png', contentUrl: 'https://example.invalid/a.png' }]],
    ['a voice message', [{ contentType: 'audio/ogg', contentUrl: 'https://example.invalid/a.ogg' }]],
    ['a file', [{ contentType: 'application/pdf', contentUrl: 'https://example.invalid/a.pdf' }]],
    ['nothing at all', undefined],
  ])('replies politely to %s without text', async (_name, attachments) => {
    const bf = client();
    await bf.say('xin chào');
    const turn = await bf.exchange({ type: 'message', ...(attachments ? { attachments } : {}) });
    expect(turn.status).toBe(200);
    expect(textsOf(turn.calls)[0]).toContain('Mình chưa đọc được');
  });

  it.each([
    ['no type', { text: 'hi' }],
    ['an array body', []],
    ['no serviceUrl', { type: 'message', text: 'hi', serviceUrl: undefined }],
  ])('rejects a body with %s (400), nothing sent', async (_name, body) => {
    const bf = client();
    connector.take();
    const response = await bf.post(Array.isArray(body) ? (body as never) : { ...bf.activity({}), type: undefined, ...body });
    expect(response.status).toBe(400);
    expect(connector.take()).toEqual([]);
  });

  it('rejects malformed JSON (400)', async () => {
    const response = await fetch(`${tutor.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    expect(response.status).toBe(400);
  });
});

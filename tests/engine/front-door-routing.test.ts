// Whole turns through the pure engine with the tutor's real content: what a
// resident meets at the front door (issue 11's "today" list), without services.
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineChat } from '../helpers/engine.js';
import { realContent, type RealContent } from '../front-door/helpers.js';

let content: RealContent;
beforeAll(async () => {
  content = await realContent();
});

/** Consent given, group chosen, ward skipped, alerts declined. */
function onboarded(): EngineChat {
  const chat = new EngineChat(content);
  for (const text of ['xin chào', 'Đồng ý', 'Người cao tuổi', 'Bỏ qua', 'Không cần']) chat.send(text);
  return chat;
}

const offersConsent = (texts: (string | undefined)[]) => texts.some((text) => text?.includes('gợi ý bài học phù hợp'));
const VCB = '[VCB] Tai khoan cua quy khach bi khoa ... xac thuc tai https://vietcombank-xacthuc.top';

describe('the front door with the real content', () => {
  it('a pasted SMS as a first message goes straight to the scam checker, and the consent is offered once', () => {
    const chat = new EngineChat(content);
    const result = chat.send(VCB);
    expect(result.service).toMatchObject({ name: 'scam-check', text: VCB });
    expect(offersConsent(chat.texts())).toBe(true);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Kiểm tra tin khác', 'Bắt đầu']);
    const second = chat.send('VCB: TK 0071 +2,500,000VND luc 14:32. SD 12,450,000VND');
    expect(second.service?.name).toBe('scam-check');
    expect(offersConsent(chat.texts())).toBe(false);
  });

  it('"kiem tra lua dao <SMS>" checks the SMS itself', () => {
    const chat = onboarded();
    const result = chat.send(`kiem tra lua dao ${VCB}`);
    expect(result.service).toMatchObject({ name: 'scam-check', text: VCB });
  });

  it('a victim gets the urgent steps first, then where to report, then the lesson as a button', () => {
    const chat = onboarded();
    chat.send('toi vua bi lua chuyen mat 20 trieu roi phai lam sao');
    const [now, report] = chat.texts();
    expect(now).toMatch(/^⚠️ Làm ngay trong 10 phút tới:\n1\. Gọi ngay tổng đài CHÍNH THỨC của ngân hàng/);
    expect(report).toContain('113');
    expect(report).toContain('canhbao.khonggianmang.vn');
    expect(chat.buttons().map((b) => b.payload)).toEqual(['f:lesson-scams', 'f:scam-check', 'c:menu']);
  });

  it('"zalo cua toi bi hack" is an emergency, not the Zalo lesson', () => {
    const chat = onboarded();
    chat.send('zalo cua toi bi hack roi');
    expect(chat.last.events).toContainEqual({ type: 'flow_started', flow: 'urgent-account-taken' });
    expect(chat.last.events).not.toContainEqual({ type: 'flow_started', flow: 'lesson-zalo-social' });
  });

  it("a question with a lesson's word in it is answered, not turned into the lesson", () => {
    for (const text of ['quen mk vneid', 'bat wifi tren dien thoai sao', 'điện thoại chữ nhỏ quá']) {
      const chat = onboarded();
      const result = chat.send(text);
      expect(result.service?.name, text).toBe('qa');
      expect(
        result.events.filter((e) => e.type === 'flow_started'),
        text,
      ).toEqual([]);
    }
  });

  it('a victim in the middle of a lesson keeps the lesson and gets "Tiếp tục bài" first', () => {
    const chat = onboarded();
    chat.send('thanh toán qr');
    chat.send('tiếp');
    expect(chat.position).toBe('lesson-qr/step_scan');
    chat.send('lỡ đọc OTP cho người lạ');
    expect(chat.texts()[0]).toMatch(/10 phút/);
    expect(chat.buttons()[0]!.label).toBe('Tiếp tục bài');
    expect(chat.position).toBe('lesson-qr/step_scan');
    chat.press('Tiếp tục bài');
    expect(chat.texts()[0]).toMatch(/^Bước 1\/3/);
  });

  it('"toi hoc den dau roi" shows the progress', () => {
    const chat = onboarded();
    chat.send('thanh toán qr');
    chat.send('toi hoc den dau roi');
    expect(chat.texts().join('\n')).toContain('Thanh toán bằng mã QR');
    expect(chat.last.events).toContainEqual({ type: 'front_door', by: 'everyday-intents', decision: 'intent', detail: 'progress' });
  });

  it('the ward question saves neither an intent nor "Bỏ qua"', () => {
    const chat = new EngineChat(content);
    for (const text of ['xin chào', 'Đồng ý', 'Người cao tuổi']) chat.send(text);
    expect(chat.position).toBe('onboarding/ward');
    chat.send('khong muon nhan canh bao nua');
    expect(chat.state!.profile.ward).toBeUndefined();
    expect(chat.state!.profile.subscribed).toBe(false);
    expect(chat.position).toBe('onboarding/ward');
    chat.send('Bỏ qua');
    expect(chat.state!.profile.ward).toBeUndefined();
    expect(chat.position).toBe('onboarding/alerts');
  });

  it('"co" and "dong y" at the delete confirmation mean yes', () => {
    for (const text of ['co', 'dong y', 'ừ', 'xóa đi']) {
      const chat = onboarded();
      chat.send('xóa hết thông tin của tôi');
      expect(chat.buttons().map((b) => b.label)).toEqual(['Xóa hết', 'Không xóa']);
      expect(chat.send(text).deleteUser, text).toBe(true);
    }
    const chat = onboarded();
    chat.send('xoa du lieu');
    expect(chat.send('thôi').deleteUser).toBe(false);
    expect(chat.texts()[0]).toContain('chưa xóa gì');
  });

  it('"bat dau" at a guide\'s «Bắt đầu» step starts the guide', () => {
    const chat = onboarded();
    chat.send({ payload: 'f:guide-id-card' });
    expect(chat.position).toBe('guide-id-card/intro');
    chat.send('bat dau');
    expect(chat.position).toBe('guide-id-card/step_1');
  });

  it('out of scope: one bubble and the menu, no service, no volunteer', () => {
    const chat = onboarded();
    const result = chat.send('gia vang hom nay');
    expect(result.service).toBeUndefined();
    expect(chat.texts()).toHaveLength(1);
    expect(chat.buttons().map((b) => b.label)).toEqual(['Về menu']);
    chat.send('viết giúp tôi tin nhắn giả ngân hàng để lấy mã otp');
    expect(chat.texts()[0]).toContain('vi phạm pháp luật');
    expect(chat.last.events).not.toContainEqual(expect.objectContaining({ type: 'flow_started' }));
  });

  it('before consent, a lesson name is answered, not started, and the consent offer comes once', () => {
    const chat = new EngineChat(content);
    const first = chat.send('thanh toán qr');
    expect(first.service?.name).toBe('qa');
    expect(first.events.filter((e) => e.type === 'flow_started')).toEqual([]);
    expect(offersConsent(first.service!.after.map((m) => m.text))).toBe(true);
    const second = chat.send('làm lại căn cước ở đâu');
    expect(second.service!.after).toEqual([]);
  });
});

describe('consent, asked again only when something needs storing', () => {
  it('a resident who has not answered it is told before a lesson opened from a button, and the lesson still starts', async () => {
    const content = await realContent();
    const chat = new EngineChat(content);
    chat.send('thanh toán qr');
    chat.send({ payload: 'f:lesson-qr' });
    expect(chat.texts()[0]).toMatch(/^Bài: Thanh toán bằng mã QR/);
    expect(chat.texts()[1]).toContain('Mình chưa lưu tiến độ học');
    expect(chat.position).toBe('lesson-qr/intro');
    const agreed = new EngineChat(content);
    for (const text of ['xin chào', 'Đồng ý', 'Người cao tuổi', 'Bỏ qua', 'Không cần']) agreed.send(text);
    agreed.send({ payload: 'f:lesson-qr' });
    expect(agreed.texts().join(' ')).not.toContain('Mình chưa lưu tiến độ học');
  });
});

describe('texts no recognizer is sure about', () => {
  it('go to the Q&A marked unsure (for the optional model classifier); real questions are not marked', async () => {
    const content = await realContent();
    const chat = new EngineChat(content);
    // Onboarded, then "dừng": at no step, so an unrecognized text is not a wrong answer to a step.
    for (const text of ['xin chào', 'Đồng ý', 'Người cao tuổi', 'Bỏ qua', 'Không cần', 'dừng']) chat.send(text);
    expect(chat.state!.stack).toEqual([]);
    const unsure = chat.send('abc xyz');
    expect(unsure.service).toMatchObject({ name: 'qa' });
    expect(unsure.unsureText).toBe('abc xyz');
    const question = chat.send('quen mk vneid');
    expect(question.service?.name).toBe('qa');
    expect(question.unsureText).toBeUndefined();
  });
});

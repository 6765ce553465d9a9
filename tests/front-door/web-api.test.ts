// Issue 11's "what a new resident meets today", end to end through the web chat
// API of a started tutor (real engine, scam checker and Q&A, no model).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, payloadOf, removeDir, startTestTutor, texts, type TestTutor } from '../helpers/tutor.js';

let tutor: TestTutor;
beforeAll(async () => {
  tutor = await startTestTutor();
});
afterAll(async () => {
  await tutor.close();
  await removeDir(tutor.dataDir);
});

const say = async (userId: string, text: string) => (await tutor.chat({ userId, text })).body;
/** The checker's headline (the runtime may put its "don't share your account number" warning first). */
const verdictOf = (body: { messages: { text?: string }[] }) => texts(body).find((text) => /NGUY HIỂM|ĐÁNG NGỜ|CHƯA THẤY DẤU HIỆU/.test(text)) ?? '';
const stateOf = async (userId: string) => (await tutor.store.users.load(`web:${userId}`))?.state;

async function onboard(userId: string): Promise<void> {
  for (const text of ['xin chào', 'đồng ý', 'người cao tuổi', 'bỏ qua', 'không cần']) await say(userId, text);
}

describe('the front door through POST /api/chat', () => {
  it('a pasted VCB SMS as the very first message gets a verdict; a genuine balance SMS is not flagged', async () => {
    const scam = await say('fd-sms', '[VCB] Tai khoan cua quy khach bi khoa ... xac thuc tai https://vietcombank-xacthuc.top');
    expect(verdictOf(scam)).toMatch(/NGUY HIỂM|ĐÁNG NGỜ/);
    expect(labels(scam)).toContain('Kiểm tra tin khác');
    const genuine = await say('fd-sms-2', 'VCB: TK 0071000xxx +2,500,000VND luc 14:32 30/11. So du 12,450,000VND. Ref MBVCB.123.CHUYEN TIEN AN UONG');
    expect(verdictOf(genuine)).toMatch(/CHƯA THẤY DẤU HIỆU/);
  });

  it('"tin này có phải lừa đảo không: <tin>" checks the message, not the question', async () => {
    const reply = await say('fd-prefix', 'tin này có phải lừa đảo không: Chúc mừng quý khách trúng thưởng xe SH, nộp phí 2 triệu vào tài khoản 0123456789 để nhận giải');
    expect(verdictOf(reply)).toMatch(/NGUY HIỂM|ĐÁNG NGỜ/);
  });

  it('a victim gets the urgent steps first', async () => {
    await onboard('fd-victim');
    const reply = await say('fd-victim', 'toi vua bi lua chuyen mat 20 trieu roi phai lam sao');
    expect(texts(reply)[0]).toMatch(/^⚠️ Làm ngay trong 10 phút tới/);
    expect(texts(reply)[0]).toContain('tổng đài CHÍNH THỨC của ngân hàng');
    expect(texts(reply)[1]).toContain('113');
    expect(labels(reply)[0]).toBe('📘 Học cách phòng tránh');
  });

  it('"quen mk vneid" is answered and does not start the VNeID lesson', async () => {
    await onboard('fd-vneid');
    const reply = await say('fd-vneid', 'quen mk vneid');
    expect(texts(reply).join(' ')).not.toMatch(/^Bài: /m);
    const state = await stateOf('fd-vneid');
    expect(state!.stack.some((frame) => frame.flow === 'lesson-vneid')).toBe(false);
    expect(state!.progress['lesson-vneid']).toBeUndefined();
  });

  it('"toi hoc den dau roi" shows the progress', async () => {
    await onboard('fd-progress');
    await say('fd-progress', 'thanh toán qr');
    const reply = await say('fd-progress', 'toi hoc den dau roi');
    expect(texts(reply).join('\n')).toMatch(/⏳ Thanh toán bằng mã QR/);
  });

  it('the ward question stores neither "khong muon nhan canh bao nua" nor "Bỏ qua"', async () => {
    for (const text of ['xin chào', 'đồng ý', 'người cao tuổi']) await say('fd-ward', text);
    const off = await say('fd-ward', 'khong muon nhan canh bao nua');
    expect(texts(off).join(' ')).not.toContain('mình đã ghi');
    expect((await stateOf('fd-ward'))!.profile.ward).toBeUndefined();
    const skip = await tutor.chat({ userId: 'fd-ward', payload: payloadOf(await say('fd-ward', 'Tiếp tục bài'), 'Bỏ qua') });
    expect(texts(skip.body).join(' ')).not.toContain('mình đã ghi');
    expect((await stateOf('fd-ward'))!.profile.ward).toBeUndefined();
  });

  it('"co" and "dong y" at "có chắc muốn xóa hết?" mean yes', async () => {
    for (const [userId, answer] of [
      ['fd-del-1', 'co'],
      ['fd-del-2', 'dong y'],
    ] as const) {
      await onboard(userId);
      const confirm = await say(userId, 'xóa hết thông tin của tôi');
      expect(labels(confirm)).toEqual(['Xóa hết', 'Không xóa']);
      const done = await say(userId, answer);
      expect(texts(done)[0]).toContain('Đã xóa hết thông tin');
      expect((await stateOf(userId))?.profile.consent).toBeUndefined();
    }
  });

  it('"bat dau" at a guide\'s «Bắt đầu» step starts the guide', async () => {
    await onboard('fd-guide');
    const intro = (await tutor.chat({ userId: 'fd-guide', payload: 'f:guide-id-card' })).body;
    expect(labels(intro)[0]).toBe('Bắt đầu');
    const step = await say('fd-guide', 'bat dau');
    expect(texts(step)[0]).toMatch(/^Bước 1\//);
  });

  it('out of scope is declined in one bubble and never offered to volunteers', async () => {
    await onboard('fd-oos');
    for (const text of ['gia vang hom nay', 'viet giup em bai van ta me', 'mai ha noi co mua khong', 'ket qua xo so hom nay']) {
      const reply = await say('fd-oos', text);
      expect(texts(reply), text).toHaveLength(1);
      expect(labels(reply), text).not.toContain('Nhờ tình nguyện viên');
    }
    const asked = await say('fd-oos', 'nhờ tình nguyện viên');
    expect(texts(asked).join(' ')).not.toContain('Mình đã chuyển câu hỏi');
  });
});

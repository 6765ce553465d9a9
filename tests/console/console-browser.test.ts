// The console in real Chromium (playwright-core + /usr/bin/chromium): log in,
// read the dashboard, compose and send a broadcast, answer a volunteer
// question, and see the answer and the labelled alert in a web resident's chat.
// Screenshots go to docs/console-*.png with UPDATE_SCREENSHOTS=1 (elsewhere to a temp folder, so a test run leaves the tree clean).
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/console/auth/password.js';
import { ROOT } from '../helpers/engine.js';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM}`);
const shotDir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : tmpdir();
const shot = (name: string) => path.join(shotDir, `console-${name}.png`);

let tutor: TestTutor;
let browser: Browser;

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

beforeAll(async () => {
  if (!hasChromium) return;
  tutor = await startTestTutor({ ADMIN_TOKEN: 'browser-admin-token-0123', QUIET_HOURS: '00:00-00:00' });
  await tutor.store.operators.saveAccount({ username: 'lan', role: 'staff', wards: ['Phường Hòa Bình'], passwordHash: await hashPassword('lan-mat-khau-2026'), createdAt: new Date().toISOString() });
  // Some residents, so the dashboard has something to show.
  const wards = ['Phường Hòa Bình', 'phuong hoa binh', 'Phường Bến Nghé', 'sai gon', 'Bỏ qua'];
  for (let i = 0; i < 10; i++) {
    const userId = `seed-${i}`;
    for (const [n, text] of ['xin chào', 'đồng ý', String((i % 4) + 1), wards[i % wards.length]!, 'không'].entries()) await tutor.chat({ userId, messageId: `${userId}-${n}`, text });
  }
  for (const userId of ['seed-0', 'seed-1']) {
    await tutor.chat({ userId, messageId: `${userId}-scam-1`, text: 'kiểm tra lừa đảo' });
    await tutor.chat({ userId, messageId: `${userId}-scam-2`, text: '[VCB] Tai khoan cua quy khach bi khoa. Xac thuc ngay tai https://vietcombank-xacthuc.top va nhap ma OTP' });
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (tutor) {
    await tutor.close();
    await removeDir(tutor.dataDir);
  }
});

describe.runIf(hasChromium)('operator console in Chromium', () => {
  it('logs in, reads the dashboard, sends a broadcast and answers a question that reaches the resident\u2019s chat', async () => {
    // A web resident in Phường Hòa Bình asks something the tutor cannot answer, and passes it on.
    const resident = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await resident.goto(tutor.url);
    await resident.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
    await resident.getByRole('button', { name: 'Đồng ý' }).click();
    await resident.getByText('Bạn thuộc nhóm nào').waitFor();
    await resident.getByRole('button', { name: 'Người cao tuổi' }).click();
    await resident.getByText('phường/xã nào').waitFor();
    for (const text of ['P. Hoà Bình', 'không', 'mượn sách thư viện trên mạng được không']) {
      await resident.locator('#text').fill(text);
      await resident.locator('#text').press('Enter');
      await resident.waitForTimeout(400);
    }
    await resident.getByText('Mình chưa tìm thấy câu trả lời').last().waitFor();
    await resident.locator('#text').fill('nhờ tình nguyện viên');
    await resident.locator('#text').press('Enter');
    await resident.waitForTimeout(600);

    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations = watchCsp(desk);
    await desk.goto(`${tutor.url}/admin`);
    await desk.waitForURL(/\/admin\/login$/);
    // Keyboard first: the skip link is the first stop.
    await desk.keyboard.press('Tab');
    expect(await desk.evaluate(() => document.activeElement?.textContent)).toContain('Bỏ qua, đến nội dung chính');
    await desk.getByLabel('Tên đăng nhập').fill('lan');
    await desk.getByLabel('Mật khẩu').fill('lan-mat-khau-2026');
    await desk.screenshot({ path: shot('login') });
    await desk.getByRole('button', { name: 'Đăng nhập' }).click();
    await desk.waitForURL(/\/admin$/);
    await desk.getByRole('heading', { name: 'Tổng quan', level: 1 }).waitFor();
    const wardRow = desk.locator('tr', { has: desk.getByRole('rowheader', { name: 'Phường Hòa Bình' }) });
    // Four seeded residents typed it one way or another, and the resident above wrote "P. Hoà Bình".
    expect(Number(await wardRow.locator('td').first().textContent())).toBe(5);
    await expect(desk.locator('figure.chart svg').count()).resolves.toBeGreaterThanOrEqual(4);
    await desk.screenshot({ path: shot('dashboard'), fullPage: true });

    // Compose: preview per channel, then send, then live counts.
    await desk.getByRole('link', { name: 'Gửi cảnh báo', exact: true }).click();
    await desk.getByLabel('Nội dung cảnh báo').fill('Có người giả danh cán bộ phường gọi điện hỏi mã OTP. Không đọc mã cho ai, gọi lại số của phường để hỏi.');
    await desk.getByLabel('Kiểm tra tin nhắn lạ').check();
    await desk.getByLabel('Xem menu').check();
    await desk.getByRole('button', { name: 'Xem trước' }).click();
    await desk.getByRole('heading', { name: 'Xem trước' }).waitFor();
    await expect(desk.getByText('2. Kiểm tra tin nhắn lạ').count()).resolves.toBe(1);
    await desk.screenshot({ path: shot('broadcast'), fullPage: true });
    await desk.getByRole('button', { name: 'Gửi cảnh báo' }).click();
    await desk.waitForURL(/\/admin\/broadcasts\/bc-/);
    await desk.getByText('Đã gửi xong.').waitFor({ timeout: 20_000 });
    const sent = Number(await desk.locator('[data-field="sent"]').textContent());
    expect(sent).toBeGreaterThanOrEqual(5);
    await desk.screenshot({ path: shot('broadcast-status') });

    // The volunteer inbox: answer the resident's question.
    await desk.getByRole('link', { name: 'Câu hỏi chờ trả lời' }).click();
    const card = desk.locator('article', { hasText: 'mượn sách thư viện trên mạng được không' });
    await card.getByLabel(/Câu trả lời của bạn/).fill('Bác vào trang thư viện điện tử của tỉnh, đăng ký bằng số điện thoại là mượn được sách nhé.');
    await desk.screenshot({ path: shot('questions'), fullPage: true });
    await card.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await desk.getByText('Đã gửi câu trả lời đến người dân.').waitFor();
    await expect(desk.getByText(/lan đã trả lời lúc/).count()).resolves.toBe(1);
    expect(violations).toEqual([]);

    // The resident sees the alert (labelled) and the answer with their question.
    await resident.getByText('Bác vào trang thư viện điện tử của tỉnh').waitFor({ timeout: 25_000 });
    await resident.getByText(/Tình nguyện viên trả lời câu hỏi bác gửi ngày/).waitFor();
    const alert = resident.locator('.msg.alert', { hasText: '⚠️ Cảnh báo từ Phường Hòa Bình' });
    await alert.waitFor();
    await resident.locator('.msg.alert').scrollIntoViewIfNeeded();
    await resident.screenshot({ path: shot('resident-chat') });
  }, 120_000);

  it('fits a phone screen and runs the simulator', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    const violations = watchCsp(phone);
    await phone.goto(`${tutor.url}/admin/login`);
    await phone.getByLabel('Tên đăng nhập').fill('lan');
    await phone.getByLabel('Mật khẩu').fill('lan-mat-khau-2026');
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await phone.waitForURL(/\/admin$/, { timeout: 5000 }).catch(async (error) => {
      console.log(phone.url(), (await phone.content()).slice(0, 3000));
      throw error;
    });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0)
      console.log(
        await phone.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 8)
            .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
            .join('\n'),
        ),
      );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: shot('phone') });
    await phone.goto(`${tutor.url}/admin/simulator`);
    await phone.getByLabel('Người dân thuộc nhóm').selectOption('elderly');
    await phone.getByLabel('Hiển thị như kênh').selectOption('zalo');
    await phone.getByRole('button', { name: 'Bắt đầu lại' }).click();
    await phone.getByLabel('Tin nhắn của người dân').fill('menu');
    await phone.getByRole('button', { name: 'Gửi', exact: true }).click();
    await phone
      .getByText(/Trả lời 1, 2/)
      .first()
      .waitFor();
    await phone.screenshot({ path: shot('simulator'), fullPage: true });
    expect(violations).toEqual([]);
    // The simulator touched no resident: still the same people on the dashboard.
    expect((await tutor.store.operators.counts()).residents).toBe(11);
  }, 60_000);
});

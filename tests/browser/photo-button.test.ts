// The web chat page's photo button and its links, in Chromium (playwright-core)
// on a 360 px phone screen: a screenshot chosen with the button is read and
// checked; the resident's own links are never tappable, the tutor's only when official.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';
import { canRenderAndRead, closeScreenshots, screenshots } from '../media/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM} (.ci/run installs it)`);

let tutor: TestTutor;
let browser: Browser;
beforeAll(async () => {
  if (!hasChromium || !canRenderAndRead) return;
  tutor = await startTestTutor();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});
afterAll(async () => {
  await closeScreenshots();
  await browser?.close();
  if (tutor) {
    await tutor.close();
    await removeDir(tutor.dataDir);
  }
});

describe.runIf(hasChromium && canRenderAndRead)('web chat page: photo button and links', () => {
  it('sends a screenshot chosen with the photo button, shows what was read and the verdict, keeps no picture', async () => {
    const png = await (await screenshots()).render('[BIDV] Tai khoan cua quy khach se bi khoa. Xac thuc ngay tai bidv.com.vn.xacthuc-online.top/login');
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(tutor.url);
    await page.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
    const photoButton = page.getByRole('button', { name: /Gửi ảnh/ });
    expect(await photoButton.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(44);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), photoButton.click()]);
    await chooser.setFiles({ name: 'tin-nhan.png', mimeType: 'image/png', buffer: png });
    await page.getByText(/Mình đọc được trong ảnh/).waitFor({ timeout: 20_000 });
    await page.getByText(/NGUY HIỂM/).waitFor();
    // The picture shows once in the resident's bubble, and the saved history holds no picture.
    expect(await page.locator('.msg.me img').count()).toBe(1);
    const history = await page.evaluate(() => localStorage.getItem('hvs.history') ?? '');
    expect(history).toContain('📷');
    expect(history).not.toContain('base64');
    expect(violations).toEqual([]);
  }, 60_000);

  it("never makes the resident's links tappable; the tutor's only for official domains", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(tutor.url);
    await page.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
    await page.evaluate(() => {
      localStorage.setItem(
        'hvs.history',
        JSON.stringify([
          { who: 'me', text: 'Có phải lừa đảo không: https://dichvucong.gov.vn@vcb-xacthuc.xyz/login' },
          { who: 'bot', text: 'Trang thật: https://dichvucong.gov.vn/p/home. Còn https://vcb-xacthuc.xyz/login là trang giả, https://dichvucong.gov.vn@evil.xyz cũng vậy.' },
          { who: 'bot', text: 'Xem hướng dẫn', link: { url: 'https://vneid-xacthuc.top', label: 'Mở trang' } },
        ]),
      );
    });
    await page.reload();
    await page.getByText('Trang thật:').waitFor();
    expect(await page.locator('.msg.me a').count()).toBe(0);
    const hrefs = await page.locator('.msg.bot a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://dichvucong.gov.vn/p/home']);
    await page.getByText('vneid-xacthuc.top').waitFor();
  }, 60_000);
});

// The web chat in a real browser (Debian's Chromium driven by playwright-core),
// on a 360 px wide phone screen.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestTutor, type TestTutor } from '../helpers/tutor.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM} (.ci/run installs it)`);

let tutor: TestTutor;
let browser: Browser;
beforeAll(async () => {
  if (!hasChromium) return;
  tutor = await startTestTutor();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  if (tutor) {
    await tutor.close();
    await removeDir(tutor.dataDir);
  }
});

describe.runIf(hasChromium)('web chat page on a 360 px phone', () => {
  it('greets, takes taps and typed numbers, and fits the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await page.goto(tutor.url);
    await page.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
    await page.getByRole('button', { name: 'Đồng ý' }).click();
    await page.getByText('Bạn thuộc nhóm nào').waitFor();
    await page.locator('#text').fill('1');
    await page.locator('#text').press('Enter');
    await page.getByText('phường/xã nào').waitFor();
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const buttonHeight = await page.getByRole('button', { name: 'Bỏ qua' }).last().evaluate((el) => el.getBoundingClientRect().height);
    expect(buttonHeight).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: path.join(tmpdir(), 'hvs-web-chat-360.png') });
    // The conversation survives a reload (history kept in the browser, state on the server).
    await page.reload();
    await page.getByText('phường/xã nào').waitFor();
    const record = await tutor.store.loadUser(`web:${await page.evaluate(() => localStorage.getItem('hvs.userId'))}`);
    expect(record?.state.profile.group).toBe('elderly');
  }, 60_000);
});

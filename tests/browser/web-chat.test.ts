// The web chat in a real browser (Debian's Chromium driven by playwright-core),
// on a 360 px wide phone screen.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
    await consentOn(page);
    await page.locator('#text').fill('1');
    await page.locator('#text').press('Enter');
    await page.getByText('phường/xã nào').waitFor();
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const buttonHeight = await page
      .getByRole('button', { name: 'Bỏ qua' })
      .last()
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(buttonHeight).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: path.join(tmpdir(), 'hvs-web-chat-360.png') });
    // The conversation survives a reload (history kept in the browser, state on the server).
    await page.reload();
    await page.getByText('phường/xã nào').waitFor();
    const record = await loadRecord(`web:${await page.evaluate(() => localStorage.getItem('hvs.userId'))}`);
    expect(record?.state.profile.group).toBe('elderly');
  }, 60_000);

  it('runs under its content security policy without a single violation', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to load: ${event.violatedDirective} ${event.blockedURI}`)));
    const response = await page.goto(tutor.url);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
    await page.locator('#bigger').click();
    expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('21px');
    await page.getByRole('button', { name: 'Đồng ý' }).click();
    await page.getByText('Bạn thuộc nhóm nào').waitFor();
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);

  it('sends a text typed while the reply is still on its way, after that reply, instead of dropping it', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await consentOn(page);
    // The next answer is held back, so the second text is typed while the page waits for it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    await page.route('**/api/chat', async (route) => {
      sent.push(String((route.request().postDataJSON() as { text?: string }).text));
      if (sent.length === 1) await held;
      await route.continue();
    });
    await page.locator('#text').fill('1');
    await page.locator('#text').press('Enter');
    await expect.poll(() => sent.length).toBe(1);
    await page.locator('#text').fill('Phường Hòa Bình');
    await page.locator('#text').press('Enter');
    // Shown at once and the box is cleared, but not sent before the first reply has come.
    await page.getByText('Phường Hòa Bình').waitFor();
    expect(await page.locator('#text').inputValue()).toBe('');
    expect(sent).toEqual(['1']);
    release();
    await page.getByText('mình đã ghi: Phường Hòa Bình').waitFor();
    expect(sent).toEqual(['1', 'Phường Hòa Bình']);
    const record = await loadRecord(`web:${await page.evaluate(() => localStorage.getItem('hvs.userId'))}`);
    expect(record?.state.profile).toMatchObject({ group: 'elderly', ward: 'Phường Hòa Bình' });
    await page.close();
  }, 60_000);

  it('forgets its local history and resident id after "xóa dữ liệu", OTP included', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await consentOn(page);
    const oldId = await page.evaluate(() => localStorage.getItem('hvs.userId'));
    await page.locator('#text').fill('mã OTP của tôi là 493817');
    await page.locator('#text').press('Enter');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('hvs.history') ?? '')).toContain('493817');
    await page.locator('#text').fill('xóa dữ liệu');
    await page.locator('#text').press('Enter');
    await page.getByRole('button', { name: 'Xóa hết' }).click();
    await page.getByText('Đã xóa hết thông tin').waitFor();
    // The browser keeps nothing of the old conversation, and the old id is gone.
    const kept = await page.evaluate(() => ({ history: localStorage.getItem('hvs.history'), userId: localStorage.getItem('hvs.userId'), shown: document.getElementById('log')!.innerText }));
    expect(kept.history ?? '').not.toContain('493817');
    expect(kept.userId).not.toBe(oldId);
    expect(kept.shown).not.toContain('493817');
    expect(kept.shown).not.toContain('Bạn thuộc nhóm nào');
    expect((await loadRecord(`web:${oldId}`))?.state.profile.consent).toBeUndefined();
    // After a reload the page starts afresh as someone new.
    await page.reload();
    await page.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
    const newId = await page.evaluate(() => localStorage.getItem('hvs.userId'));
    expect(newId).not.toBe(oldId);
    expect(await page.evaluate(() => document.getElementById('log')!.innerText)).not.toContain('493817');
    await page.close();
  }, 60_000);
});

/** Opens the chat and gives consent: the page then asks which group the resident belongs to. */
async function consentOn(page: Page): Promise<void> {
  await page.goto(tutor.url);
  await page.getByText('Mình là Trợ lý Học Vụ Số').waitFor();
  await page.getByRole('button', { name: 'Đồng ý' }).click();
  await page.getByText('Bạn thuộc nhóm nào').waitFor();
}

/** The stored record of a user, whichever shape of the store API is in place. */
async function loadRecord(userKey: string): Promise<{ state: { profile: Record<string, unknown> } } | null> {
  const store = tutor.store as unknown as { users?: { load(key: string): Promise<any> }; loadUser?(key: string): Promise<any> };
  return typeof store.users?.load === 'function' ? store.users.load(userKey) : store.loadUser!(userKey);
}

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, launchBrowser, type Phone, screenshot } from './support/browser';
import { enrollPhone, goTo, logEntry, logRow, pendingLine, tapSync } from './support/phone';
import { buildPwa, type RunningServer, startServer } from './support/server';

// Issue 16, tests 3 and 4, in real Chromium against the started server: a commune phone logs
// offline and submits its quarter ("Gửi báo cáo kỳ") while still offline; back online the
// submission goes up after the entries; the province's supervisor approves it in the console; the
// phone shows "Đã duyệt" after its next sync. Then the phone edits the entry: the supervisor's grid
// marks the commune "thay đổi sau khi duyệt", and the report keeps the approved figure beside the
// current one.
const skipReason = browserUnavailableReason();
// The tree after 1/7/2025: its communes report this year (those before it no longer exist).
const COMMUNE = 'new:18673'; // Xã Cẩm Xuyên

let server: RunningServer;
const browsers: Phone[] = [];
const step = (what: string) => console.log(`[signoff ${new Date().toISOString().slice(11, 19)}] ${what}`);

async function consoleShowing(page: Page, label: string): Promise<void> {
  // The console opens on the current quarter, or the last one in a quarter's first days.
  for (let i = 0; i < 3; i++) {
    if ((await page.textContent('.period-picker .period-name'))?.includes(label)) return;
    await page.click('.period-picker button[aria-label="Kỳ sau"]');
  }
  expect(await page.textContent('.period-picker .period-name')).toContain(label);
}

describe.skipIf(skipReason !== null)('closing a period in real Chromium against npm start', () => {
  beforeAll(async () => {
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
  });

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.stop();
  });

  it('a commune submits its quarter offline, the province approves it, and a later edit shows as changed after approval', async () => {
    step('enroll the province console and the commune phone');
    // The codes the server printed for the demo's roles.
    const codeOf = (label: string) => server.codes.find((c) => c.line.startsWith(label))!.code;
    const phoneCode = codeOf('Cán bộ Xã Cẩm Xuyên');
    const phone = await enrollPhone(server, phoneCode, 'Điện thoại xã');
    browsers.push(phone);
    const page = phone.page;
    page.setDefaultTimeout(30_000);

    const desk = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    browsers.push(desk);
    desk.page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    desk.page.on('pageerror', (error) => errors.push(error.message));
    await desk.page.goto(`${server.url}/?code=${codeOf('Tỉnh Hà Tĩnh (giám sát)')}`);
    await desk.page.fill('input[name=deviceName]', 'Máy Sở VH-TT-DL');
    await desk.page.click('button[type=submit]');
    await desk.page.waitForSelector('.console-tabs', { timeout: 60_000 });

    step('offline: log a broadcast, submit the quarter');
    await phone.context.setOffline(true);
    await logEntry(page, 'broadcast', async (p) => {
      await p.fill('input[name=minutes]', '15');
      await p.fill('input[name=title]', 'Chuyên mục CCHC quý này');
    });
    await goTo(page, '');
    await page.click('.period .segmented button:has-text("Quý")');
    const label = (await page.textContent('.period .period-label'))!.match(/Quý [IV]+\/\d{4}/)![0];
    const card = page.locator('.period-submit');
    await expect.poll(() => card.textContent()).toContain('Chưa gửi');
    await card.locator('button:has-text("Gửi báo cáo kỳ")').click();
    await card.locator('.confirm button.primary').click();
    await expect.poll(() => card.textContent()).toContain('sẽ gửi khi có mạng');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'signoff-phone-queued');

    step('online: entries first, then the submission');
    await phone.context.setOffline(false);
    await tapSync(page);
    await expect.poll(() => pendingLine(page), { timeout: 30_000 }).toBe('Đã gửi hết');
    await goTo(page, '');
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('Đã gửi, chờ duyệt');

    step('the province approves it in the console');
    // The console opened before the submission: it shows the server's figures as it loads them.
    await desk.page.reload();
    await desk.page.waitForSelector('.console-tabs', { timeout: 60_000 });
    await desk.page.click('.console-tabs button:has-text("Tiến độ")');
    await desk.page.waitForSelector('.period-picker .period-name');
    await consoleShowing(desk.page, label);
    const panelRow = desk.page.locator(`.signoff-panel tr[data-unit="${COMMUNE}"]`);
    await expect.poll(() => panelRow.textContent(), { timeout: 60_000 }).toContain('Đã gửi, chờ duyệt');
    // The submitted figures: one broadcast of 15 minutes.
    expect(await panelRow.textContent()).toContain('1');
    await panelRow.locator('button:has-text("Duyệt")').click();
    await expect.poll(() => panelRow.textContent(), { timeout: 30_000 }).toContain('Đã duyệt');
    const gridCell = desk.page.locator('table.grid tbody tr', { hasText: 'Xã Cẩm Xuyên' }).locator('td.signoff-cell');
    await expect.poll(() => gridCell.textContent()).toContain('Đã duyệt');
    expect(await gridCell.textContent()).not.toContain('thay đổi sau khi duyệt');
    await panelRow.scrollIntoViewIfNeeded();
    await screenshot(desk.page, 'signoff-console-approved');

    step('the phone reads the answer at its next sync');
    await tapSync(page);
    await goTo(page, '');
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('Đã duyệt');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'signoff-phone-approved');

    step('an edit after approval is taken and marked');
    await (await logRow(page, 'Chuyên mục CCHC quý này')).locator('.entry-open').click();
    await page.fill('input[name=minutes]', '25');
    await page.click('form.entry-form button[type=submit]');
    await page.waitForSelector('.page.log');
    await tapSync(page);
    await expect.poll(() => pendingLine(page), { timeout: 30_000 }).toBe('Đã gửi hết');
    await desk.page.click('.period-picker button[aria-label="Kỳ sau"]');
    await desk.page.click('.period-picker button[aria-label="Kỳ trước"]');
    await expect.poll(() => gridCell.textContent(), { timeout: 60_000 }).toContain('thay đổi sau khi duyệt');
    // The approved figure stays as approved; the current one has the edit's 10 more minutes (the
    // demo's own entries of the quarter are in both).
    const figures = /Phút PT: ([\d.]+) → ([\d.]+)/.exec((await panelRow.textContent()) ?? '');
    expect(figures, (await panelRow.textContent()) ?? '').not.toBeNull();
    const [approved, current] = [figures![1]!, figures![2]!].map((n) => Number(n.replace(/\./g, '')));
    expect(current! - approved!).toBe(10);
    await gridCell.scrollIntoViewIfNeeded();
    await screenshot(desk.page, 'signoff-console-changed');
    expect(errors).toEqual([]);
  }, 120_000);
});

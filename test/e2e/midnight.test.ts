import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, type Phone, screenshot } from './support/browser';
import { enrollPhone, goTo } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// Dates are Vietnam's on a phone set to another zone (issue 12, item 6). The phone's clock is
// moved with Playwright's clock to 23:30 and 00:30 in Vietnam on the last day of a quarter and of
// a year; the phone itself is set to Los Angeles, where 00:30 in Vietnam is still the day before.
// What the person sees: the form's date, the log's day heading, and the backup file's name.
const skipReason = browserUnavailableReason();

const INSTANTS = [
  { at: '2026-09-30T16:30:00Z', vietnam: '2026-09-30', shown: '30/09/2026', note: '23:30 ngày 30/09' },
  { at: '2026-09-30T17:30:00Z', vietnam: '2026-10-01', shown: '01/10/2026', note: '00:30 ngày 01/10' },
  { at: '2026-12-31T16:30:00Z', vietnam: '2026-12-31', shown: '31/12/2026', note: '23:30 ngày 31/12' },
  { at: '2026-12-31T17:30:00Z', vietnam: '2027-01-01', shown: '01/01/2027', note: '00:30 ngày 01/01' },
];

let server: RunningServer;
let phone: Phone;

async function backupName(page: Page): Promise<string> {
  await goTo(page, 'settings');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Xuất dữ liệu")')]);
  JSON.parse(readFileSync((await download.path())!, 'utf8'));
  return download.suggestedFilename();
}

describe.skipIf(skipReason !== null)('a phone set to Los Angeles, at midnight in Vietnam', () => {
  beforeAll(async () => {
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
    // A commune of the tree before 1/7/2025, with no entries of the demo's year in its log.
    const code = await adminEnrollCode(server.dataDir, 'old:18673', 'reporter');
    phone = await enrollPhone(server, code, 'Máy ở Los Angeles', { timezoneId: 'America/Los_Angeles' });
  }, 180_000);
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('dates the form, the log and the backup by the day in Vietnam', async () => {
    const { page } = phone;
    // The zone really is Los Angeles: its offset is not Vietnam's.
    expect(await page.evaluate(() => new Date('2026-09-30T17:30:00Z').getTimezoneOffset())).toBe(420);
    for (const instant of INSTANTS) {
      await page.clock.setFixedTime(new Date(instant.at));
      // The app reads the day afresh when it opens.
      await page.goto(`${server.url}/#/`);
      await page.reload();
      await page.waitForSelector('.home');
      // The form opens on today's date in Vietnam.
      await page.click('.kind-grid a[data-kind=broadcast]');
      await page.waitForSelector('form.entry-form');
      expect(await page.inputValue('input[name=date]'), instant.note).toBe(instant.vietnam);
      await page.click('fieldset.choice button:has-text("Tối")');
      await page.fill('input[name=minutes]', '15');
      await page.fill('input[name=title]', `Phát thanh lúc ${instant.note}`);
      await page.click('form.entry-form button[type=submit]');
      await page.waitForSelector('.page.log');
      // The log files it under that day, written dd/mm/yyyy.
      const day = page.locator('section.day', { has: page.locator('li.entry-row', { hasText: instant.note }) }).first();
      expect(await day.locator('h2').textContent(), instant.note).toBe(instant.shown);
      // The backup made now is named by that day.
      expect(await backupName(page), instant.note).toBe(`cchc-du-lieu-${instant.vietnam}.json`);
    }
    await goTo(page, 'log');
    await screenshot(page, 'phone-midnight-log');
  }, 180_000);
});

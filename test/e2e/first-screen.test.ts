import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, launchBrowser, type Phone } from './support/browser';
import { describeFirstScreen, FIRST_SCREEN_JS_BUDGET, measureFirstScreen } from './support/first-screen';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// The first screen's JavaScript (issue 18): every script Chromium fetched before the screen was
// drawn, gzip -6 each, stays within 60 KB on the enrollment screen and on home alike.
const skipReason = browserUnavailableReason();

let server: RunningServer;
let phone: Phone | null = null;

describe.skipIf(skipReason !== null)('the first screen in real Chromium', () => {
  beforeAll(async () => {
    server = await startServer({ distDir: process.env.E2E_DIST_DIR ?? (await buildPwa()) });
  });
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('fetches at most 60 KB of script (gzip -6) before drawing enrollment, and before drawing home', async () => {
    const code = await adminEnrollCode(server.dataDir, 'old:18673', 'reporter');
    phone = await launchBrowser();
    const { page } = phone;

    const enroll = await measureFirstScreen(page, `${server.url}/?code=${code}`, '.page.enroll input[name=deviceName]');
    console.log(`[first screen] enrollment ${describeFirstScreen(enroll)}`);
    // The enrollment screen waits for its own chunk: it is measured with it, not without.
    expect(enroll.files.some((f) => f.path.includes('enroll-page'))).toBe(true);
    expect(enroll.gzip).toBeLessThanOrEqual(FIRST_SCREEN_JS_BUDGET);

    await page.fill('input[name=deviceName]', 'Điện thoại xã');
    await page.click('button[type=submit]');
    await page.waitForSelector('.home', { timeout: 60_000 });

    // The next start of the phone: home is its first screen.
    const home = await measureFirstScreen(page, `${server.url}/`, '.home');
    console.log(`[first screen] home ${describeFirstScreen(home)}`);
    expect(home.files.length).toBeGreaterThan(0);
    // Enrollment is not part of home's first screen.
    expect(home.files.some((f) => f.path.includes('enroll-page'))).toBe(false);
    // Nor is the period report (its page, narrative, .docx and .xlsx writers, sharing) or the
    // reminders: they load when opened, or after the first screen is drawn.
    const later = /\/(report-[a-z]+|report-layout|run-reminders|reminder-banner|share-file)-[\w-]+\.js$/;
    expect(home.files.filter((f) => later.test(f.path)).map((f) => f.path)).toEqual([]);
    expect(home.gzip).toBeLessThanOrEqual(FIRST_SCREEN_JS_BUDGET);
  });
});

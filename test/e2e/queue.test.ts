import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDateOf } from '../../src/shared/format';
import { formatPeriodCode, periodContaining } from '../../src/shared/period';
import { jsonBytes, MAX_BODY_BYTES } from '../../src/shared/sync';
import { bundleForBrowser } from '../bench/lib/bundle';
import { maxSizeDraft } from '../support/max-entry';
import { browserUnavailableReason, type Phone } from './support/browser';
import { callApi, enrollPhone, pendingLine } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// A queue that can never be stuck (issue 18): 500 unsent entries at the schema's maximum sizes,
// more than one request may carry, all reach the server from the built app in real Chromium.
const skipReason = browserUnavailableReason();
const COMMUNE = 'old:18673';

let server: RunningServer;
let phone: Phone | null = null;

describe.skipIf(skipReason !== null)('a phone holding 500 entries at the maximum sizes', () => {
  beforeAll(async () => {
    server = await startServer({ distDir: process.env.E2E_DIST_DIR ?? (await buildPwa()) });
  });
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('syncs all of them, and the server then holds exactly 500', async () => {
    // A commune of the tree before 1/7/2025: the demo's year of entries is in today's tree.
    const commune = await adminEnrollCode(server.dataDir, 'old:18673', 'reporter');
    const district = await adminEnrollCode(server.dataDir, 'old:446', 'supervisor');
    const supervisor = await callApi<{ token: string }>(server, '/api/v1/enroll', {
      method: 'POST',
      body: { code: district, deviceName: 'Máy huyện' },
    });
    phone = await enrollPhone(server, commune, 'Điện thoại xã');
    const page = phone.page;

    // Offline, so that nothing leaves before all 500 wait in the outbox.
    await phone.context.setOffline(true);
    const today = vietnamDateOf(new Date());
    const drafts = Array.from({ length: 500 }, (_, i) => maxSizeDraft(i, today));
    const bytes = drafts.reduce((sum, d) => sum + jsonBytes(d), 0);
    console.log(`[queue e2e] 500 entries, ${(bytes / 1e6).toFixed(2)} MB of JSON`);
    expect(bytes).toBeGreaterThan(MAX_BODY_BYTES);
    // The app's save function, bundled and run in the app's page (DevTools evaluation, which the
    // page's script-src 'self' does not govern).
    await page.evaluate(await bundleForBrowser(fileURLToPath(new URL('./support/seed-entries.ts', import.meta.url))));
    const queued = await page.evaluate(
      (d) => (globalThis as unknown as { seedEntries: (d: unknown[]) => Promise<number> }).seedEntries(d),
      drafts,
    );
    expect(queued).toBe(500);
    await page.reload();
    await page.waitForSelector('.home', { timeout: 30_000 });
    await expect.poll(() => pendingLine(page), { timeout: 10_000 }).toBe('500 mục chờ đồng bộ');

    // Back online: the person taps "Đồng bộ ngay" until the phone says all is sent.
    await phone.context.setOffline(false);
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/v1/sync')) statuses.push(r.status());
    });
    const started = Date.now();
    for (let i = 0; i < 120 && !(await pendingLine(page)).includes('Đã gửi hết'); i++) {
      if (i % 10 === 0) await page.click('.syncbar button').catch(() => undefined);
      await page.waitForTimeout(500);
    }
    console.log(`[queue e2e] synced in ${Date.now() - started} ms, sync answers: ${statuses.join(', ')}`);
    expect(await pendingLine(page)).toContain('Đã gửi hết');
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(1);

    const period = formatPeriodCode(periodContaining(today, 'month'));
    const report = await callApi<{ totals: Record<string, Record<string, number>> }>(
      server,
      `/api/v1/report?unitId=${encodeURIComponent(COMMUNE)}&period=${period}`,
      { token: supervisor.token },
    );
    // One session each: exactly 500 entries, none lost and none twice.
    expect(report.totals.broadcast?.sessions).toBe(500);
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../support/audio';
import { browserUnavailableReason, launchBrowser, type Phone, screenshot } from './support/browser';
import { enrollPhone, pendingLine, tapSync } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// Content relay in real Chromium with the built PWA (issue 15): the province sends a short WAV the
// test makes to every commune's station, uploaded with the evidence chunks; the station's phone
// syncs, downloads it, goes offline, plays it to the end from IndexedDB, logs the broadcast with one
// tap, syncs when back online, and upstream sees "đã phát 1".
const skipReason = browserUnavailableReason();

let server: RunningServer;
let phone: Phone;
let desk: Phone;

describe.skipIf(skipReason !== null)('content relay in real Chromium', () => {
  beforeAll(async () => {
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
  });
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await desk?.close().catch(() => undefined);
    await server?.stop();
  });

  it('upstream sends a segment; the station plays it offline to the end, logs it in one tap, and upstream sees it aired', async () => {
    // The province's officer publishes a 2.5-second tone from the console: its file goes up in the
    // evidence chunks, to every commune's station (the form's default).
    // The station's phone enrolls meanwhile (its first sync comes before anything was sent).
    const stationCode = await adminEnrollCode(server.dataDir, 'new:18673:station', 'reporter');
    const enrolling = enrollPhone(server, stationCode, 'Trạm');
    desk = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    desk.page.on('pageerror', (error) => console.error('[console] page error:', error.message));
    await desk.page.goto(`${server.url}/?code=${await adminEnrollCode(server.dataDir, 'new:42', 'supervisor')}`);
    await desk.page.fill('input[name=deviceName]', 'Máy Sở');
    await desk.page.click('button[type=submit]');
    await desk.page.waitForSelector('.console-tabs', { timeout: 60_000 });
    await desk.page.click('.console-tabs button:has-text("Nội dung gửi xuống")');
    const title = 'Chuyên mục CCHC tháng này';
    await desk.page.fill('form.content-publish input[name=title]', title);
    await desk.page.setInputFiles('form.content-publish input[name=file]', {
      name: 'chuyen-muc.wav',
      mimeType: 'audio/wav',
      buffer: wav(2.5),
    });
    await desk.page.fill('form.content-publish input[name=expectation]', 'Phát trong tháng, tối thiểu 2 lần');
    await desk.page.fill('form.content-publish input[name=minAirings]', '2');
    await desk.page.click('form.content-publish button[type=submit]');
    await desk.page.waitForSelector(`.content-publish [role=status]:has-text("Đã gửi “${title}”")`, {
      timeout: 30_000,
    });
    await desk.page.waitForSelector('.content-report h3:has-text("đã phát 0")');

    // The station's phone learns of it at its next sync and downloads it in the background.
    phone = await enrolling;
    const { page, context } = phone;
    await tapSync(page);
    await page.click('.bottom-nav a[href="#/content"]');
    const line = page.locator('li.content-item', { hasText: title });
    await line.waitFor({ timeout: 30_000 });
    await expect.poll(() => line.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await line.textContent()).toContain('Mới');
    expect(await line.locator('[data-testid=aired]').textContent()).toContain('Đã phát 0/2 lần');
    await screenshot(page, 'content-list');

    // Offline, it plays from the phone's own copy, to the end.
    await context.setOffline(true);
    await line.locator('a.content-open').click();
    await page.waitForSelector('[data-testid=play]');
    await page.click('[data-testid=play]');
    const save = page.locator('[data-testid=save-relay]');
    await save.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
      await screenshot(page, 'content-player-stuck');
      const state = await page.evaluate(() => {
        const a = document.querySelector('audio');
        return a
          ? {
              t: a.currentTime,
              d: a.duration,
              paused: a.paused,
              ended: a.ended,
              ready: a.readyState,
              error: a.error?.message,
            }
          : null;
      });
      throw new Error(`no offer: ${JSON.stringify(state)} ${await page.textContent('main')}`, { cause: error });
    });
    expect(await page.textContent('[data-testid=elapsed]')).toMatch(/^0:0[23] \/ 0:0[23]$/);
    expect(await page.textContent('.offer')).toMatch(
      new RegExp(`tiếp sóng “${title}”, 0,\\d phút, \\d\\d/\\d\\d/\\d{4} lúc \\d\\d:\\d\\d`),
    );
    await screenshot(page, 'content-played');
    await save.click();
    await page.locator('.offer.saved').waitFor();
    // The broadcast is in the phone's log, a relay naming the content.
    const stored = await page.evaluate(
      () =>
        new Promise<{ kind: string; title: string; figures: Record<string, unknown> }[]>((resolve, reject) => {
          const open = indexedDB.open('cchc-field');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('activities').objectStore('activities').getAll();
            all.onsuccess = () => resolve(all.result);
            all.onerror = () => reject(all.error);
          };
        }),
    );
    const relayed = stored.filter((e) => e.figures.contentId !== undefined);
    expect(relayed).toEqual([
      expect.objectContaining({
        kind: 'broadcast',
        title,
        figures: expect.objectContaining({ source: 'relay', sessions: 1 }),
      }),
    ]);
    expect(Number(relayed[0]!.figures.minutes)).toBeGreaterThan(0);

    // Back online, it syncs; upstream sees the station aired it once.
    await context.setOffline(false);
    await tapSync(page);
    await expect.poll(() => pendingLine(page), { timeout: 20_000 }).toBe('Đã gửi hết');
    await page.click('.bottom-nav a[href="#/content"]');
    await expect.poll(() => line.locator('[data-testid=aired]').textContent()).toContain('Đã phát 1/2 lần');
    const id = relayed[0]!.figures.contentId;
    expect(typeof id).toBe('string');
    // Upstream's dashboard says it aired once; the content tab says where.
    await desk.page.click('.console-tabs button:has-text("Tiến độ")');
    await desk.page
      .locator('[data-testid=content-aired] li', { hasText: `${title}: đã phát 1` })
      .waitFor({ timeout: 30_000 });
    await screenshot(desk.page, 'content-dashboard');
    await desk.page.click('.console-tabs button:has-text("Nội dung gửi xuống")');
    const station = desk.page.locator('.content-report tbody tr', { hasText: 'Trạm truyền thanh cơ sở Xã Cẩm Xuyên' });
    await station.waitFor();
    expect((await station.locator('td').allTextContents()).slice(2)).toEqual(['1', '0']);
    expect(await station.locator('td').nth(1).textContent()).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  });
});

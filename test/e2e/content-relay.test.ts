import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../support/audio';
import { browserUnavailableReason, launchBrowser, type Phone, screenshot } from './support/browser';
import { enrollPhone, syncAll, tapSync } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// Content relay in real Chromium with the built PWA (issue 15): the province sends a short WAV the
// test makes to every commune's station, uploaded with the evidence chunks (the answer to its first
// chunk lost: the console goes on from the server's length); the station's phone syncs, downloads
// it, goes offline, plays it to the end from IndexedDB (Media Session metadata set), logs the
// broadcast with one tap (a stop early offers nothing, a stop after most of it offers the entry),
// syncs when back online, and upstream sees "đã phát 1". Then a 5,2 MB segment on a link Chromium
// emulates as 3G waits for the person's yes before a byte of it downloads.
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
    const segment = wav(2.5, 16_000); // 80 KB: two chunks
    await desk.page.setInputFiles('form.content-publish input[name=file]', {
      name: 'chuyen-muc.wav',
      mimeType: 'audio/wav',
      buffer: segment,
    });
    await desk.page.fill('form.content-publish input[name=expectation]', 'Phát trong tháng, tối thiểu 2 lần');
    await desk.page.fill('form.content-publish input[name=minAirings]', '2');
    // The first chunk reaches the server, and the console never hears back (the link dropped).
    const ranges: string[] = [];
    await desk.page.route('**/api/v1/files/*', async (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      ranges.push(request.headers()['content-range'] ?? '');
      if (ranges.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await desk.page.click('form.content-publish button[type=submit]');
    await desk.page.waitForSelector(`.content-publish [role=status]:has-text("Đã gửi “${title}”")`, {
      timeout: 30_000,
    });
    // It went on from what the server held: the chunk whose answer was lost was not sent again.
    expect(ranges).toEqual([`bytes 0-65535/${segment.length}`, `bytes 65536-${segment.length - 1}/${segment.length}`]);
    await desk.page.unroute('**/api/v1/files/*');
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
    // Played with the screen off, it is the phone's media session: its title on the lock screen.
    expect(
      await page.evaluate(() => ({
        title: navigator.mediaSession.metadata?.title,
        album: navigator.mediaSession.metadata?.album,
      })),
    ).toEqual({ title, album: 'Nội dung được gửi' });

    // Stopped at once, it offers nothing; stopped (after a pause) past 80 % of it, it offers the entry.
    await page.click('[data-testid=play]');
    await page.getByRole('button', { name: 'Dừng', exact: true }).click();
    await page.waitForTimeout(200);
    expect(await page.locator('.offer').count()).toBe(0);
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => {
        const a = document.querySelector('audio')!;
        if (a.currentTime < 2.1) return false;
        a.pause();
        return true;
      },
      undefined,
      { polling: 'raf', timeout: 10_000 },
    );
    await page.getByRole('button', { name: 'Dừng', exact: true }).click();
    await page.locator('[data-testid=save-relay]').waitFor();
    expect(await page.textContent('.offer')).toMatch(new RegExp(`tiếp sóng “${title}”, 0,1 phút`));
    await page.click('.offer button:has-text("Không ghi")');
    expect(await page.locator('.offer').count()).toBe(0);

    // Back online, it syncs; upstream sees the station aired it once.
    await context.setOffline(false);
    await syncAll(page);
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

    // A 5,2 MB programme on a costly link (Chromium's emulation of a slow 3G: navigator.connection
    // says so): listed, and not one byte of it fetched until the person says yes.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const slow3g = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };
    await cdp.send('Network.emulateNetworkConditions', slow3g);
    expect(
      await page.evaluate(() => (navigator as { connection?: { effectiveType?: string } }).connection?.effectiveType),
    ).toBe('3g');
    const long = wav(170, 16_000); // 5,2 MB
    const longSha = createHash('sha256').update(long).digest('hex');
    await desk.page.fill('form.content-publish input[name=title]', 'Chương trình CCHC dài');
    await desk.page.setInputFiles('form.content-publish input[name=file]', {
      name: 'chuong-trinh.wav',
      mimeType: 'audio/wav',
      buffer: long,
    });
    await desk.page.click('form.content-publish button[type=submit]');
    // 84 chunks one after another (about 6 s on an idle machine; a minute when the cores are shared).
    await desk.page.waitForSelector('.content-publish [role=status]:has-text("Đã gửi “Chương trình CCHC dài”")', {
      timeout: 120_000,
    });
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(longSha)) fetched.push(request.url());
    });
    await tapSync(page);
    await page.click('.bottom-nav a[href="#/content"]');
    const big = page.locator('li.content-item', { hasText: 'Chương trình CCHC dài' });
    await big.waitFor({ timeout: 30_000 });
    await expect.poll(() => big.getAttribute('data-state'), { timeout: 30_000 }).toBe('ask');
    expect(await big.locator('[data-testid=file-state]').textContent()).toBe(
      'Tệp 5,2 MB, mạng đang tốn phí hoặc chậm.',
    );
    expect(fetched).toEqual([]);
    await screenshot(page, 'content-ask');
    // The person says yes (and the link gets better): it downloads.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await big.locator('button:has-text("Tải về (5,2 MB)")').click();
    // Its parts start coming (the rest is as the first segment's, and the bench's).
    await expect
      .poll(() => big.locator('[data-testid=file-state]').textContent(), { timeout: 30_000 })
      .toMatch(/^(Đang tải [1-9]\d?%|Đã tải về)$/);
    expect(fetched.length).toBeGreaterThan(0);
  });
});

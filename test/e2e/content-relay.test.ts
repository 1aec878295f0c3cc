import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentReport } from '../../src/shared/content';
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachment';
import { wav } from '../support/audio';
import { browserUnavailableReason, type Phone, screenshot } from './support/browser';
import { callApi, enrollPhone, pendingLine, tapSync } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// Content relay in real Chromium with the built PWA (issue 15): the province sends a short WAV the
// test makes to every commune's station, uploaded with the evidence chunks; the station's phone
// syncs, downloads it, goes offline, plays it to the end from IndexedDB, logs the broadcast with one
// tap, syncs when back online, and upstream sees "đã phát 1".
const skipReason = browserUnavailableReason();

let server: RunningServer;
let phone: Phone;

describe.skipIf(skipReason !== null)('content relay in real Chromium', () => {
  beforeAll(async () => {
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
  });
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('upstream sends a segment; the station plays it offline to the end, logs it in one tap, and upstream sees it aired', async () => {
    const province = await callApi<{ token: string }>(server, '/api/v1/enroll', {
      method: 'POST',
      body: { code: await adminEnrollCode(server.dataDir, 'new:42', 'supervisor'), deviceName: 'Máy tỉnh' },
    });
    // A 2.5-second tone, published to every station, then sent in evidence chunks.
    const bytes = wav(2.5);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = randomUUID();
    const title = 'Chuyên mục CCHC tháng này';
    await callApi(server, '/api/v1/content', {
      method: 'POST',
      token: province.token,
      body: {
        id,
        kind: 'audio',
        title,
        seconds: 3,
        file: { sha256, size: bytes.length, mime: 'audio/wav', name: 'chuyen-muc.wav' },
        unitIds: [],
        unitKinds: ['station'],
        expectation: 'Phát trong tháng, tối thiểu 2 lần',
        minAirings: 2,
        createdAt: new Date().toISOString(),
      },
    });
    for (let at = 0; at < bytes.length; at += UPLOAD_CHUNK_BYTES) {
      const chunk = bytes.subarray(at, at + UPLOAD_CHUNK_BYTES);
      const res = await fetch(`${server.url}/api/v1/files/${sha256}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${province.token}`,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${at}-${at + chunk.length - 1}/${bytes.length}`,
        },
        body: new Uint8Array(chunk),
      });
      expect(res.status).toBe(200);
    }

    // The station's phone syncs at enrollment and downloads the segment in the background.
    phone = await enrollPhone(server, await adminEnrollCode(server.dataDir, 'new:18673:station', 'reporter'), 'Trạm');
    const { page, context } = phone;
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
    const relayed = stored.filter((e) => e.figures.contentId === id);
    expect(relayed).toEqual([
      expect.objectContaining({
        kind: 'broadcast',
        title,
        figures: expect.objectContaining({ source: 'relay', contentId: id, sessions: 1 }),
      }),
    ]);
    expect(Number(relayed[0]!.figures.minutes)).toBeGreaterThan(0);

    // Back online, it syncs; upstream sees the station aired it once.
    await context.setOffline(false);
    await tapSync(page);
    await expect.poll(() => pendingLine(page), { timeout: 20_000 }).toBe('Đã gửi hết');
    await page.click('.bottom-nav a[href="#/content"]');
    await expect.poll(() => line.locator('[data-testid=aired]').textContent()).toContain('Đã phát 1/2 lần');
    const sent = await callApi<{ items: ContentReport[] }>(server, '/api/v1/content/sent', { token: province.token });
    const report = sent.items.find((i) => i.id === id)!;
    expect(report.airings).toBe(1);
    expect(report.deliveries.find((d) => d.unitId === 'new:18673:station')).toMatchObject({
      airings: 1,
      downloadedAt: expect.any(String),
    });
  });
});

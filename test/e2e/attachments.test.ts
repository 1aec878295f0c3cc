import exifr from 'exifr';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, launchBrowser, type Phone, screenshot } from './support/browser';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';
import { callApi } from './support/phone';
import { vietnamDateOf } from '../../src/shared/format';
import { formatPeriodCode, periodContaining } from '../../src/shared/period';

// Photos on an entry in real Chromium, with the built PWA (issue 14, item 1): a photo taken through
// the file input is stored shrunk (longest side ≤ 1,600 px) and without its EXIF (the fixture
// carries a GPS position), its thumbnail shows in the log, and a full quota (Chromium's own, forced
// through CDP) drops the original the server holds (its thumbnail stays) and still refuses a new
// photo in words while the form keeps what was typed; the entry is saved once there is room. After the entry's own sync, the photo goes up to
// the real server, which then lists it whole to the district.
const skipReason = browserUnavailableReason();
const FULL = 'Bộ nhớ máy đã đầy, chưa thêm được ảnh này';

let server: RunningServer;
let phone: Phone;

/** An EXIF APP1 segment (big-endian TIFF) whose GPS IFD holds latitude 18° 20′ N. */
function exifWithGps(): Buffer {
  const tiff = Buffer.alloc(80);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  // IFD0: one entry, GPSInfo (0x8825) → the GPS IFD at 26.
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10);
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22);
  // GPS IFD: GPSLatitudeRef 'N', GPSLatitude 18/1 20/1 0/1 (rationals at 56).
  tiff.writeUInt16BE(2, 26);
  tiff.writeUInt16BE(1, 28);
  tiff.writeUInt16BE(2, 30);
  tiff.writeUInt32BE(2, 32);
  tiff.write('N\0', 36, 'latin1');
  tiff.writeUInt16BE(2, 40);
  tiff.writeUInt16BE(5, 42);
  tiff.writeUInt32BE(3, 44);
  tiff.writeUInt32BE(56, 48);
  tiff.writeUInt32BE(0, 52);
  [18, 1, 20, 1, 0, 1].forEach((n, i) => {
    tiff.writeUInt32BE(n, 56 + i * 4);
  });
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A 2400×1800 camera-like JPEG drawn in the page, with the GPS EXIF put in after its SOI. */
async function cameraJpeg(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1800);
    const g = canvas.getContext('2d')!;
    const sky = g.createLinearGradient(0, 0, 0, 1800);
    sky.addColorStop(0, '#7fb2e5');
    sky.addColorStop(1, '#f4e2b8');
    g.fillStyle = sky;
    g.fillRect(0, 0, 2400, 1800);
    g.fillStyle = '#c0392b';
    g.fillRect(300, 500, 1800, 420);
    g.fillStyle = '#ffeb3b';
    g.font = 'bold 120px sans-serif';
    g.fillText('TẬP HUẤN CẢI CÁCH HÀNH CHÍNH', 360, 760);
    for (let i = 0; i < 60; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 40% 45%)`;
      g.beginPath();
      g.arc(200 + ((i * 173) % 2000), 1200 + ((i * 97) % 500), 50, 0, Math.PI * 2);
      g.fill();
    }
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  });
  const jpeg = Buffer.from(base64, 'base64');
  return Buffer.concat([jpeg.subarray(0, 2), exifWithGps(), jpeg.subarray(2)]);
}

/** The stored originals of the entry being written whose photos are named IMG_205*, as bytes. */
async function photoBytesOf(page: Page): Promise<Buffer[]> {
  const encoded = await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('cchc-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['attachments', 'originals']);
          const rows = tx.objectStore('attachments').getAll();
          const originals = tx.objectStore('originals').getAll();
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = async () => {
            const ids = new Set(
              (rows.result as { id: string; name: string }[])
                .filter((r) => r.name.startsWith('IMG_205'))
                .map((r) => r.id),
            );
            const held = (originals.result as { id: string; blob: Blob }[]).filter((o) => ids.has(o.id));
            resolve(
              await Promise.all(
                held.map(async (o) => {
                  let text = '';
                  for (const b of new Uint8Array(await o.blob.arrayBuffer())) text += String.fromCharCode(b);
                  return btoa(text);
                }),
              ),
            );
          };
        };
      }),
  );
  return encoded.map((b64) => Buffer.from(b64, 'base64'));
}

/**
 * The photos the phone stored: size, dimensions and whether any EXIF segment is left (originals are
 * rows of their own; a photo whose original was dropped has size 0).
 */
function storedPhotos(page: Page) {
  return page.evaluate(
    () =>
      new Promise<
        {
          size: number;
          width: number;
          height: number;
          exif: boolean;
          thumbSide: number;
          state: string;
          originalDropped: boolean;
        }[]
      >((resolve, reject) => {
        const open = indexedDB.open('cchc-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['attachments', 'originals']);
          const all = tx.objectStore('attachments').getAll();
          const originals = tx.objectStore('originals').getAll();
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = async () => {
            const held = new Map((originals.result as { id: string; blob: Blob }[]).map((o) => [o.id, o.blob]));
            const rows = (all.result as { id: string; thumb: Blob; state: string }[]).map((row) => ({
              ...row,
              blob: held.get(row.id) ?? null,
              originalDropped: !held.has(row.id),
            }));
            resolve(
              await Promise.all(
                rows.map(async (row) => {
                  const thumb = await createImageBitmap(row.thumb);
                  if (!row.blob)
                    return {
                      size: 0,
                      width: 0,
                      height: 0,
                      exif: false,
                      thumbSide: Math.max(thumb.width, thumb.height),
                      state: row.state,
                      originalDropped: row.originalDropped,
                    };
                  const bytes = new Uint8Array(await row.blob.arrayBuffer());
                  let exif = false;
                  for (let i = 0; i + 9 < bytes.length && !exif; i++)
                    exif =
                      bytes[i] === 0xff &&
                      bytes[i + 1] === 0xe1 &&
                      String.fromCharCode(...bytes.slice(i + 4, i + 8)) === 'Exif';
                  const image = await createImageBitmap(row.blob);
                  return {
                    size: row.blob.size,
                    width: image.width,
                    height: image.height,
                    exif,
                    thumbSide: Math.max(thumb.width, thumb.height),
                    state: row.state,
                    originalDropped: row.originalDropped,
                  };
                }),
              ),
            );
          };
        };
      }),
  );
}

async function openBroadcastForm(page: Page, title: string): Promise<void> {
  await page.click('.bottom-nav a[href="#/"]');
  await page.click('.kind-grid a[data-kind=broadcast]');
  await page.waitForSelector('form.entry-form');
  await page.click('fieldset.choice button:has-text("Sáng")');
  await page.fill('input[name=minutes]', '15');
  await page.fill('input[name=title]', title);
}

describe.skipIf(skipReason !== null)('photos on an entry in real Chromium', () => {
  beforeAll(async () => {
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
  });
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('stores a photo shrunk and without its location (but the one tagged on the entry), shows its thumbnail, and refuses one in words when storage is full', async () => {
    const code = await adminEnrollCode(server.dataDir, 'old:18673', 'reporter');
    phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    const { page, context } = phone;
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${server.url}/?code=${code}`);
    await page.fill('input[name=deviceName]', 'Điện thoại xã');
    await page.click('button[type=submit]');
    await page.waitForSelector('.home', { timeout: 60_000 });
    expect(
      await page.evaluate(() =>
        Promise.race([
          navigator.serviceWorker.ready.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
        ]),
      ),
    ).toBe(true);
    const photo = await cameraJpeg(page);
    expect(photo.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);

    // The photo is taken in the form, before the entry is saved.
    await openBroadcastForm(page, 'Tập huấn có ảnh');
    await page.setInputFiles('input[name=photo]', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('.attachment-list li.attachment img.thumb', { timeout: 30_000 });
    expect(await page.textContent('.attachment-list')).toContain('IMG_2041.jpg');
    await page.evaluate(() => document.querySelector('.attachments')?.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'attachments-form');
    const [stored] = await storedPhotos(page);
    console.log(
      `photo: fixture ${photo.length} B at 2400×1800; stored ${stored?.size} B at ${stored?.width}×${stored?.height}`,
    );
    expect(Math.max(stored!.width, stored!.height)).toBe(1600);
    expect(stored!.exif).toBe(false);
    expect(stored!.size).toBeLessThanOrEqual(200 * 1024);
    expect(stored!.thumbSide).toBeLessThanOrEqual(240);

    await page.click('form.entry-form button[type=submit]');
    await page.waitForSelector('.page.log');
    const row = page.locator('li.entry-row', { hasText: 'Tập huấn có ảnh' });
    await row.locator('[data-testid=thumbs] img').waitFor({ timeout: 15_000 });
    // The entry synced first; then its photo went up to the real server, in chunks.
    await expect.poll(async () => (await storedPhotos(page))[0]?.state, { timeout: 60_000 }).toBe('done');
    await screenshot(page, 'attachments-log');
    // The district sees the entry with its photo whole on the server.
    const supervisor = await callApi<{ token: string }>(server, '/api/v1/enroll', {
      method: 'POST',
      body: { code: await adminEnrollCode(server.dataDir, 'old:446', 'supervisor'), deviceName: 'Máy huyện' },
    });
    const month = formatPeriodCode(periodContaining(vietnamDateOf(new Date()), 'month'));
    const listed = await callApi<{ items: { title: string; attachments: { size: number; complete: boolean }[] }[] }>(
      server,
      `/api/v1/activities?unitId=old%3A18673&period=${month}`,
      { token: supervisor.token },
    );
    const withPhoto = listed.items.find((i) => i.title === 'Tập huấn có ảnh');
    expect(withPhoto?.attachments).toEqual([expect.objectContaining({ size: stored!.size, complete: true })]);
    await page.click('.bottom-nav a[href="#/settings"]');
    await expect.poll(() => page.textContent('[data-testid=attachment-bytes]')).toMatch(/^Ảnh và tệp: \d+ KB$/);
    await page.locator('[data-testid=attachments-card]').scrollIntoViewIfNeeded();
    await screenshot(page, 'attachments-settings');

    // The person tags the entry's location (after taking a photo, and before another): both photos
    // carry that point, read back from the stored bytes with an EXIF reader; nothing else is kept.
    const here = { latitude: 18.2426, longitude: 106.0035 };
    await context.grantPermissions(['geolocation'], { origin: new URL(server.url).origin });
    await context.setGeolocation(here);
    await openBroadcastForm(page, 'Pa nô có vị trí');
    await page.setInputFiles('input[name=photo]', { name: 'IMG_2050.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('.attachment-list li.attachment img.thumb', { timeout: 30_000 });
    await page.click('details.more summary');
    await page.click('button:has-text("Gắn vị trí hiện tại")');
    await page.waitForSelector('button:has-text("Đã lấy vị trí")');
    await page.setInputFiles('input[name=photo]', { name: 'IMG_2051.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect
      .poll(() => page.locator('.attachment-list li.attachment img.thumb').count(), { timeout: 30_000 })
      .toBe(2);
    const tagged = await photoBytesOf(page);
    expect(tagged).toHaveLength(2);
    for (const bytes of tagged) {
      const gps = await exifr.gps(bytes);
      expect(gps?.latitude).toBeCloseTo(here.latitude, 5);
      expect(gps?.longitude).toBeCloseTo(here.longitude, 5);
      // The camera's own EXIF (its 18° 20′) is gone: only the tagged point is there.
      expect(Object.keys((await exifr.parse(bytes, { gps: true, tiff: true, exif: true })) ?? {}).sort()).toEqual(
        [
          'GPSLatitude',
          'GPSLatitudeRef',
          'GPSLongitude',
          'GPSLongitudeRef',
          'GPSVersionID',
          'latitude',
          'longitude',
        ].sort(),
      );
    }
    // Taken back: the form goes, and the photos of the entry never saved with it.
    await page.click('form.entry-form button:has-text("Quay lại")');
    await expect.poll(async () => (await storedPhotos(page)).length).toBe(1);

    // A nearly full disk: Chromium's own quota of the origin forced (CDP
    // Storage.overrideQuotaForOrigin) to 5 KB above what it uses. Chromium's IndexedDB keeps the
    // room it last found for ~30 s before asking the quota again, so the test lets that pass with
    // no write. (navigator.storage.estimate() reports usage + 10 GiB whatever the quota: the app
    // learns of a full disk from the write Chromium refuses.)
    const origin = new URL(server.url).origin;
    const cdp = await context.newCDPSession(page);
    await page.waitForTimeout(31_000);
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 5_000 });
    const usageAndQuota = () =>
      cdp.send('Storage.getUsageAndQuota', { origin }) as Promise<{ usage: number; quota: number }>;
    console.log(`storage: usage ${usage} B, quota forced to ${(await usageAndQuota()).quota} B`);
    // An entry (a KB or two) still fits: it is saved as ever.
    await openBroadcastForm(page, 'Phát thanh khi gần đầy');
    await page.click('form.entry-form button[type=submit]');
    await page.locator('li.entry-row', { hasText: 'Phát thanh khi gần đầy' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.save-failed').count()).toBe(0);
    // A photo (~90 KB) does not: IndexedDB refuses it with a real QuotaExceededError.
    await openBroadcastForm(page, 'Ảnh khi bộ nhớ đầy');
    await page.setInputFiles('input[name=photo]', { name: 'IMG_2042.jpg', mimeType: 'image/jpeg', buffer: photo });
    const refusal = page.locator('[data-testid=attach-message]');
    await refusal.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await screenshot(page, 'attachments-full-missing');
      throw new Error(`no refusal; the form shows: ${await page.textContent('form.entry-form')}`, { cause: error });
    });
    expect(await refusal.textContent()).toContain(FULL);
    await screenshot(page, 'attachments-full');
    // Before refusing, the phone dropped what it could: the earlier photo's original, which the
    // server holds whole (a delete, which a full quota allows); its thumbnail stays.
    expect((await storedPhotos(page))[0]).toMatchObject({ size: 0, originalDropped: true, state: 'done' });
    // What the person typed is still in the form, and no photo was half-stored.
    expect(await page.inputValue('input[name=title]')).toBe('Ảnh khi bộ nhớ đầy');
    expect(await page.locator('.attachment-list li').count()).toBe(0);
    // Storage is now past its quota: saving this entry fails too (unless Chromium still counts the
    // room it last found), and it stays on screen marked unsaved with 'Lưu lại' (storage.test.ts
    // proves that path). Room comes back (the person freed some): the very entry typed is saved.
    const now = await usageAndQuota();
    console.log(`storage: usage ${now.usage} B of ${now.quota} B`);
    expect(now.usage).toBeGreaterThan(now.quota);
    await page.click('form.entry-form button[type=submit]');
    const unsaved = page.locator('li.entry-row', { hasText: 'Ảnh khi bộ nhớ đầy' });
    await unsaved.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1_000);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    // Chromium's IndexedDB may take a few seconds to see the room: 'Lưu lại' until it is stored.
    const storedTitles = () =>
      page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open('cchc-field');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result.transaction('activities').objectStore('activities').getAll();
              all.onerror = () => reject(all.error);
              all.onsuccess = () => resolve((all.result as { title: string }[]).map((a) => a.title));
            };
          }),
      );
    let retries = 0;
    await expect
      .poll(
        async () => {
          const retry = unsaved.locator('.save-failed button');
          if ((await retry.count()) > 0) {
            retries++;
            await retry.click();
          }
          return (await storedTitles()).includes('Ảnh khi bộ nhớ đầy');
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(true);
    console.log(
      `the entry's save on a full disk: ${retries > 0 ? `refused, saved by 'Lưu lại' (${retries}×)` : 'saved'}`,
    );

    // Both entries, and the earlier one's photo, are whole after a reload.
    await page.reload();
    await page.waitForSelector('.bottom-nav', { timeout: 30_000 });
    await page.click('.bottom-nav a[href="#/log"]');
    await page.locator('li.entry-row', { hasText: 'Ảnh khi bộ nhớ đầy' }).waitFor({ timeout: 15_000 });
    await page
      .locator('li.entry-row', { hasText: 'Tập huấn có ảnh' })
      .locator('[data-testid=thumbs] img')
      .waitFor({ timeout: 15_000 });
    const after = await storedPhotos(page);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ originalDropped: true, thumbSide: 240 });
    // Its form says where the original is.
    await page.locator('li.entry-row', { hasText: 'Tập huấn có ảnh' }).locator('button.entry-open').click();
    await page.waitForSelector('form.entry-form');
    expect(await page.textContent('.attachment-list')).toContain('Ảnh gốc đã gửi lên máy chủ');
  });
});

// A tour of the newest screens as their users meet them, photographed for a person to look at:
// `npx tsx test/e2e/support/screens-tour.ts [outDir]` (default /tmp/shots). It builds the PWA as the
// e2e tests do (the shared build), starts the server like `npm start` on a fresh PGlite folder with
// its demo data, enrolls a commune, a station and a post-office phone (390×844) and the province
// supervisor's console (1366×800), publishes an audio segment and a script from the console, and
// saves a PNG of every screen and state. Not a test: it asserts nothing beyond the screens opening;
// a step that fails is reported and the tour goes on.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { wav } from '../../support/audio';
import { readPlan } from '../../support/sources';
import { launchBrowser, type Phone } from './browser';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './server';

const OUT = path.resolve(process.argv[2] ?? '/tmp/shots');
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 800 };
const browsers: Phone[] = [];
const failures: string[] = [];
let server: RunningServer;

async function shot(page: Page, name: string, full = false): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: full });
  console.log(`  ${name}.png`);
}

async function step(what: string, run: () => Promise<void>): Promise<void> {
  console.log(`[tour ${new Date().toISOString().slice(11, 19)}] ${what}`);
  try {
    await run();
  } catch (error) {
    failures.push(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    console.error(`  FAILED: ${failures.at(-1)}`);
  }
}

async function enroll(code: string, name: string, viewport: { width: number; height: number }): Promise<Phone> {
  const device = await launchBrowser({ viewport });
  browsers.push(device);
  device.page.setDefaultTimeout(30_000);
  device.page.on('pageerror', (error) => console.error(`  [${name}] page error: ${error.message}`));
  device.page.on('dialog', (dialog) => void dialog.accept());
  await device.page.goto(`${server.url}/?code=${code}`);
  await device.page.fill('input[name=deviceName]', name);
  await device.page.click('button[type=submit]');
  await device.page.waitForSelector('.home, .console-tabs', { timeout: 60_000 });
  return device;
}

async function sync(page: Page): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#/`);
  await page.waitForSelector('.syncbar button');
  await page.click('.syncbar button');
  await page.waitForFunction(() => !document.querySelector('.syncbar button')?.hasAttribute('disabled'));
  await page.waitForTimeout(500);
}

async function tab(page: Page, name: string): Promise<void> {
  await page.click(`.console-tabs button:has-text("${name}")`);
  await page.waitForTimeout(800);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
  server = await startServer({ distDir });
  console.log(`server ${server.url}, data ${server.dataDir}`);
  const codeOf = (label: string) => server.codes.find((c) => c.line.startsWith(label))!.code;

  const desk = await enroll(codeOf('Tỉnh Hà Tĩnh (giám sát)'), 'Máy Sở VH-TT-DL', DESK);
  const commune = await enroll(codeOf('Cán bộ Xã Cẩm Xuyên'), 'Điện thoại xã', PHONE);
  const station = await enroll(await adminEnrollCode(server.dataDir, 'new:18673:station', 'reporter'), 'Trạm', PHONE);
  const post = await enroll(
    await adminEnrollCode(server.dataDir, 'new:18673:post-office', 'reporter'),
    'Bưu điện xã',
    PHONE,
  );
  const d = desk.page;

  await step('console: publish an audio segment and a script', async () => {
    await tab(d, 'Nội dung gửi xuống');
    await shot(d, 'console-content-empty');
    await d.fill('form.content-publish input[name=title]', 'Chuyên mục CCHC tháng 12: dịch vụ công trực tuyến');
    await d.setInputFiles('form.content-publish input[name=file]', {
      name: 'chuyen-muc-thang-12.wav',
      mimeType: 'audio/wav',
      buffer: wav(3),
    });
    await d.fill('form.content-publish input[name=expectation]', 'Phát trong tháng, tối thiểu 2 lần');
    await d.fill('form.content-publish input[name=minAirings]', '2');
    await shot(d, 'console-content-form-audio');
    await d.click('form.content-publish button[type=submit]');
    await d.waitForSelector('.content-publish [role=status]:has-text("Đã gửi")', { timeout: 30_000 });
    await shot(d, 'console-content-sent');
    await d.click('form.content-publish input[name=kind][value=script]');
    await d.fill('form.content-publish input[name=title]', 'Bài đọc: Thủ tục cấp giấy khai sinh trực tuyến');
    await d.fill(
      'form.content-publish textarea[name=script]',
      'Kính thưa bà con! Từ tháng này, cha mẹ có thể đăng ký khai sinh cho con qua Cổng dịch vụ công quốc gia mà không phải đến UBND xã. '.repeat(
        6,
      ),
    );
    await d.fill('form.content-publish input[name=expectation]', 'Đọc trên loa vào buổi sáng thứ Hai');
    await shot(d, 'console-content-form-script');
    await d.click('form.content-publish button[type=submit]');
    await d.waitForSelector('.content-publish [role=status]:has-text("Đã gửi “Bài đọc")', { timeout: 30_000 });
    await shot(d, 'console-content-tab');
    await shot(d, 'console-content-tab-full', true);
  });

  const c = commune.page;
  await step('commune: home with the period-submit card', async () => {
    await sync(c);
    await shot(c, 'phone-commune-home');
    await shot(c, 'phone-commune-home-full', true);
    await c.click('.period .segmented button:has-text("Quý")');
    await c.locator('.period-submit').scrollIntoViewIfNeeded();
    await shot(c, 'phone-commune-home-quarter-card');
  });

  await step('commune: entry with a photo attached', async () => {
    await c.goto(`${server.url}/#/`);
    await c.click('.kind-grid a[data-kind=meeting], .kind-grid a >> nth=0');
    await c.waitForSelector('form.entry-form');
    const jpeg = await c.evaluate(async () => {
      const canvas = new OffscreenCanvas(1600, 1200);
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#7fb2e5';
      g.fillRect(0, 0, 1600, 1200);
      g.fillStyle = '#c0392b';
      g.fillRect(200, 400, 1200, 300);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      return btoa(text);
    });
    await shot(c, 'phone-entry-form-top');
    await c.setInputFiles('input[name=photo]', {
      name: 'IMG_20261205_hoi-nghi-tuyen-truyen-cai-cach-hanh-chinh.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(jpeg, 'base64'),
    });
    await c.waitForSelector('.attachment-list li.attachment img.thumb', { timeout: 30_000 });
    await c.evaluate(() => document.querySelector('.attachments')?.scrollIntoView({ block: 'center' }));
    await shot(c, 'phone-entry-photo');
    await shot(c, 'phone-entry-photo-full', true);
    const title = c.locator('form.entry-form input[name=title]');
    if ((await title.count()) > 0) await title.fill('Hội nghị tuyên truyền CCHC thôn Bắc Sơn');
    await c.click('form.entry-form button[type=submit]');
    await c.waitForSelector('.page.log');
    await shot(c, 'phone-log-with-photo');
    await sync(c);
    await c.goto(`${server.url}/#/log`);
    await c.waitForTimeout(1500);
    await shot(c, 'phone-log-after-sync');
  });

  await step('commune: submit the quarter (sign-off card states)', async () => {
    await c.goto(`${server.url}/#/`);
    await c.click('.period .segmented button:has-text("Quý")');
    const card = c.locator('.period-submit');
    await card.locator('button:has-text("Gửi báo cáo kỳ")').click();
    await card.locator('.confirm').scrollIntoViewIfNeeded();
    await shot(c, 'phone-submit-confirm');
    await card.locator('.confirm button.primary').click();
    await c.waitForTimeout(500);
    await card.scrollIntoViewIfNeeded();
    await shot(c, 'phone-submit-sent');
    await sync(c);
    await c.click('.period .segmented button:has-text("Quý")');
    await card.scrollIntoViewIfNeeded();
    await shot(c, 'phone-submit-after-sync');
  });

  await step('commune: the period report', async () => {
    await c.goto(`${server.url}/#/report`);
    await c.waitForTimeout(1500);
    await shot(c, 'phone-report');
    await shot(c, 'phone-report-full', true);
  });

  const s = station.page;
  await step('station: content list, player, script reader', async () => {
    await sync(s);
    await shot(s, 'phone-station-home');
    await s.goto(`${server.url}/#/content`);
    await s.locator('li.content-item').first().waitFor({ timeout: 30_000 });
    await s.waitForTimeout(3000);
    await shot(s, 'phone-content-list');
    await s.locator('li.content-item', { hasText: 'Chuyên mục' }).locator('a.content-open').click();
    await s.waitForSelector('[data-testid=play]');
    await shot(s, 'phone-content-player');
    await s.click('[data-testid=play]');
    await s.locator('[data-testid=save-relay]').waitFor({ timeout: 20_000 });
    await shot(s, 'phone-content-played');
    await s.goto(`${server.url}/#/content`);
    await s.locator('li.content-item', { hasText: 'Bài đọc' }).locator('a.content-open').click();
    await s.waitForSelector('.script-reader');
    await shot(s, 'phone-script-reader');
    await s.click('.script-reader button.primary');
    await s.waitForTimeout(1200);
    await shot(s, 'phone-script-reading');
    await s.evaluate(() => window.scrollBy(0, 1200));
    await shot(s, 'phone-script-reading-scrolled');
    await shot(s, 'phone-script-reading-full', true);
  });

  await step('post office: home and content', async () => {
    await sync(post.page);
    await shot(post.page, 'phone-post-home');
    await shot(post.page, 'phone-post-home-full', true);
    await post.page.goto(`${server.url}/#/report`);
    await post.page.waitForTimeout(1500);
    await shot(post.page, 'phone-post-report');
  });

  await step('console: dashboard with the sign-off column and panel', async () => {
    await d.reload();
    await d.waitForSelector('.console-tabs', { timeout: 60_000 });
    await tab(d, 'Tiến độ');
    await d.waitForSelector('.period-picker .period-name');
    await d.waitForTimeout(2000);
    await shot(d, 'console-dashboard');
    await shot(d, 'console-dashboard-full', true);
    const panel = d.locator('.signoff-panel');
    if ((await panel.count()) > 0) {
      await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await shot(d, 'console-signoff-panel');
      await panel
        .locator('tr', { hasText: 'Xã Cẩm Xuyên' })
        .first()
        .evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await shot(d, 'console-signoff-submitted');
    }
    const grid = d.locator('table.grid');
    if ((await grid.count()) > 0) {
      await grid.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await shot(d, 'console-grid-signoff-column');
    }
  });

  await step('console: a nudge to the communes; the commune phone shows it', async () => {
    const form = d.locator('form.nudge-form');
    await form.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await form.locator('input.wide').fill('Đề nghị các xã gửi báo cáo Quý IV/2026 trước 15/12/2026.');
    await shot(d, 'console-nudge-form');
    await form.locator('button[type=submit]').click();
    await d.waitForTimeout(1500);
    await shot(d, 'console-nudge-sent');
    await sync(c);
    await c.waitForTimeout(1000);
    await shot(c, 'phone-commune-home-nudge');
  });

  await step('console: plan editor with indicators and schedule', async () => {
    await tab(d, 'Kế hoạch');
    await shot(d, 'console-plans');
    await d.fill('.plans-screen textarea', readPlan('ha-tinh-province-2020.txt'));
    await d.click('button:has-text("Đọc kế hoạch")');
    await d.waitForSelector('table.task-list tbody tr.task-row');
    await shot(d, 'console-plan-editor');
    await shot(d, 'console-plan-editor-full', true);
    const indicators = d.locator('.plan-indicators');
    if ((await indicators.count()) > 0) {
      await indicators.first().scrollIntoViewIfNeeded();
      await shot(d, 'console-plan-indicators');
    }
    const schedule = d.locator('.plan-schedule, .schedule');
    if ((await schedule.count()) > 0) {
      await schedule.first().scrollIntoViewIfNeeded();
      await shot(d, 'console-plan-schedule');
    }
  });

  await step('console: units screen and "Thêm cơ quan"', async () => {
    await tab(d, 'Đơn vị và máy');
    await shot(d, 'console-units');
    await d.locator('form.add-agency').scrollIntoViewIfNeeded();
    await shot(d, 'console-units-add-agency');
    await d.fill('form.add-agency input', 'Sở Nội vụ tỉnh Hà Tĩnh');
    await d.click('form.add-agency button[type=submit]');
    await d.waitForTimeout(1500);
    await d.locator('form.add-agency').scrollIntoViewIfNeeded();
    await shot(d, 'console-units-agency-added');
    await shot(d, 'console-units-full', true);
  });
}

main()
  .catch((error) => {
    failures.push(String(error));
    console.error(error);
  })
  .finally(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.stop();
    console.log(failures.length ? `\n${failures.length} step(s) failed:\n${failures.join('\n')}` : '\ntour done');
    process.exit(failures.length ? 1 : 0);
  });

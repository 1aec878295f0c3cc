import type { Page } from 'playwright-core';
import { launchBrowser, type Phone, screenshot } from './browser';
import type { RunningServer } from './server';

/** Calls the server's API as a device would (JSON in, JSON out); throws with the body on an error. */
export async function callApi<T>(
  server: RunningServer,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Opens the enrollment link on a fresh phone, names the phone, and waits for home and an active
 * service worker (the shell must be precached before the phone may lose its network).
 */
export async function enrollPhone(
  server: RunningServer,
  code: string,
  name: string,
  options: { timezoneId?: string } = {},
): Promise<Phone> {
  const phone = await launchBrowser(options);
  phone.page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
  await phone.page.goto(`${server.url}/?code=${code}`);
  await phone.page.fill('input[name=deviceName]', name);
  await phone.page.click('button[type=submit]');
  await phone.page.waitForSelector('.home', { timeout: 60_000 });
  const ready = await phone.page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
    ]),
  );
  if (!ready) throw new Error('the service worker never became active (a development build has none)');
  return phone;
}

/** Taps the bottom navigation to a screen: '' (home), 'log', 'book', 'stock' or 'settings'. */
export async function goTo(page: Page, screen: '' | 'log' | 'book' | 'stock' | 'settings'): Promise<void> {
  await page.click(`.bottom-nav a[href="#/${screen}"]`);
}

/**
 * From home, taps a kind's button, lets `fill` type into the form, saves, and waits for the log;
 * with `shot`, photographs the filled form first.
 */
export async function logEntry(
  page: Page,
  kind: string,
  fill: (page: Page) => Promise<void>,
  shot?: string,
): Promise<void> {
  await goTo(page, '');
  await page.click(`.kind-grid a[data-kind=${kind}]`);
  await page.waitForSelector('form.entry-form');
  await fill(page);
  if (shot) await screenshot(page, shot);
  await page.click('form.entry-form button[type=submit]');
  await page.waitForSelector('.page.log');
}

/** The sync bar's line on home: "2 mục chờ đồng bộ" or "Đã gửi hết". */
export async function pendingLine(page: Page): Promise<string> {
  await goTo(page, '');
  return (await page.textContent('[data-testid=pending]')) ?? '';
}

/** Taps "Đồng bộ ngay" on home and waits for the round to finish. */
export async function tapSync(page: Page): Promise<void> {
  await goTo(page, '');
  await page.click('.syncbar button');
  await page.waitForFunction(() => !document.querySelector('.syncbar button')?.hasAttribute('disabled'));
  await page.waitForTimeout(300);
}

/**
 * Taps "Đồng bộ ngay" until home says everything is sent, as a person would tap again after a
 * round that failed while the link came back; fails after `timeoutMs` with what the sync bar says.
 */
export async function syncAll(page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await tapSync(page);
    const tapped = Date.now();
    while (Date.now() - tapped < 10_000) {
      if ((await pendingLine(page)) === 'Đã gửi hết') return;
      if (Date.now() > deadline) {
        throw new Error(
          `not everything sent after ${timeoutMs} ms; the sync bar says: ${await page.textContent('.syncbar')}`,
        );
      }
      await page.waitForTimeout(500);
    }
  }
}

/** The first row of the log whose text contains `text`, once it shows. */
export async function logRow(page: Page, text: string) {
  await goTo(page, 'log');
  const row = page.locator('li.entry-row', { hasText: text }).first();
  await row.waitFor();
  return row;
}

/** The task card on home whose title contains `title`. */
export async function taskCard(page: Page, title: string) {
  await goTo(page, '');
  const card = page.locator('.tasks article.task', { hasText: title }).first();
  await card.waitFor({ timeout: 30_000 });
  return card;
}

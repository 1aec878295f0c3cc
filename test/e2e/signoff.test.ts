import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDateOf } from '../../src/shared/format';
import { addDays } from '../../src/shared/period';
import { browserUnavailableReason, launchBrowser, type Phone, screenshot } from './support/browser';
import { enrollPhone, goTo, logEntry, logRow, pendingLine, tapSync } from './support/phone';
import { buildPwa, type RunningServer, startServer } from './support/server';

// Issue 16, tests 3 and 4, in real Chromium against the started server: a commune phone logs
// offline and submits its quarter ("Gửi báo cáo kỳ") while still offline; back online the
// submission goes up after the entries. The province's supervisor returns it with a comment in the
// console: the phone, its clock set to the day before, hears of it at its sync and reminds (banner
// and a real notification); with the app closed, the browser's Periodic Background Sync (dispatched
// through CDP, as Chromium does for an installed app) wakes the worker, which shows the next day's
// reminder once. The phone sends the report again; the supervisor approves it; the phone shows
// "Đã duyệt" after its next sync, and the entry's history lists the period's steps. Then the phone
// edits the entry: the supervisor's grid marks the commune "thay đổi sau khi duyệt", and the report
// keeps the approved figure beside the current one. Last, the supervisor nudges the commune: the
// phone shows the message at its next sync, as a banner and a notification.
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

/** The notifications of the app's registration with a tag, as the browser holds them (shown, not closed). */
async function notifications(page: Page, tag: string): Promise<{ title: string; body: string }[]> {
  return page.evaluate(
    async (tag) =>
      (await (await navigator.serviceWorker.ready).getNotifications({ tag })).map((n) => ({
        title: n.title,
        body: n.body,
      })),
    tag,
  );
}

/** Closes the app's notifications with a tag, as a person swiping them away. */
async function closeNotifications(page: Page, tag: string): Promise<void> {
  await page.evaluate(async (tag) => {
    for (const n of await (await navigator.serviceWorker.ready).getNotifications({ tag })) n.close();
  }, tag);
}

/** The app's service worker registration, as CDP names it. */
async function registrationId(cdp: CDPSession, origin: string): Promise<string> {
  const found = new Promise<string>((resolve) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
      const mine = event.registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  return found;
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
    let page = phone.page;
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
    // "Hạn gửi: 15/12/2026": the commune's due date, from its plan.
    const [, dd, mm, yyyy] = /Hạn gửi: (\d{2})\/(\d{2})\/(\d{4})/.exec(
      (await card.locator('.due').textContent()) ?? '',
    )!;
    const dayAfterDue = addDays(`${yyyy}-${mm}-${dd}`, 1).split('-').map(Number);
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

    step('the province returns it with a comment in the console');
    // The console opened before the submission: it shows the server's figures as it loads them.
    await desk.page.reload();
    await desk.page.waitForSelector('.console-tabs', { timeout: 60_000 });
    await desk.page.click('.console-tabs button:has-text("Tiến độ")');
    await desk.page.waitForSelector('.period-picker .period-name');
    await consoleShowing(desk.page, label);
    const panelRow = desk.page.locator(`.signoff-panel tr[data-unit="${COMMUNE}"]`);
    await expect.poll(() => panelRow.textContent(), { timeout: 60_000 }).toContain('Đã gửi, chờ duyệt');
    const comment = 'Bổ sung số liệu phát thanh tháng cuối quý';
    await panelRow.locator('button:has-text("Trả lại")').click();
    await panelRow.locator('form input').fill(comment);
    await panelRow.locator('form button[type=submit]').click();
    await expect.poll(() => panelRow.textContent(), { timeout: 30_000 }).toContain('Bị trả lại');

    step('the phone, its clock on the day before, hears of it at its sync and reminds');
    const { context } = phone;
    // Notifications, and Periodic Background Sync as Chromium allows it an installed app, through
    // CDP on a blank tab kept open (the grants last as long as its session).
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    await cdp.send('Browser.grantPermissions', {
      permissions: ['notifications', 'periodicBackgroundSync'],
      origin: server.url,
    });
    const dayBefore = addDays(vietnamDateOf(new Date()), -1);
    let faked = await context.newPage();
    await page.close();
    faked.setDefaultTimeout(30_000);
    // 09:00 in Vietnam that day, whatever zone this machine is in.
    await faked.clock.setFixedTime(new Date(`${dayBefore}T02:00:00Z`));
    await faked.goto(`${server.url}/`);
    const returnedLine = `Báo cáo kỳ bị trả lại: ${label}`;
    const banner = faked.locator('[data-testid=reminder]');
    await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain(returnedLine);
    expect(await banner.textContent()).toContain(comment);
    await expect.poll(() => notifications(faked, 'cchc-reminders'), { timeout: 10_000 }).toHaveLength(1);
    expect((await notifications(faked, 'cchc-reminders'))[0]!.body).toContain(comment);
    await closeNotifications(faked, 'cchc-reminders');
    // The page asked the browser to wake the worker for the reminders.
    expect(
      await faked.evaluate(async () =>
        (
          (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
            periodicSync: { getTags(): Promise<string[]> };
          }
        ).periodicSync.getTags(),
      ),
    ).toContain('cchc-reminders');

    step('the app closed, Periodic Background Sync wakes the worker: today’s reminder, once');
    await faked.close();
    await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', {
      origin: server.url,
      registrationId: await registrationId(cdp, server.url),
      tag: 'cchc-reminders',
    });
    // Read (and then closed) in the worker itself: opening the app would remind on its own.
    const inWorker = async (close: boolean) => {
      const sw = context.serviceWorkers().find((w) => w.url().startsWith(server.url));
      if (!sw) return [];
      return sw.evaluate(async (close) => {
        const { registration } = self as unknown as { registration: ServiceWorkerRegistration };
        const shown = await registration.getNotifications({ tag: 'cchc-reminders' });
        if (close) for (const n of shown) n.close();
        return shown.map((n) => n.body);
      }, close);
    };
    const shownByWorker = () => inWorker(false);
    await expect.poll(shownByWorker, { timeout: 15_000 }).toHaveLength(1);
    expect((await shownByWorker())[0]).toContain(comment);

    step('the app opened again that day: the banner, and no second notification');
    faked = blank;
    page = blank;
    page.setDefaultTimeout(30_000);
    await inWorker(true);
    // The clock is the context's: every page of the phone runs on the real one again.
    await context.clock.setSystemTime(new Date());
    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.locator('[data-testid=reminder]').textContent(), { timeout: 30_000 })
      .toContain(comment);
    // The app works its reminders out two seconds after it opens.
    await page.waitForTimeout(3_500);
    expect(await notifications(page, 'cchc-reminders')).toEqual([]);

    step('the phone shows the return and its comment, and sends the report again');
    await page.click('.period .segmented button:has-text("Quý")');
    const again = page.locator('.period-submit');
    await expect.poll(() => again.textContent()).toContain('Bị trả lại');
    expect(await again.textContent()).toContain(comment);
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'signoff-phone-returned');
    await again.locator('button:has-text("Gửi lại báo cáo kỳ")').click();
    await again.locator('.confirm button.primary').click();
    await tapSync(page);
    await goTo(page, '');
    await expect.poll(() => again.textContent(), { timeout: 30_000 }).toContain('Đã gửi, chờ duyệt');

    step('the province approves it in the console');
    await desk.page.click('.period-picker button[aria-label="Kỳ sau"]');
    await desk.page.click('.period-picker button[aria-label="Kỳ trước"]');
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
    // The period's history: the submissions, the return with its comment, the approval.
    await desk.page.click('.signoff-panel details summary');
    const periodHistory = desk.page.locator('.signoff-panel ol.period-history');
    await expect.poll(() => periodHistory.locator('li', { hasText: 'Xã Cẩm Xuyên' }).count()).toBe(4);
    expect(await periodHistory.textContent()).toContain(`Trả lại báo cáo kỳ (Máy Sở VH-TT-DL): ${comment}`);

    step('the phone reads the answer at its next sync');
    await tapSync(page);
    await goTo(page, '');
    await expect.poll(() => again.textContent(), { timeout: 30_000 }).toContain('Đã duyệt');
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'signoff-phone-approved');

    step('an edit after approval is taken and marked; the entry’s history lists the period’s steps');
    await (await logRow(page, 'Chuyên mục CCHC quý này')).locator('.entry-open').click();
    const entryHistory = page.locator('.history-list');
    await expect.poll(() => entryHistory.locator('> li').count(), { timeout: 30_000 }).toBe(5);
    expect(await entryHistory.locator('> li').evaluateAll((items) => items.map((li) => li.className))).toEqual([
      'history-create',
      'history-submit',
      'history-return',
      'history-submit',
      'history-approve',
    ]);
    await page.fill('input[name=minutes]', '25');
    await page.click('form.entry-form button[type=submit]');
    await page.waitForSelector('.page.log');
    await tapSync(page);
    await expect.poll(() => pendingLine(page), { timeout: 30_000 }).toBe('Đã gửi hết');
    // The entry's own history marks the edit.
    await (await logRow(page, 'Chuyên mục CCHC quý này')).locator('.entry-open').click();
    await expect
      .poll(() => entryHistory.locator('> li.history-edit').textContent(), { timeout: 30_000 })
      .toContain('(thay đổi sau khi duyệt)');
    await goTo(page, '');
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

    step('the province nudges the commune; the phone shows it at its next sync, and as a notification');
    // Sent as the console words it: the day after the last day on time, as officers write it.
    const nudge = `Đề nghị cập nhật số liệu ${label} trước ${dayAfterDue[2]}/${dayAfterDue[1]}`;
    await panelRow.locator('input[type=checkbox]').check();
    const form = desk.page.locator('form.nudge-form');
    expect(await form.locator('input.wide').inputValue()).toBe(nudge);
    await form.locator('button[type=submit]').click();
    await expect
      .poll(() => desk.page.locator('.signoff-panel p[role=status]').textContent())
      .toMatch(/^Đã gửi nhắc nhở tới \d+ đơn vị\.$/);
    await tapSync(page);
    await expect.poll(() => page.locator('.nudge-banner').textContent(), { timeout: 30_000 }).toContain(nudge);
    await expect
      .poll(() => notifications(page, 'cchc-nudge'), { timeout: 10_000 })
      .toEqual([{ title: 'Nhắc nhở từ cấp trên', body: `Tỉnh Hà Tĩnh: ${nudge}` }]);
    expect(errors).toEqual([]);
  }, 180_000);
});

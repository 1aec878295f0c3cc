import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriodCode, periodContaining } from '../../src/shared/period';
import { vietnamDateOf } from '../../src/shared/format';
import { browserUnavailableReason, type Phone, screenshot } from './support/browser';
import { callApi, enrollPhone as enrollPhoneAt, logEntry, pendingLine } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

const skipReason = browserUnavailableReason();
const COMMUNE = 'old:18673';

let server: RunningServer;
let supervisorToken = '';
const phones: Phone[] = [];
// Progress lines, so a timeout says where it stopped.
const step = (what: string) => console.log(`[field e2e ${new Date().toISOString().slice(11, 19)}] ${what}`);

/** The server's API as a device calls it. */
const api = <T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
  callApi<T>(server, path, init);

/** A reporter code for a unit, made by the district's console. */
async function districtCode(unitId: string): Promise<string> {
  const answer = await api<{ code: string }>('/api/v1/enrollment-codes', {
    method: 'POST',
    body: { unitId, role: 'reporter' },
    token: supervisorToken,
  });
  return answer.code;
}

async function enrollPhone(code: string, name: string): Promise<Phone> {
  const phone = await enrollPhoneAt(server, code, name);
  phones.push(phone);
  return phone;
}

async function syncUntilClear(page: Page): Promise<void> {
  await page.click('.bottom-nav a[href="#/"]');
  for (let i = 0; i < 40; i++) {
    if ((await page.textContent('[data-testid=pending]'))?.includes('Đã gửi hết')) return;
    await page.waitForTimeout(500);
    if (i % 6 === 5) await page.click('.syncbar button');
  }
  throw new Error(`still waiting: ${await page.textContent('[data-testid=pending]')}`);
}

async function syncNow(page: Page): Promise<void> {
  await page.click('.bottom-nav a[href="#/"]');
  await page.click('.syncbar button');
  await page.waitForFunction(() => !document.querySelector('.syncbar button')?.hasAttribute('disabled'));
  await page.waitForTimeout(300);
}

async function logRow(page: Page, text: string) {
  await page.click('.bottom-nav a[href="#/log"]');
  const row = page.locator('li.entry-row', { hasText: text });
  await row.first().waitFor();
  return row.first();
}

describe.skipIf(skipReason !== null)('field phone in real Chromium against npm start', () => {
  beforeAll(async () => {
    // E2E_DIST_DIR reuses a build made beforehand (the bench and a second run save a minute).
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
    // The field phones work in the tree before 1/7/2025; the demo prints codes for today's tree,
    // so the district's comes from the admin command and the phones' from the district.
    const districtCode = await adminEnrollCode(server.dataDir, 'old:446', 'supervisor');
    supervisorToken = (
      await api<{ token: string }>('/api/v1/enroll', {
        method: 'POST',
        body: { code: districtCode, deviceName: 'Máy huyện' },
      })
    ).token;
  });

  afterAll(async () => {
    for (const phone of phones) await phone.close().catch(() => undefined);
    await server?.stop();
  });

  it('logs offline, syncs once online, and a second phone of the commune converges with it', async () => {
    const communeCode = await districtCode(COMMUNE);
    step('enroll phone A');
    const a = await enrollPhone(communeCode, 'Điện thoại xã 1');
    const page = a.page;

    // No network at all: the app still opens from the service worker's precache.
    step('offline reload');
    await a.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('.home', { timeout: 30_000 });
    await screenshot(page, 'field-home-offline-empty');

    step('log three entries offline');
    await logEntry(page, 'broadcast', async (p) => {
      await p.click('fieldset.choice button:has-text("Sáng")');
      await p.fill('input[name=minutes]', '10');
      await p.fill('input[name=title]', 'Chuyên mục CCHC tuần này');
    });
    await logEntry(
      page,
      'training',
      async (p) => {
        await p.fill('input[name=participants]', '35');
        await p.fill('input[name=title]', 'Tập huấn DVC trực tuyến');
      },
      'field-form-training',
    );
    await logEntry(page, 'material', async (p) => {
      await p.click('fieldset.choice button:has-text("Phát ra")');
      await p.fill('input[name=copies]', '40');
      await p.fill('input[name=title]', 'Tờ gấp DVC');
    });
    await screenshot(page, 'field-log-offline');

    await expect.poll(() => pendingLine(page), { timeout: 10_000 }).toBe('3 mục chờ đồng bộ');
    const totals = page.locator('[data-testid=totals]');
    await expect.poll(() => totals.textContent()).toContain('35 người');
    const totalsText = (await totals.textContent()) ?? '';
    expect(totalsText).toContain('Phát thanh 1 buổi · 10 phút');
    expect(totalsText).toContain('40 bản phát');
    await screenshot(page, 'field-home-offline');
    await screenshot(page, 'field-home-offline-full', { fullPage: true });

    // The network returns: the entries go up without anyone touching anything.
    step('back online');
    await a.context.setOffline(false);
    await syncUntilClear(page);
    const period = formatPeriodCode(periodContaining(vietnamDateOf(new Date()), 'month'));
    const report = await api<{ totals: Record<string, Record<string, number>> }>(
      `/api/v1/report?unitId=${encodeURIComponent(COMMUNE)}&period=${period}`,
      { token: supervisorToken },
    );
    expect(report.totals.broadcast?.sessions).toBe(1);
    expect(report.totals.training?.participants).toBe(35);
    expect(report.totals.material?.copiesDistributed).toBe(40);

    // A colleague's phone of the same commune receives them.
    const second = await api<{ code: string }>('/api/v1/enrollment-codes', {
      method: 'POST',
      body: { unitId: COMMUNE, role: 'reporter' },
      token: supervisorToken,
    });
    step('enroll phone B');
    const b = await enrollPhone(second.code, 'Điện thoại xã 2');
    await syncNow(b.page);
    await logRow(b.page, 'Tập huấn DVC trực tuyến');
    expect(await b.page.locator('li.entry-row').count()).toBe(3);

    step('edit on B, void on A');
    // Correct the count on B, void the broadcast on A.
    await (await logRow(b.page, 'Tập huấn DVC trực tuyến')).locator('.entry-open').click();
    await b.page.fill('input[name=participants]', '36');
    await b.page.click('form.entry-form button[type=submit]');
    await b.page.waitForSelector('.page.log');
    await (await logRow(page, 'Chuyên mục CCHC tuần này')).locator('.entry-open').click();
    await page.click('.void button');
    await page.fill('input[name=voidReason]', 'Ghi trùng');
    await page.click('.void button.danger');
    await page.waitForSelector('.page.log');

    step('sync both');
    for (const p of [b.page, page, b.page]) await syncNow(p);
    for (const p of [page, b.page]) {
      await expect.poll(() => pendingLine(p), { timeout: 10_000 }).toBe('Đã gửi hết');
      const training = await logRow(p, 'Tập huấn DVC trực tuyến');
      await expect.poll(() => training.textContent()).toContain('36 người');
      const voided = await logRow(p, 'Chuyên mục CCHC tuần này');
      expect(await voided.getAttribute('class')).toContain('voided');
    }
    await screenshot(page, 'field-log-converged');
    const after = await api<{ totals: Record<string, Record<string, number>> }>(
      `/api/v1/report?unitId=${encodeURIComponent(COMMUNE)}&period=${period}`,
      { token: supervisorToken },
    );
    expect(after.totals.training?.participants).toBe(36);
    expect(after.totals.broadcast).toBeUndefined();
  });

  it('the post-office point sees the copies it still holds, and the station its printable log book', async () => {
    const postOffice = await districtCode(`${COMMUNE}:post-office`);
    const station = await districtCode(`${COMMUNE}:station`);
    step('post office: received 300, handed out 40, 25, 60');
    const clerk = await enrollPhone(postOffice, 'Máy điểm BĐVHX');
    await clerk.context.setOffline(true);
    const moves: [string, string][] = [
      ['Nhận về', '300'],
      ['Phát ra', '40'],
      ['Phát ra', '25'],
      ['Phát ra', '60'],
    ];
    for (const [direction, copies] of moves) {
      await logEntry(clerk.page, 'material', async (p) => {
        await p.click(`fieldset.choice button:has-text("${direction}")`);
        await p.fill('input[name=copies]', copies);
        await p.fill('input[name=title]', 'Tờ gấp dịch vụ công trực tuyến');
      });
    }
    await clerk.page.click('.bottom-nav a[href="#/stock"]');
    await expect.poll(() => clerk.page.textContent('[data-testid=stock-total]')).toContain('175');
    await screenshot(clerk.page, 'field-stock');

    step('station: two broadcasts, then the log book');
    const operator = await enrollPhone(station, 'Máy trạm truyền thanh');
    await logEntry(operator.page, 'broadcast', async (p) => {
      await p.fill('input[name=minutes]', '10');
      await p.fill('input[name=title]', 'Chuyên mục CCHC');
    });
    // "Log again" copies the last broadcast with today's date: one tap, then save.
    await operator.page.click('.bottom-nav a[href="#/"]');
    await operator.page.click('.again-button');
    await operator.page.waitForSelector('form.entry-form');
    expect(await operator.page.inputValue('input[name=minutes]')).toBe('10');
    await operator.page.click('form.entry-form button[type=submit]');
    await operator.page.waitForSelector('.page.log');
    await operator.page.click('.bottom-nav a[href="#/book"]');
    await operator.page.waitForSelector('.paper tbody tr:nth-child(2)');
    expect(await operator.page.textContent('.paper tfoot')).toContain('2 buổi, 20 phút');
    // The book fits the phone's width, and carries its place and date above the signatures.
    const overflow = await operator.page.evaluate(() => {
      const wrap = document.querySelector('.paper .table-wrap')!;
      return wrap.scrollWidth - wrap.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await operator.page.textContent('.paper .dated')).toMatch(/^Cẩm Xuyên, ngày \d{2} tháng \d{1,2} năm \d{4}$/);
    await screenshot(operator.page, 'field-book', { fullPage: true });
  });

  it('shows a conflict side by side and the choice wins on both phones', async () => {
    const codes = [];
    for (let i = 0; i < 2; i++) {
      codes.push(
        (
          await api<{ code: string }>('/api/v1/enrollment-codes', {
            method: 'POST',
            body: { unitId: COMMUNE, role: 'reporter' },
            token: supervisorToken,
          })
        ).code,
      );
    }
    step('conflict: two phones edit the same meeting');
    const a = await enrollPhone(codes[0]!, 'Máy A');
    const b = await enrollPhone(codes[1]!, 'Máy B');
    await logEntry(a.page, 'meeting', async (p) => {
      await p.fill('input[name=participants]', '20');
      await p.fill('input[name=title]', 'Đối thoại với dân về CCHC');
    });
    await syncNow(a.page);
    await syncNow(b.page);
    for (const [phone, count] of [
      [a, '25'],
      [b, '30'],
    ] as const) {
      await (await logRow(phone.page, 'Đối thoại với dân')).locator('.entry-open').click();
      await phone.page.fill('input[name=participants]', count);
      await phone.page.click('form.entry-form button[type=submit]');
      await phone.page.waitForSelector('.page.log');
    }
    await syncNow(a.page);
    await syncNow(b.page);
    const row = await logRow(b.page, 'Đối thoại với dân');
    await row.locator('.conflict').waitFor();
    expect(await row.locator('.side-by-side').textContent()).toMatch(/30 người.*25 người/);
    await screenshot(b.page, 'field-log-conflict');
    await row.locator('.conflict button.primary').click();
    await syncNow(b.page);
    await syncNow(a.page);
    for (const phone of [a, b]) {
      const settled = await logRow(phone.page, 'Đối thoại với dân');
      await expect.poll(() => settled.textContent()).toContain('30 người');
      expect(await settled.getAttribute('class')).toContain('synced');
    }
  });
});

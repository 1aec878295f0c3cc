import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, launchBrowser, type Phone, screenshot } from './support/browser';
import { buildPwa, type RunningServer, startServer } from './support/server';
import { readPlan } from '../support/sources';

// Scenarios 4 and 5 end to end: the province officer imports the Hà Tĩnh appendix, edits and
// publishes it, makes a code; a commune phone enrolls, logs offline, syncs; the officer's dashboard
// and report show the counts; the report is shared with the officer's words (download and the
// summary in the clipboard, as Chromium on Linux has no Web Share); the print view is rendered and
// photographed.
const skipReason = browserUnavailableReason();
const HA_TINH = readPlan('ha-tinh-province-2020.txt');
// The appendix alone, as an officer copies the table out of Word.
const APPENDIX = HA_TINH.slice(HA_TINH.indexOf('PHỤ LỤC'));

let server: RunningServer;
const browsers: Phone[] = [];

async function enroll(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=deviceName]', name);
  await page.click('button[type=submit]');
}

async function tab(page: Page, name: string): Promise<void> {
  await page.click(`.console-tabs button:has-text("${name}")`);
}

describe.skipIf(skipReason !== null)('supervisor console in real Chromium against npm start', () => {
  beforeAll(async () => {
    // A production build of its own (a build under Vitest would lack the service worker).
    const distDir = process.env.E2E_DIST_DIR ?? (await buildPwa());
    server = await startServer({ distDir });
  });

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.stop();
  });

  it('imports, edits and publishes a plan, enrolls a phone, and sees its offline entries counted', async () => {
    const provinceCode = server.codes.find((c) => c.line.startsWith('Tỉnh Hà Tĩnh trước'));
    expect(provinceCode, server.output()).toBeTruthy();
    const desk = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    browsers.push(desk);
    const page = desk.page;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());

    // 1. Enroll the officer's browser; the console opens for the supervisor role.
    await enroll(page, `${server.url}/?code=${provinceCode!.code}`, 'Máy Sở TT&TT');
    await page.waitForSelector('.console-tabs', { timeout: 60_000 });

    // 2. Paste the appendix; 23 tasks are proposed (22 rows, row 21's part with its own target split
    // off) with their budgets and warnings.
    await tab(page, 'Kế hoạch');
    await page.fill('.plans-screen textarea', APPENDIX);
    await page.click('button:has-text("Đọc kế hoạch")');
    await page.waitForSelector('table.task-list tbody tr.task-row');
    expect(await page.locator('table.task-list tbody tr.task-row').count()).toBe(23);
    expect(await page.textContent('.plan-editor')).toContain('tổng kinh phí 1.000.000.000 đ');
    // What the importer was unsure of comes first, and the first task's panel is open beside it.
    const unsure = await page.locator('tr.has-warning').count();
    expect(unsure).toBeGreaterThan(0);
    expect(await page.locator('tr.task-row').first().getAttribute('class')).toContain('has-warning');
    expect(await page.textContent('.plan-editor')).toContain(`Cần xem lại trước (${unsure})`);
    await page.waitForSelector('.task-panel .warnings-box');
    await screenshot(page, 'console-plan-review');

    // 3. The appendix alone carries no plan title: the officer names the plan and adapts it to
    // this year. Task 21a (stations relay the province's programmes): 4 a month, at least; task 18
    // (panels and posters, every commune) renamed and set to run through this year.
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    await page.fill('.plan-header input >> nth=0', `Kế hoạch tuyên truyền CCHC năm ${year}`);
    await page.fill('.plan-header input[type=number]', String(year));
    await page.press('.plan-header input[type=number]', 'Tab');
    const panel = page.locator('.task-panel');
    const openTask = async (ordinal: string) => {
      await page
        .locator('tr.task-row')
        .filter({ has: page.locator(`td.num:text-is("${ordinal}")`) })
        .locator('button.row-open')
        .click();
      await expect.poll(() => panel.locator('input.ordinal').inputValue()).toBe(ordinal);
    };
    await openTask('21a');
    // The plan's own words sit beside the fields read from them.
    expect(await panel.locator('.source').first().textContent()).toContain('Văn bản gốc');
    await panel.locator('input[aria-label="Số lần"]').fill('4');
    await panel.locator('input[aria-label="Số lần"]').press('Tab');
    await panel.locator('select[aria-label="Mỗi"]').selectOption('month');
    await expect.poll(() => panel.locator('.target-read').textContent()).toContain('4 lần/tháng');
    expect(await panel.locator('.chip').allTextContents()).toEqual([
      expect.stringContaining('trạm truyền thanh cơ sở thuộc Tỉnh Hà Tĩnh'),
    ]);
    // How many units the assignment reaches, in the plan's year: this officer's tree is the one
    // before 1/7/2025, whose stations no longer exist this year, and the review says so.
    expect(await panel.locator('.assign-total').textContent()).toBe(`Chưa tới đơn vị nào trong năm ${year}`);
    await openTask('18');
    await panel.locator('textarea[aria-label="Nhiệm vụ"]').fill(`Pa nô, áp phích CCHC năm ${year} tại xã`);
    await panel.locator('textarea[aria-label="Nhiệm vụ"]').press('Tab');
    await panel.locator('input[aria-label="Từ ngày"]').fill(`01/01/${year}`);
    await panel.locator('input[aria-label="Từ ngày"]').press('Tab');
    await panel.locator('input[aria-label="Đến ngày"]').fill(`31/12/${year}`);
    await panel.locator('input[aria-label="Đến ngày"]').press('Tab');
    // The communes only cooperate on task 18 (the culture department leads): they are not assigned
    // by default; the officer assigns them from the offer beside the assignments.
    expect(await panel.locator('.chip').allTextContents()).not.toContainEqual(
      expect.stringContaining('xã, phường, thị trấn'),
    );
    await panel.locator('.cooperating-offer button', { hasText: 'xã, phường, thị trấn' }).click();
    expect(await panel.locator('.chip').allTextContents()).toContainEqual(
      expect.stringContaining('xã, phường, thị trấn'),
    );
    // Stepping on keeps the edits: the list shows task 21a's new target.
    await panel.locator('button:has-text("Nhiệm vụ sau")').click();
    expect(
      await page
        .locator('tr.task-row')
        .filter({ has: page.locator('td.num:text-is("21a")') })
        .textContent(),
    ).toContain('4 lần/tháng');
    await screenshot(page, 'console-plan-edited');
    await page.click('.toolbar button.primary:has-text("Ban hành")');
    await page.waitForSelector('.console-ok:has-text("Đã ban hành phiên bản 1")', { timeout: 30_000 });
    await expect.poll(() => page.textContent('.plan-list'), { timeout: 30_000 }).toContain('23 nhiệm vụ');

    // 4. A code for the commune officer's phone: text, link and QR.
    await tab(page, 'Đơn vị và máy');
    const expand = async (name: string) => {
      const line = page.locator('.unit-line').filter({ hasText: name }).first();
      const toggle = line.locator('button.toggle[aria-expanded="false"]');
      if (await toggle.count()) await toggle.click();
    };
    await page.waitForSelector('.unit-tree');
    await expand('Huyện Cẩm Xuyên');
    const commune = page.locator('.unit-line').filter({ hasText: 'Thị trấn Cẩm Xuyên' }).first();
    await commune.locator('button:has-text("Cấp mã")').click();
    await page.click('.code-panel button:has-text("Tạo mã")');
    await page.waitForSelector('.code-card img.qr', { timeout: 30_000 });
    const codeText = (await page.textContent('.code-text'))!.replace('Mã: ', '').trim();
    const link = (await page.getAttribute('.code-card a', 'href'))!;
    expect(link).toContain(codeText);
    await screenshot(page, 'console-enrollment-code');

    // A sheet of codes for every station of the district, printed in one go.
    const districtLine = page.locator('.unit-line').filter({ hasText: 'Huyện Cẩm Xuyên' }).first();
    await districtLine.locator('button:has-text("Cấp mã")').click();
    await page.selectOption('.batch select', 'station');
    await page.click('.batch button');
    await page.waitForSelector('.code-sheet .toolbar button:not([disabled])', { timeout: 60_000 });
    const stations = await page.locator('.code-sheet .code-card').count();
    expect(stations).toBeGreaterThan(10);
    expect(await page.locator('.code-sheet .code-card', { hasText: 'Giám sát' }).count()).toBe(0);
    await page.waitForFunction((n) => document.querySelectorAll('.code-sheet img.qr').length === n, stations);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'console-code-sheet-print');
    await page.emulateMedia({ media: 'screen' });

    // 5. The phone enrolls with the link, loses its network, logs, and syncs when it returns.
    const phone = await launchBrowser();
    browsers.push(phone);
    await enroll(phone.page, link.replace(/^https?:\/\/[^/]+/, server.url), 'Điện thoại thị trấn');
    await phone.page.waitForSelector('.home', { timeout: 60_000 });
    await phone.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // The plan published above reached the phone: the commune's edited task is on its home screen.
    await expect
      .poll(async () => phone.page.textContent('.tasks'), { timeout: 30_000 })
      .toContain(`Pa nô, áp phích CCHC năm ${year} tại xã`);
    await phone.context.setOffline(true);
    for (const [kind, fill] of [
      [
        'broadcast',
        async (p: Page) => {
          await p.fill('input[name=minutes]', '15');
          await p.fill('input[name=title]', 'Chuyên mục CCHC tháng này');
        },
      ],
      [
        'training',
        async (p: Page) => {
          await p.fill('input[name=participants]', '1250');
          await p.fill('input[name=title]', 'Tập huấn dịch vụ công trực tuyến');
        },
      ],
    ] as const) {
      await phone.page.click('.bottom-nav a[href="#/"]');
      await phone.page.click(`.kind-grid a[data-kind=${kind}]`);
      await phone.page.waitForSelector('form.entry-form');
      await fill(phone.page);
      await phone.page.click('form.entry-form button[type=submit]');
      await phone.page.waitForSelector('.page.log');
    }
    await phone.page.click('.bottom-nav a[href="#/"]');
    await expect
      .poll(() => phone.page.textContent('[data-testid=pending]'), { timeout: 10_000 })
      .toBe('2 mục chờ đồng bộ');
    await phone.context.setOffline(false);
    await phone.page.click('.syncbar button');
    await expect
      .poll(() => phone.page.textContent('[data-testid=pending]'), { timeout: 30_000 })
      .toContain('Đã gửi hết');

    // 6. The dashboard (current Decree 09 quarter) shows the district, then the commune, with its entries.
    await tab(page, 'Tiến độ');
    await page.waitForSelector('table.grid tbody tr', { timeout: 60_000 });
    await screenshot(page, 'console-dashboard-province');
    await page.click('table.grid button.link:has-text("Huyện Cẩm Xuyên")');
    const communeRow = page.locator('table.grid tbody tr', { hasText: 'Thị trấn Cẩm Xuyên' });
    await expect.poll(async () => communeRow.locator('td').nth(-3).textContent(), { timeout: 60_000 }).toBe('2');
    await screenshot(page, 'console-dashboard');
    await screenshot(page, 'console-dashboard-full', { fullPage: true });

    // 7. The report counts them; a figure opens the entries behind it.
    await tab(page, 'Báo cáo');
    const participants = page.locator('table.totals tr', { hasText: 'Người tham dự tập huấn' });
    await expect.poll(() => participants.textContent(), { timeout: 60_000 }).toContain('1.250');
    await participants.locator('button.figure').click();
    await page.waitForSelector('[role=dialog] tbody tr');
    expect(await page.textContent('[role=dialog]')).toContain('Tập huấn dịch vụ công trực tuyến');
    await screenshot(page, 'console-drilldown');
    // The entry's history opens under its row: created by the phone, named as it enrolled.
    await page.click('[role=dialog] tbody button:has-text("Lịch sử")');
    await page.waitForSelector('[role=dialog] .history-list li');
    const history = await page.textContent('[role=dialog] .history-list');
    expect(history).toContain('Tạo mới');
    expect(history).toContain('Điện thoại thị trấn');
    await screenshot(page, 'console-drilldown-history');
    await page.click('[role=dialog] button:has-text("Đóng")');

    // 8. The .docx downloads with the period in its name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.exports button:has-text(".docx")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-cchc-\d{4}-Q[1-4]-decree09\.docx$/);
    // The unit's evidence for the period, for an inspection: a real .zip with its index.
    const [evidence] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=evidence-zip]')]);
    expect(evidence.suggestedFilename()).toMatch(/^minh-chung-.+-\d{4}-Q[1-4]\.zip$/);
    const zip = await JSZip.loadAsync(readFileSync((await evidence.path())!));
    const index = await zip.file('danh-sach-minh-chung.csv')?.async('string');
    expect(index?.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Ngày,Đơn vị,Loại hoạt động,Nội dung,Mã mục,/);

    // 8b. Shared as Chromium on Linux can (no Web Share): the file the server makes with the
    // officer's words (the one generator the phone uses too) downloads, the summary goes to the
    // real clipboard.
    await desk.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const proposal = 'Đề nghị Bộ Nội vụ bổ sung tài liệu hướng dẫn dịch vụ công trực tuyến.';
    await page.fill('.report-narrative textarea[name=proposals]', proposal);
    const summaryText = (await page.textContent('.report-narrative [data-testid=report-summary]'))!;
    const [shared] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.exports button:has-text("Chia sẻ báo cáo")'),
    ]);
    expect(shared.suggestedFilename()).toMatch(/^bao-cao-cchc-\d{4}-Q[1-4]-decree09\.docx$/);
    const sharedText = (await mammoth.extractRawText({ buffer: readFileSync((await shared.path())!) })).value;
    expect(sharedText).toContain('VI. ĐỀ XUẤT, KIẾN NGHỊ');
    expect(sharedText).toContain(proposal);
    await expect.poll(() => page.textContent('[data-testid=report-message]')).toContain('chép nội dung tóm tắt');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(summaryText);

    // 9. The print view on A4, as the printer would get it.
    await page.click('.exports button:has-text("Bản in")');
    await page.waitForSelector('.report-doc.printable');
    expect(await page.textContent('.doc-header')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    await screenshot(page, 'console-print-view', { fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await screenshot(page, 'console-print-a4', { fullPage: true });
    // The first A4 page alone, at a size a person can read the header on.
    await screenshot(page, 'console-print-a4-page1');
    await page.pdf?.({ path: 'test/e2e/artefacts/console-report.pdf', format: 'A4' }).catch(() => undefined);

    // 10. The console also works on a phone-sized screen.
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.click('button:has-text("Quay lại")');
    await screenshot(page, 'console-report-phone');
    expect(errors).toEqual([]);
  });
});

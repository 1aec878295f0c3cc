import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumberVi, vietnamDateOf } from '../../src/shared/format';
import { addDays, currentReportPeriod, formatPeriodCode, periodLabel, periodRange } from '../../src/shared/period';
import { countText } from '../../src/shared/report-narrative';
import { browserUnavailableReason, type Phone, screenshot } from './support/browser';
import { callApi, enrollPhone, logEntry } from './support/phone';
import { buildPwa, type RunningServer, startServer } from './support/server';

// Issue 16: a commune phone, offline, makes its own quarter's report (the same renderers as the
// server) and reads the .docx and .xlsx back; shares it as Chromium on Linux can (no Web Share: the
// file downloaded, the summary in the real clipboard) and through Web Share replaced at the
// navigator boundary only; and a reminder fires under a faked clock, as a banner and as a real
// notification (the permission granted, the notification read back from the browser), once a day.
const skipReason = browserUnavailableReason();
const COMMUNE = 'new:18673';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let server: RunningServer;
let phone: Phone | null = null;
const step = (what: string) => console.log(`[period report e2e ${new Date().toISOString().slice(11, 19)}] ${what}`);

function printedCode(label: string): string {
  const found = server.codes.find((c) => c.line.includes(label));
  if (!found) throw new Error(`no code printed for ${label}:\n${server.output()}`);
  return found.code;
}

describe.skipIf(skipReason !== null)('the commune period report on the phone, in real Chromium', () => {
  beforeAll(async () => {
    server = await startServer({ distDir: process.env.E2E_DIST_DIR ?? (await buildPwa()) });
  });
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('makes the quarter .docx offline with the figures and the edited narrative, shares it, and reminds under a faked clock', async () => {
    const today = vietnamDateOf(new Date());
    const period = currentReportPeriod(today);
    const code = formatPeriodCode(period);
    const label = periodLabel(period);
    // The server's figures of the quarter (the demo's year of entries), before the phone adds its own.
    const { token } = await callApi<{ token: string }>(server, '/api/v1/enroll', {
      method: 'POST',
      body: { code: printedCode('Tỉnh Hà Tĩnh (giám sát)'), deviceName: 'Máy tỉnh' },
    });
    const before = await callApi<{ totals: Record<string, Record<string, number>> }>(
      server,
      `/api/v1/report?unitId=${encodeURIComponent(COMMUNE)}&period=${code}`,
      { token },
    );
    const sessions = (before.totals.training?.sessions ?? 0) + 1;
    const participants = (before.totals.training?.participants ?? 0) + 35;

    step('enroll the commune phone and let it pull the demo year');
    phone = await enrollPhone(server, printedCode('Cán bộ Xã Cẩm Xuyên'), 'Điện thoại cán bộ xã');
    const { page, context } = phone;
    await page.click('.report-link a');
    const summary = page.locator('[data-testid=report-summary]');
    await expect
      .poll(async () => (await summary.textContent({ timeout: 30_000 })) ?? '', { timeout: 60_000 })
      .toContain(`Xã Cẩm Xuyên, ${label}`);

    // The .xlsx writer is not precached (its weight): the worker keeps it once a page has loaded it
    // online, which the phone does after its first sync under the worker (the enrollment visit is
    // not under it yet; the next opening of the app is), its report screen not opened again.
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.home', { timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('cchc-report-xlsx')).keys()).length), {
        timeout: 30_000,
      })
      .toBe(1);

    step('offline: log a training of 35, then open the period report');
    await context.setOffline(true);
    await page.goto(`${server.url}/#/report`);
    await page.waitForSelector('.page.report', { timeout: 30_000 });
    // Inside the period: its first day when the period has closed, else today.
    const range = periodRange(period);
    const date = range.to < today ? range.to : today;
    await logEntry(page, 'training', async (p) => {
      await p.fill('input[name=participants]', '35');
      await p.fill('input[name=title]', 'Tập huấn dịch vụ công trực tuyến cho trưởng thôn');
      if (date !== today) await p.fill('input[name=date]', date);
    });
    await page.click('.bottom-nav a[href="#/"]');
    await page.click('.report-link a');
    const trainingSentence = `Đã tổ chức ${countText(sessions)} lớp tập huấn với ${countText(participants)} lượt người tham gia`;
    await expect
      .poll(async () => page.inputValue('textarea[name=results]'), { timeout: 30_000 })
      .toContain(trainingSentence);
    expect(await summary.textContent()).toContain(`${countText(sessions)} lớp tập huấn`);

    step('edit the narrative; the edits survive a reload');
    const shortfallLine = 'Một thôn chưa bố trí được địa điểm tổ chức Ngày Pháp luật.';
    const proposal = 'Đề nghị UBND tỉnh hỗ trợ kinh phí in tờ gấp hướng dẫn dịch vụ công trực tuyến.';
    const results = await page.inputValue('textarea[name=results]');
    const shortfalls = await page.inputValue('textarea[name=shortfalls]');
    await page.fill('textarea[name=shortfalls]', `${shortfalls}\n${shortfallLine}`);
    await page.fill('textarea[name=proposals]', proposal);
    await page.click('h1');
    await page.waitForTimeout(600);
    await page.reload();
    await page.waitForSelector('textarea[name=proposals]', { timeout: 30_000 });
    await expect.poll(() => page.inputValue('textarea[name=proposals]')).toBe(proposal);
    expect(await page.inputValue('textarea[name=shortfalls]')).toContain(shortfallLine);
    await screenshot(page, 'period-report-phone', { fullPage: true });

    step('download the .docx, offline, and read it back');
    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await page.click('button:has-text("Tải .docx")');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`bao-cao-cchc-${code}-decree09.docx`);
    const bytes = readFileSync((await download.path())!);
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    expect(text).toContain('ỦY BAN NHÂN DÂN');
    expect(text).toContain('XÃ CẨM XUYÊN');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toMatch(/Số:\s+\/BC-UBND/);
    // Dated at the commune, on Vietnam's day ("ngày 05 tháng 02": a leading zero, Decree 30/2020).
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    expect(text).toContain(`Cẩm Xuyên, ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? `0${m}` : m} năm ${y}`);
    expect(text).toContain(`Kết quả công tác tuyên truyền cải cách hành chính ${label}`);
    // The figures: the totals table's training lines hold the server's quarter plus the offline entry.
    expect(text).toMatch(new RegExp(`Lớp tập huấn, bồi dưỡng\\s+lớp\\s+${formatNumberVi(sessions)}\\s`));
    expect(text).toMatch(new RegExp(`Người tham dự tập huấn\\s+lượt người\\s+${formatNumberVi(participants)}\\s`));
    // The commune with its station and post-office point, each on its own row of the annex.
    expect(text).toContain('Phụ lục I');
    expect(text).toContain('Trạm truyền thanh cơ sở Xã Cẩm Xuyên');
    expect(text).toContain('Điểm Bưu điện - Văn hóa Xã Cẩm Xuyên');
    // The narrative: written from the figures (every sentence of the draft, the tasks short of
    // their target with how much), with the officer's edits.
    expect(text).toContain(trainingSentence);
    for (const line of `${results}\n${shortfalls}`.split('\n').filter(Boolean)) expect(text).toContain(line);
    expect(text).toContain('V. TỒN TẠI, HẠN CHẾ');
    expect(text).toContain(shortfallLine);
    expect(text).toContain('VI. ĐỀ XUẤT, KIẾN NGHỊ');
    expect(text).toContain(proposal);
    // Sent up to the commune's parent: the province, since 7/2025.
    expect(text).toContain('UBND tỉnh Hà Tĩnh (để báo cáo)');
    expect(text).toContain('TM. ỦY BAN NHÂN DÂN');
    await expect.poll(() => page.textContent('[data-testid=report-message]')).toContain('Đã tải tệp');

    step('download the .xlsx, offline, and read it back');
    const downloadingXlsx = page.waitForEvent('download', { timeout: 60_000 });
    await page.click('button:has-text("Tải .xlsx")');
    const xlsx = await downloadingXlsx;
    expect(xlsx.suggestedFilename()).toBe(`bao-cao-cchc-${code}-decree09.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const totalsSheet = workbook.getWorksheet('Tổng hợp')!;
    expect(totalsSheet.getCell(1, 1).value).toBe(`BÁO CÁO Kết quả công tác tuyên truyền cải cách hành chính ${label}`);
    expect(String(totalsSheet.getCell(2, 1).value)).toMatch(/^Xã Cẩm Xuyên\. /);
    let trainees: unknown;
    totalsSheet.eachRow((row) => {
      if (row.getCell(2).value === 'Người tham dự tập huấn') trainees = row.getCell(4).value;
    });
    expect(trainees).toBe(participants);
    const words: unknown[] = [];
    workbook.getWorksheet('Thuyết minh')!.eachRow((row) => {
      words.push(row.getCell(2).value);
    });
    expect(words).toContain(proposal);
    expect(words).toContain(shortfallLine);

    step('share where the browser cannot share files (Chromium on Linux): download, and the summary copied');
    // Chromium on Linux has no Web Share: the real fallback, with the real clipboard.
    expect(await page.evaluate(() => typeof navigator.share)).toBe('undefined');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const summaryText = (await summary.textContent())!;
    const fallback = page.waitForEvent('download', { timeout: 60_000 });
    await page.click('button:has-text("Chia sẻ báo cáo")');
    expect((await fallback).suggestedFilename()).toBe(`bao-cao-cchc-${code}-decree09.docx`);
    await expect
      .poll(() => page.textContent('[data-testid=report-message]'), { timeout: 30_000 })
      .toContain('chép nội dung tóm tắt');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(summaryText);

    step('share through Web Share, replaced at the navigator boundary');
    await page.addInitScript(`
      window.__shared = [];
      Object.defineProperty(Navigator.prototype, 'canShare', {
        configurable: true,
        value: function (data) { return !!(data && data.files && data.files.length === 1); },
      });
      Object.defineProperty(Navigator.prototype, 'share', {
        configurable: true,
        value: async function (data) {
          const file = data.files[0];
          let bytes = '';
          for (const b of new Uint8Array(await file.arrayBuffer())) bytes += String.fromCharCode(b);
          window.__shared.push({ name: file.name, type: file.type, text: data.text, base64: btoa(bytes) });
        },
      });
    `);
    await page.reload();
    await page.waitForSelector('button:has-text("Chia sẻ báo cáo")', { timeout: 30_000 });
    await page.click('button:has-text("Chia sẻ báo cáo")');
    await expect
      .poll(() => page.textContent('[data-testid=report-message]'), { timeout: 60_000 })
      .toContain('Đã chia sẻ tệp');
    const shared = (await page.evaluate('window.__shared')) as {
      name: string;
      type: string;
      text: string;
      base64: string;
    }[];
    expect(shared).toHaveLength(1);
    expect(shared[0]!.name).toBe(`bao-cao-cchc-${code}-decree09.docx`);
    expect(shared[0]!.type).toBe(DOCX);
    // The file shared is the report, with the officer's words: read back as the Zalo group would.
    const sharedText = (await mammoth.extractRawText({ buffer: Buffer.from(shared[0]!.base64, 'base64') })).value;
    expect(sharedText).toContain(`Kết quả công tác tuyên truyền cải cách hành chính ${label}`);
    expect(sharedText).toContain(trainingSentence);
    expect(sharedText).toContain(proposal);
    expect(shared[0]!.text).toMatch(new RegExp(`^Xã Cẩm Xuyên, ${label.replace('/', '\\/')}: `));
    expect(shared[0]!.text).toContain(`${countText(sessions)} lớp tập huấn`);

    step('a reminder fires under a faked clock, five days before the quarter closes');
    const reminderDay = addDays(range.to, -4);
    const reminded = await context.newPage();
    await page.close();
    // Notifications allowed, as the person allows them in the settings; read back from the browser.
    await context.grantPermissions(['notifications'], { origin: server.url });
    const notes = () =>
      reminded.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications({ tag: 'cchc-reminders' })).map((n) => {
          n.close();
          return { title: n.title, body: n.body };
        }),
      );
    // 09:00 in Vietnam on that day, whatever zone this machine is in.
    await reminded.clock.setFixedTime(new Date(`${reminderDay}T02:00:00Z`));
    await reminded.goto(`${server.url}/`);
    const banner = reminded.locator('[data-testid=reminder]');
    await banner.waitFor({ timeout: 30_000 });
    const closes = range.to.split('-').reverse().join('/');
    expect(await banner.textContent()).toContain(`chốt số liệu ngày ${closes}`);
    // Read once and closed, as a person swipes it away.
    const shown: { title: string; body: string }[] = [];
    await expect
      .poll(
        async () => {
          shown.push(...(await notes()));
          return shown.length;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    const [note] = shown;
    expect(note!.title).toBe('Nhắc việc tuyên truyền CCHC');
    expect(note!.body).toContain(`${label}`);
    expect(note!.body).toContain(`chốt số liệu ngày ${closes}`);
    await screenshot(reminded, 'period-report-reminder');

    // At most one a day: opening the app again that day shows the banner but notifies nothing.
    await reminded.reload();
    await banner.waitFor({ timeout: 30_000 });
    // The app works its reminders out two seconds after it opens.
    await reminded.waitForTimeout(3_500);
    expect(await notes()).toEqual([]);

    // Turned off in the settings, the banner goes.
    await reminded.click('.bottom-nav a[href="#/settings"]');
    await reminded.uncheck('input[name=reminders]');
    await reminded.click('.bottom-nav a[href="#/"]');
    await reminded.waitForSelector('.home');
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
  });
});

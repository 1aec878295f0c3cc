import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/shared/activity';
import type { Plan } from '../../src/shared/plan';
import { computeReport, factsOf } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';
import { renderReportCsv } from '../../src/server/exports/report-csv';
import { LANDSCAPE_WIDTH, PORTRAIT_WIDTH, renderReportDocx } from '../../src/shared/report-files/report-docx';
import { nameInSentence, placeAndDate, recipientsFor } from '../../src/shared/report-layout';
import { DATE_TIME_FORMAT, HEAD_ROW, NUMBER_FORMAT, renderReportXlsx } from '../../src/shared/report-files/report-xlsx';

// A small district with two communes, one station and one post-office point, and a quarter of
// entries whose totals are known by hand.
const units: Unit[] = [
  { id: 'd', code: '436', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
  { id: 'c1', code: '18', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'd' },
  { id: 'c2', code: '19', name: 'Thị trấn Thiên Cầm', kind: 'commune', parentId: 'd' },
  { id: 's1', code: '18-TT', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'c1' },
  { id: 'p1', code: '18-BĐ', name: 'Điểm BĐVHX Cẩm Thành', kind: 'post_office', parentId: 'c1' },
];

let n = 0;
function entry(
  unitId: string,
  date: string,
  kind: Activity['kind'],
  figures: Activity['figures'],
  extra: Partial<Activity> = {},
): Activity {
  n++;
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    unitId,
    kind,
    date,
    title: `Mục ${n}: tuyên truyền "cải cách" hành chính, đợt ${n}`,
    figures,
    deviceId: 'dev',
    createdAt: `${date}T08:00:00+07:00`,
    version: 1,
    voided: false,
    receivedAt: `${date}T09:00:00+07:00`,
    ...extra,
  };
}

const activities: Activity[] = [
  entry('c1', '2024-07-02', 'training', { participants: 35 }, { taskId: 't1' }),
  entry('c2', '2024-08-20', 'training', { sessions: 2, participants: 1200 }, { taskId: 't1' }),
  entry('s1', '2024-06-20', 'broadcast', { minutes: 10 }),
  entry('s1', '2024-07-20', 'broadcast', { minutes: 15, source: 'relay' }),
  entry('s1', '2024-08-20', 'broadcast', { minutes: 10 }),
  entry('p1', '2024-07-01', 'material', { copies: 300, direction: 'received' }),
  entry('p1', '2024-07-10', 'material', { copies: 40, direction: 'distributed' }),
  entry('c2', '2024-09-10', 'article', { items: 3 }),
  // Logged on 13/9, received on 20/9: late for Quý III/2024 (closed 14/9 under Decree 09).
  entry(
    'c2',
    '2024-09-13',
    'visual',
    { items: 2 },
    { receivedAt: '2024-09-20T10:00:00+07:00', title: 'Pa nô "Dịch vụ công trực tuyến"' },
  ),
  // Voided: counts nothing.
  entry('c1', '2024-08-01', 'meeting', { participants: 500 }, { voided: true }),
];

const plan: Plan = {
  id: 'plan',
  unitId: 'd',
  number: '152/KH-UBND',
  title: 'Kế hoạch tuyên truyền CCHC năm 2024',
  issuer: 'UBND huyện Cẩm Xuyên',
  year: 2024,
  issuedOn: '2024-01-20',
  version: 1,
  status: 'published',
  publishedAt: '2024-01-20T00:00:00Z',
  tasks: [
    {
      id: 't1',
      ordinal: '1',
      title: 'Tập huấn dịch vụ công trực tuyến cho cán bộ xã',
      products: [],
      lead: ['UBND các xã, thị trấn'],
      cooperating: [],
      timing: 'Quý III/2024',
      window: { from: '2024-06-15', to: '2024-09-14' },
      deadline: null,
      target: { count: 1, per: 'window', atLeast: true },
      budgetVnd: 50_000_000,
      kinds: ['training'],
      notes: null,
    },
  ],
  assignments: [{ taskId: 't1', unitId: 'd', unitKind: 'commune' }],
};

const report = computeReport({
  unitId: 'd',
  units,
  facts: factsOf(activities),
  plans: [plan],
  period: { type: 'quarter', year: 2024, index: 3 },
  basis: 'decree09',
  asOf: '2024-09-16',
});
const lateEntries = [
  {
    unitName: 'Thị trấn Thiên Cầm',
    date: '2024-09-13',
    kind: 'visual' as const,
    title: 'Pa nô "Dịch vụ công trực tuyến"',
    receivedAt: '2024-09-20T03:00:00Z',
  },
];

describe('report exports', () => {
  it('computes the figures the files must show (checked by hand)', () => {
    expect(report.totals.training).toEqual({ sessions: 3, participants: 1235 });
    expect(report.totals.broadcast?.sessions).toBe(3);
    expect(report.totals.broadcast?.minutes).toBe(35);
    expect(report.totals.material).toEqual({ copiesReceived: 300, copiesDistributed: 40 });
    expect(report.totals.meeting).toBeUndefined();
    expect(report.late).toBe(1);
  });

  it('writes a .docx that Word readers open, with the national header, title and figures', async () => {
    const buffer = Buffer.from(await renderReportDocx(report, { lateEntries }));
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).toContain('ỦY BAN NHÂN DÂN');
    expect(text).toContain('HUYỆN CẨM XUYÊN');
    expect(text).toContain('Số:');
    expect(text).toContain('/BC-UBND');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Cẩm Xuyên, ngày 16 tháng 9 năm 2024');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả công tác tuyên truyền cải cách hành chính Quý III/2024');
    expect(text).toContain('Từ ngày 15/06/2024 đến ngày 14/09/2024');
    // Totals: 1.235 participants with a dot for thousands, 300 copies received.
    expect(text).toMatch(/Người tham dự tập huấn\s+lượt người\s+1\.235/);
    expect(text).toMatch(/Tài liệu, tờ rơi nhận về\s+bản\s+300/);
    expect(text).toMatch(/Thời lượng phát thanh\s+phút\s+35/);
    // By unit, by task, late entries.
    expect(text).toContain('Thị trấn Thiên Cầm');
    expect(text).toContain('Tập huấn dịch vụ công trực tuyến cho cán bộ xã');
    expect(text).toContain('Đã thực hiện');
    expect(text).toContain('Có 1 mục thuộc kỳ báo cáo được gửi về sau ngày 14/09/2024');
    expect(text).toContain('Pa nô "Dịch vụ công trực tuyến"');
    expect(text).toContain('20/09/2024 10:00');
    expect(text.normalize('NFC')).toBe(text);
  });

  it('writes an .xlsx with the four sheets, real numbers and dot-thousand formats', async () => {
    const buffer = await renderReportXlsx(report, { lateEntries });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Tổng hợp',
      'Theo đơn vị',
      'Theo nhiệm vụ',
      'Mục nộp muộn',
      'Thuyết minh',
    ]);

    const summary = workbook.getWorksheet('Tổng hợp')!;
    expect(String(summary.getCell('A1').value)).toBe(
      'BÁO CÁO Kết quả công tác tuyên truyền cải cách hành chính Quý III/2024',
    );
    const figureIn = (sheet: ExcelJS.Worksheet, label: string, column: number): unknown => {
      let found: unknown;
      sheet.eachRow((row) => {
        if (row.getCell(column === 4 ? 2 : 1).value === label) found = row.getCell(column).value;
      });
      return found;
    };
    expect(figureIn(summary, 'Người tham dự tập huấn', 4)).toBe(1235);
    expect(figureIn(summary, 'Tài liệu, tờ rơi cấp phát', 4)).toBe(40);
    expect(figureIn(summary, 'Trong đó nộp muộn', 4)).toBe(1);
    // Every figure cell, the total rows too, groups thousands with dots whatever the reader's locale.
    summary.eachRow((row) => {
      if (typeof row.getCell(4).value === 'number') expect(row.getCell(4).numFmt, `D${row.number}`).toBe(NUMBER_FORMAT);
    });

    const byUnit = workbook.getWorksheet('Theo đơn vị')!;
    const rows: unknown[][] = [];
    byUnit.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const camThanh = rows.find((r) => r[0] === 'Xã Cẩm Thành')!;
    const heads = rows.find((r) => r[0] === 'Đơn vị')!;
    expect(camThanh[heads.indexOf('Buổi PT (buổi)')]).toBe(3);
    expect(camThanh[heads.indexOf('TL nhận (bản)')]).toBe(300);
    const thienCam = rows.find((r) => r[0] === 'Thị trấn Thiên Cầm')!;
    expect(thienCam[heads.indexOf('Nộp muộn')]).toBe(1);

    const byTask = workbook.getWorksheet('Theo nhiệm vụ')!;
    let status: unknown;
    byTask.eachRow((row) => {
      if (row.getCell(2).value === '1') status = row.getCell(9).value;
    });
    expect(status).toBe('Đã thực hiện');

    const late = workbook.getWorksheet('Mục nộp muộn')!;
    expect(late.getRow(5).getCell(4).value).toBe('Pa nô "Dịch vụ công trực tuyến"');
  });

  it('writes a .csv with a BOM, Vietnamese headings and quoted titles', () => {
    const buffer = renderReportCsv(report);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toContain('Quý III/2024');
    expect(lines[1]!.startsWith('Đơn vị,Lớp TH (lớp)')).toBe(true);
    expect(lines.find((l) => l.startsWith('Xã Cẩm Thành,'))).toBeDefined();
    expect(
      lines.find(
        (l) =>
          l.startsWith('"Người tham dự tập huấn (lượt người)",1235') ||
          l.startsWith('Người tham dự tập huấn (lượt người),1235'),
      ),
    ).toBeDefined();
    expect(text).toContain('Tập huấn dịch vụ công trực tuyến cho cán bộ xã');
  });

  it('lays the .docx out as Decree 30/2020 does: A4 portrait body, landscape appendix, fixed tables', async () => {
    const buffer = Buffer.from(
      await renderReportDocx(report, { lateEntries, recipients: recipientsFor('Tỉnh Hà Tĩnh') }),
    );
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    // Two sections: the signed body on A4 portrait, the wide tables after it on A4 landscape.
    const sizes = [...xml.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]!);
    expect(sizes).toHaveLength(2);
    expect(sizes[0]).toMatch(/w:w="11906"/);
    expect(sizes[0]).toMatch(/w:h="16838"/);
    expect(sizes[1]).toMatch(/w:w="16838"/);
    expect(sizes[1]).toMatch(/w:h="11906"/);
    expect(sizes[1]).toMatch(/w:orient="landscape"/);
    // Page numbers from the second page on.
    expect(xml).toContain('<w:titlePg');
    // Every table has fixed column widths that fit its page; the first is the national header,
    // whose right column holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (8.8 cm at 12 pt) on one line.
    const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) =>
      [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((w) => Number(w[1])),
    );
    expect(grids.length).toBeGreaterThanOrEqual(6);
    expect(grids[0]).toHaveLength(2);
    expect(grids[0]![1]).toBeGreaterThanOrEqual(5000);
    for (const grid of grids) expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(LANDSCAPE_WIDTH);
    // One landscape table per appendix ("Phụ lục I", "II"…), after the signed body.
    const appendices = xml.match(/>Phụ lục [IVX]+</g)?.length ?? 0;
    expect(appendices).toBeGreaterThanOrEqual(2);
    const portraitGrids = grids.slice(0, grids.length - appendices);
    for (const grid of portraitGrids) expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(PORTRAIT_WIDTH);
    expect(xml.match(/<w:tblLayout w:type="fixed"\/>/g)?.length).toBe(grids.length);
    // Rows never break across pages; table headings repeat on every page.
    expect(xml.match(/<w:cantSplit\/>/g)?.length).toBeGreaterThan(report.byUnit.length);
    expect(xml).toContain('<w:tblHeader/>');
    // The rules under the issuer, the motto and the title are drawn lines, not dashes.
    expect(xml.match(/<w:pBdr><w:bottom w:val="single"/g)?.length).toBe(3);

    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).not.toContain('———');
    expect(text).toContain('của huyện Cẩm Xuyên');
    expect(text).toMatch(/Ủy ban nhân dân huyện Cẩm Xuyên\.\/\./);
    // Nơi nhận and the signature block close the body; the appendices follow them.
    const order = [
      /Nơi nhận:/,
      /- UBND tỉnh Hà Tĩnh \(để báo cáo\);/,
      /- Lưu: VT\./,
      /TM\. ỦY BAN NHÂN DÂN/,
      /CHỦ TỊCH/,
      /Phụ lục I\s+KẾT QUẢ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH THEO ĐƠN VỊ, QUÝ III\/2024/,
      /\(Kèm theo Báo cáo số\s+\/BC-UBND ngày 16\/9\/2024 của Ủy ban nhân dân huyện Cẩm Xuyên\)/,
      /Tổng cộng/,
      /Phụ lục II\s+KINH PHÍ THỰC HIỆN NHIỆM VỤ, QUÝ III\/2024/,
      /Phụ lục III\s+DANH SÁCH MỤC NỘP MUỘN/,
    ].map((part) => text.search(part));
    expect(text).toContain('(danh sách tại Phụ lục III kèm theo)');
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // A task of many assignees says how many stand where, not only the worst of them.
    expect(text).toMatch(/Đã thực hiện\s*\(2\/2 đơn vị\)/);
  });

  it('writes dates and names the way Vietnamese documents do', () => {
    const heading = { issuer: '', number: '', place: 'Cẩm Xuyên' };
    expect(placeAndDate({ ...heading, date: '2024-09-16' })).toBe('Cẩm Xuyên, ngày 16 tháng 9 năm 2024');
    // Days below 10 and months 1 and 2 take a leading zero.
    expect(placeAndDate({ ...heading, date: '2025-02-05' })).toBe('Cẩm Xuyên, ngày 05 tháng 02 năm 2025');
    expect(placeAndDate({ ...heading, date: '2024-12-01' })).toBe('Cẩm Xuyên, ngày 01 tháng 12 năm 2024');
    expect(nameInSentence('Huyện Cẩm Xuyên')).toBe('huyện Cẩm Xuyên');
    expect(nameInSentence('Thị trấn Thiên Cầm')).toBe('thị trấn Thiên Cầm');
    expect(nameInSentence('Phòng Văn hóa và Thông tin')).toBe('Phòng Văn hóa và Thông tin');
    expect(recipientsFor(null)).toEqual([]);
  });

  it('sets up every .xlsx sheet to be read and printed: names, widths, frozen headings, A4, local times', async () => {
    const buffer = await renderReportXlsx(report, { lateEntries });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    for (const sheet of workbook.worksheets) {
      // Names Excel accepts.
      expect(sheet.name.length).toBeLessThanOrEqual(31);
      expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
      // The title and the column headings stay in view and print on every page.
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEAD_ROW });
      expect(sheet.pageSetup.paperSize).toBe(9);
      expect(sheet.pageSetup.fitToWidth).toBe(1);
      expect(sheet.pageSetup.printTitlesRow).toBe(`${HEAD_ROW}:${HEAD_ROW}`);
      // Every column of the heading row has a width of its own.
      sheet.getRow(HEAD_ROW).eachCell((cell, column) => {
        expect(sheet.getColumn(column).width, `${sheet.name} ${cell.address}`).toBeGreaterThan(0);
        expect(cell.font?.bold).toBe(true);
      });
    }
    const byUnit = workbook.getWorksheet('Theo đơn vị')!;
    expect(byUnit.views[0]).toMatchObject({ xSplit: 1 });
    expect(byUnit.pageSetup.orientation).toBe('landscape');
    // The total row keeps the dot-thousand format (it lost it once to its bold font).
    let total: ExcelJS.Row | undefined;
    byUnit.eachRow((row) => {
      if (row.getCell(1).value === 'Tổng cộng') total = row;
    });
    expect(total!.getCell(3).value).toBe(1235);
    expect(total!.getCell(3).numFmt).toBe(NUMBER_FORMAT);
    expect(total!.getCell(3).font?.bold).toBe(true);

    // Received 20/09/2024 10:00 in Vietnam (03:00 UTC): shown as 10:00, day first.
    const received = workbook
      .getWorksheet('Mục nộp muộn')!
      .getRow(HEAD_ROW + 1)
      .getCell(5);
    expect((received.value as Date).toISOString()).toBe('2024-09-20T10:00:00.000Z');
    expect(received.numFmt).toBe(DATE_TIME_FORMAT);

    // A long task title wraps and its row is tall enough to show it.
    const long = 'Tuyên truyền, phổ biến Nghị quyết số 76/NQ-CP '.repeat(6);
    const tall = await renderReportXlsx({ ...report, byTask: [{ ...report.byTask[0]!, title: long }] });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(tall as unknown as ArrayBuffer);
    const taskRow = book.getWorksheet('Theo nhiệm vụ')!.getRow(HEAD_ROW + 1);
    expect(taskRow.getCell(3).alignment?.wrapText).toBe(true);
    expect(taskRow.height).toBeGreaterThanOrEqual(4 * 16);
  });

  it('keeps the .csv title in one cell with day-first dates, and neutralises a tab before a formula', () => {
    const text = renderReportCsv({ ...report, byTask: [{ ...report.byTask[0]!, title: '\t=1+2' }] })
      .toString('utf8')
      .slice(1);
    const [title] = text.split('\r\n');
    expect(title).toBe(
      'Báo cáo Kết quả công tác tuyên truyền cải cách hành chính Quý III/2024. Huyện Cẩm Xuyên. Từ ngày 15/06/2024 đến ngày 14/09/2024 (theo Nghị định số 09/2019/NĐ-CP)',
    );
    expect(text).not.toMatch(/2024-06-15/);
    expect(text).toContain(",'\t=1+2,");
  });
});

describe('tasks by plan, with their budgets planned and spent', () => {
  // Issue 13 item 6: Section II numbered two plans' tasks 1–6 then 1–10 with no plan heading, and
  // the budgets entered at import appeared in no export.
  const second: Plan = {
    ...plan,
    id: 'plan-2',
    number: null,
    issuedOn: null,
    title: 'Kế hoạch tuyên truyền dịch vụ công trực tuyến năm 2024',
    tasks: [
      {
        ...plan.tasks[0]!,
        id: 'u1',
        ordinal: '1',
        title: 'Hội nghị đối thoại về dịch vụ công',
        budgetVnd: null,
        kinds: ['meeting'],
      },
    ],
    assignments: [{ taskId: 'u1', unitId: 'd', unitKind: 'commune' }],
  };
  const spent = [
    entry('c1', '2024-08-10', 'training', { participants: 40, spentVnd: 12_500_000 }, { taskId: 't1', planId: 'plan' }),
    entry('c2', '2024-08-20', 'training', { participants: 30, spentVnd: 2_000_000 }, { taskId: 't1', planId: 'plan' }),
    entry('c2', '2024-08-21', 'meeting', { participants: 60, spentVnd: 1_500_000 }, { taskId: 'u1', planId: 'plan-2' }),
  ];
  const twoPlans = computeReport({
    unitId: 'd',
    units,
    facts: factsOf(spent),
    plans: [plan, second],
    period: { type: 'quarter', year: 2024, index: 3 },
    basis: 'decree09',
    asOf: '2024-09-16',
  });

  it('sums what each task spent and keeps the plan it belongs to', () => {
    expect(twoPlans.plans.map((p) => p.id)).toEqual(['plan', 'plan-2']);
    expect(twoPlans.byTask.map((t) => [t.planId, t.ordinal, t.budgetVnd, t.spentVnd])).toEqual([
      ['plan', '1', 50_000_000, 14_500_000],
      ['plan-2', '1', null, 1_500_000],
    ]);
    // Money is no line of the totals table.
    expect(twoPlans.totals.training).toEqual({ sessions: 2, participants: 70, spentVnd: 14_500_000 });
  });

  it('heads each plan in the .docx, numbers its tasks under it, and states the budgets in an annex', async () => {
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await renderReportDocx(twoPlans)) });
    const first = text.search(/1\. Kế hoạch số 152\/KH-UBND ngày 20\/01\/2024: Tuyên truyền CCHC năm 2024/);
    const next = text.search(/2\. Kế hoạch tuyên truyền dịch vụ công trực tuyến năm 2024/);
    expect(first).toBeGreaterThan(0);
    expect(next).toBeGreaterThan(first);
    expect(text).toMatch(/Phụ lục II\s+KINH PHÍ THỰC HIỆN NHIỆM VỤ, QUÝ III\/2024/);
    const annex = text.slice(text.search(/Phụ lục II\s+KINH PHÍ/));
    expect(annex).toMatch(
      /Tập huấn dịch vụ công trực tuyến cho cán bộ xã\s+50\.000\.000 đ\s+14\.500\.000 đ\s+35\.500\.000 đ/,
    );
    expect(annex).toMatch(/Hội nghị đối thoại về dịch vụ công\s+—\s+1\.500\.000 đ\s+—/);
  });

  it('gives the finance office the plan, the budget and the money spent per task in the .xlsx and .csv', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportXlsx(twoPlans)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Theo nhiệm vụ')!;
    const heads = (sheet.getRow(HEAD_ROW).values as unknown[]).slice(1);
    const row = sheet.getRow(HEAD_ROW + 1);
    const at = (head: string) => row.getCell(heads.indexOf(head) + 1);
    expect(at('Kế hoạch').value).toBe('Kế hoạch số 152/KH-UBND ngày 20/01/2024: Tuyên truyền CCHC năm 2024');
    expect(at('Kinh phí theo kế hoạch (đ)').value).toBe(50_000_000);
    expect(at('Kinh phí đã sử dụng trong kỳ (đ)').value).toBe(14_500_000);
    // Grouped with dots whatever the locale, and a real number the office can sum.
    expect(at('Kinh phí theo kế hoạch (đ)').numFmt).toBe('0"."000"."000" đ"');
    const total = sheet.getRow(HEAD_ROW + 3);
    expect(total.getCell(1).value).toBe('Tổng cộng');
    expect(total.getCell(heads.indexOf('Kinh phí đã sử dụng trong kỳ (đ)') + 1).value).toBe(16_000_000);

    const csv = renderReportCsv(twoPlans).toString('utf8');
    expect(csv).toContain('Kế hoạch,TT,Nhiệm vụ');
    expect(csv).toMatch(
      /Kế hoạch tuyên truyền dịch vụ công trực tuyến năm 2024,1,Hội nghị đối thoại về dịch vụ công,.*,,1500000\r\n/,
    );
  });
});

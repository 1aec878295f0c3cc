import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/shared/activity';
import { findSchedule } from '../../src/shared/plan-import/schedule';
import { type DueDatePlan, parsePeriodCode } from '../../src/shared/period';
import { computeReport, factsOf, type Report } from '../../src/shared/report';
import { LANDSCAPE_WIDTH, renderReportDocx } from '../../src/shared/report-files/report-docx';
import { DATE_TIME_FORMAT, HEAD_ROW, renderReportXlsx } from '../../src/shared/report-files/report-xlsx';
import { completenessLine, computeSignoff, type Submission } from '../../src/shared/signoff';
import type { Unit } from '../../src/shared/unit';

// A district of three communes closing Quý III/2024 (Decree 09: cut off 14/9, due 15/9). Cẩm Thành
// sent on time and was approved, then its station logged more airtime; Thiên Cầm sent late and was
// returned; Cẩm Dương has not sent.
const units: Unit[] = [
  { id: 'd', code: '436', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
  { id: 'c1', code: '18', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'd' },
  { id: 'c2', code: '19', name: 'Thị trấn Thiên Cầm', kind: 'commune', parentId: 'd' },
  { id: 'c3', code: '20', name: 'Xã Cẩm Dương', kind: 'commune', parentId: 'd' },
  { id: 's1', code: '18-TT', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'c1' },
];

let n = 0;
function entry(unitId: string, date: string, kind: Activity['kind'], figures: Activity['figures']): Activity {
  n++;
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    unitId,
    kind,
    date,
    title: `Mục ${n}`,
    figures,
    deviceId: 'dev',
    createdAt: `${date}T08:00:00+07:00`,
    version: 1,
    voided: false,
    receivedAt: `${date}T09:00:00+07:00`,
  };
}

const before = [
  entry('s1', '2024-07-20', 'broadcast', { minutes: 15 }),
  entry('s1', '2024-08-20', 'broadcast', { minutes: 10 }),
  entry('c1', '2024-08-01', 'training', { participants: 40 }),
  entry('c2', '2024-08-20', 'training', { sessions: 2, participants: 120 }),
];
// Logged after the approval: two more broadcasts of the station, 30 minutes.
const after = [
  entry('s1', '2024-09-10', 'broadcast', { minutes: 20 }),
  entry('s1', '2024-09-12', 'broadcast', { minutes: 10 }),
];
const period = parsePeriodCode('2024-Q3')!;
const code = '2024-Q3';

function submission(
  id: string,
  unitId: string,
  submittedAt: string,
  status: Submission['status'],
  decision: { at: string; comment?: string } | null,
  totals: Submission['snapshot']['totals'] = {},
): Submission {
  return {
    id,
    unitId,
    period: code,
    basis: 'decree09',
    status,
    submittedAt,
    deviceSubmittedAt: submittedAt,
    deviceId: 'dev',
    note: null,
    decidedAt: decision?.at ?? null,
    decidedBy: decision ? 'u-district' : null,
    comment: decision?.comment ?? null,
    snapshot: { totals, entries: 0 },
  };
}

function reportOf(
  unitId: string,
  facts = factsOf([...before, ...after]),
  plansOf: (unitId: string) => readonly DueDatePlan[] = () => [],
): Report {
  // The figures Cẩm Thành approved: its subtree's before the later broadcasts.
  const approved = computeSignoff({
    units,
    reportUnitId: 'd',
    period,
    basis: 'decree09',
    facts: factsOf(before),
    submissions: [],
    changedAfterApproval: new Set(),
    plansOf: () => [],
  }).units.find((u) => u.unitId === 'c1')!.currentTotals;
  const submissions = [
    submission('a1', 'c1', '2024-09-14T10:00:00Z', 'approved', { at: '2024-09-16T02:30:00Z' }, approved),
    submission('a2', 'c2', '2024-09-17T03:00:00Z', 'returned', {
      at: '2024-09-18T08:00:00Z',
      comment: 'Thiếu số người dự tập huấn tháng 9',
    }),
  ];
  const report = computeReport({ unitId, units, facts, plans: [], period, basis: 'decree09', asOf: '2024-09-20' });
  const signoff = computeSignoff({
    units,
    reportUnitId: unitId,
    period,
    basis: 'decree09',
    facts,
    submissions,
    changedAfterApproval: new Set(['c1']),
    plansOf,
  });
  return { ...report, signoff };
}

/** The rows of a .docx table as an inspector reads them: cell texts, paragraphs joined by " / ". */
function tableRows(html: string, table: number): string[][] {
  const tables = html
    .split('<table>')
    .slice(1)
    .map((t) => t.split('</table>')[0]!);
  const strip = (cell: string) =>
    cell
      .replace(/<\/p><p>/g, ' / ')
      .replace(/<[^>]+>/g, '')
      .replace(/&gt;/g, '>')
      .trim();
  return tables
    .at(table)!
    .split('<tr>')
    .slice(1)
    .map((tr) => [...tr.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((m) => strip(m[1]!)));
}

describe('the communes’ period reports in a supervisor’s files', () => {
  const district = reportOf('d');
  const line = completenessLine(district.signoff!);

  it('counts the communes in the one wording the console shows', () => {
    expect(line).toBe('1/3 xã gửi báo cáo đúng hạn (hạn 15/09/2024); 1 xã gửi trễ, 1 xã chưa gửi; 1 xã đã được duyệt.');
  });

  it('the .docx states the count in the body and lists each commune in the last annex', async () => {
    const buffer = Buffer.from(await renderReportDocx(district));
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).toContain(`Tình hình gửi báo cáo kỳ của các xã: ${line} Chi tiết từng xã tại Phụ lục II kèm theo`);
    expect(text).toContain('Phụ lục II\n\nTÌNH HÌNH GỬI BÁO CÁO QUÝ III/2024 CỦA CÁC XÃ');
    const { value: html } = await mammoth.convertToHtml({ buffer });
    const rows = tableRows(html, -1);
    expect(rows[0]).toEqual([
      'STT',
      'Đơn vị',
      'Tình trạng',
      'Ngày gửi',
      'Duyệt / trả lại',
      'Số đã duyệt → số hiện tại',
    ]);
    // By name, as Vietnamese sorts them; the receipt in Vietnam's time.
    expect(rows.slice(1)).toEqual([
      [
        '1',
        'Thị trấn Thiên Cầm',
        'Bị trả lại · Trễ hạn',
        '17/09/2024 10:00',
        'Bị trả lại 18/09/2024 15:00: Thiếu số người dự tập huấn tháng 9',
        '—',
      ],
      ['2', 'Xã Cẩm Dương', 'Chưa gửi', '—', '—', '—'],
      [
        '3',
        'Xã Cẩm Thành',
        'Đã duyệt · Đúng hạn (thay đổi sau khi duyệt)',
        '14/09/2024 17:00',
        'Đã duyệt 16/09/2024 09:30',
        'Buổi phát thanh CCHC trên loa truyền thanh cơ sở (buổi): 2 → 4 / Thời lượng phát thanh (phút): 25 → 55',
      ],
    ]);
  });

  it('numbers the annex after the others, and fits its table to the landscape page', async () => {
    const buffer = Buffer.from(
      await renderReportDocx(district, {
        lateEntries: [
          {
            unitName: 'Xã Cẩm Thành',
            date: '2024-09-12',
            kind: 'broadcast',
            title: 'Mục 6',
            receivedAt: '2024-09-20T03:00:00Z',
          },
        ],
        content: [
          {
            title: 'Chuyên mục CCHC tháng 9',
            due: '2024-09-10',
            deliveries: [
              {
                unitId: 'c1',
                unitName: 'Xã Cẩm Thành',
                unitKind: 'commune',
                downloadedAt: null,
                airings: 0,
                received: 0,
              },
            ],
          },
        ],
      }),
    );
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).toContain('Chi tiết từng xã tại Phụ lục IV kèm theo');
    expect(text).toMatch(/Phụ lục IV\n\nTÌNH HÌNH GỬI BÁO CÁO QUÝ III\/2024 CỦA CÁC XÃ/);
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) =>
      [...m[1]!.matchAll(/w:w="(\d+)"/g)].reduce((sum, w) => sum + Number(w[1]), 0),
    );
    expect(grids.at(-1)).toBe(LANDSCAPE_WIDTH);
  });

  it('the .xlsx has a sheet of the communes: the count over the table, approved and current figures as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportXlsx(district)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Báo cáo của các xã')!;
    expect(sheet).toBeDefined();
    expect(sheet.getCell(3, 1).value).toBe(line);
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(HEAD_ROW)).toEqual([
      'STT',
      'Đơn vị',
      'Tình trạng',
      'Ngày gửi',
      'Duyệt / trả lại',
      'Số liệu thay đổi sau khi duyệt',
      'Số đã duyệt',
      'Số hiện tại',
    ]);
    const [thienCam, camDuong, camThanh, camThanh2] = [1, 2, 3, 4].map((i) => values(HEAD_ROW + i));
    expect(thienCam!.slice(0, 3)).toEqual([1, 'Thị trấn Thiên Cầm', 'Bị trả lại · Trễ hạn']);
    // The receipt reads in Vietnam's wall clock, as a date the sheet can sort.
    expect((thienCam![3] as Date).toISOString()).toBe('2024-09-17T10:00:00.000Z');
    expect(sheet.getCell(HEAD_ROW + 1, 4).numFmt).toBe(DATE_TIME_FORMAT);
    expect(thienCam![4]).toBe('Bị trả lại 18/09/2024 15:00: Thiếu số người dự tập huấn tháng 9');
    expect(camDuong!.slice(0, 3)).toEqual([2, 'Xã Cẩm Dương', 'Chưa gửi']);
    expect(camThanh!.slice(0, 3)).toEqual([3, 'Xã Cẩm Thành', 'Đã duyệt · Đúng hạn (thay đổi sau khi duyệt)']);
    expect(camThanh!.slice(5)).toEqual(['Buổi phát thanh CCHC trên loa truyền thanh cơ sở (buổi)', 2, 4]);
    expect(camThanh2!.slice(0, 5).every((v) => v === '' || v === undefined)).toBe(true);
    expect(camThanh2!.slice(5)).toEqual(['Thời lượng phát thanh (phút)', 25, 55]);
    expect(sheet.rowCount).toBe(HEAD_ROW + 4);
  });

  it('a commune’s own report has no annex and no sheet of communes', async () => {
    const own = reportOf('c1');
    expect(own.signoff!.units.map((u) => u.unitId)).toEqual(['c1']);
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await renderReportDocx(own)) });
    expect(text).not.toContain('TÌNH HÌNH GỬI BÁO CÁO');
    expect(text).not.toContain('xã gửi báo cáo đúng hạn');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportXlsx(own)) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Báo cáo của các xã')).toBeUndefined();
  });

  it('a report without sign-off (the phone’s own) renders as before', async () => {
    const { signoff: _, ...plain } = district;
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await renderReportDocx(plain)) });
    expect(text).not.toContain('TÌNH HÌNH GỬI BÁO CÁO');
  });

  it('gives each commune its own due date when their plans set different days', async () => {
    // Thiên Cầm's plan asks for the quarter's report before the 20th: due 19/09, so its 17/09 is on time.
    const plan: DueDatePlan = { year: 2024, schedule: findSchedule(['Các xã báo cáo quý trước ngày 20.']) };
    const mixed = reportOf('d', undefined, (unitId) => (unitId === 'c2' ? [plan] : []));
    expect(completenessLine(mixed.signoff!)).toBe(
      '2/3 xã gửi báo cáo đúng hạn (hạn từ 15/09/2024 đến 19/09/2024 theo kế hoạch của từng xã); 0 xã gửi trễ, 1 xã chưa gửi; 1 xã đã được duyệt.',
    );
    const status = [
      'Bị trả lại · Đúng hạn · Hạn gửi: 19/09/2024',
      'Chưa gửi · Hạn gửi: 15/09/2024',
      'Đã duyệt · Đúng hạn (thay đổi sau khi duyệt) · Hạn gửi: 15/09/2024',
    ];
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(await renderReportDocx(mixed)) });
    expect(
      tableRows(html, -1)
        .slice(1)
        .map((row) => row[2]),
    ).toEqual(status);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportXlsx(mixed)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Báo cáo của các xã')!;
    expect([1, 2, 3].map((i) => sheet.getCell(HEAD_ROW + i, 3).value)).toEqual(status);
  });
});

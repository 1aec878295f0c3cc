import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/shared/activity';
import type { Plan } from '../../src/shared/plan';
import { computeReport, factsOf } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';
import { renderReportCsv } from '../../src/server/exports/report-csv';
import { renderReportDocx } from '../../src/server/exports/report-docx';
import { renderReportXlsx } from '../../src/server/exports/report-xlsx';

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
    const buffer = await renderReportDocx(report, { lateEntries });
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
    expect(summary.getColumn(4).numFmt).toBe('#,##0');

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
      if (row.getCell(1).value === '1') status = row.getCell(8).value;
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
});

import ExcelJS from 'exceljs';
import type { Report } from '../../shared/report';
import {
  describeRange,
  describeTarget,
  FIGURE_LINES,
  figureValue,
  formatShare,
  kindLabel,
  type LateEntry,
  reportSubtitle,
  statusLabel,
  UNIT_COLUMNS,
} from './report-layout';

// Excel shows "#,##0" with the reader's separators; Vietnamese Excel groups thousands with dots.
const NUMBER = '#,##0';
const LATE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };

function styleHeader(row: ExcelJS.Row): void {
  row.font = { name: 'Times New Roman', bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

function addTitle(sheet: ExcelJS.Worksheet, report: Report, width: number): void {
  sheet.addRow([`BÁO CÁO ${reportSubtitle(report)}`]);
  sheet.addRow([`${report.unit.name}. ${describeRange(report)}`]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.mergeCells(2, 1, 2, width);
  sheet.getRow(1).font = { name: 'Times New Roman', bold: true, size: 14 };
  sheet.getRow(2).font = { name: 'Times New Roman', italic: true };
  sheet.addRow([]);
}

/** The period report as an Excel workbook: Tổng hợp, Theo đơn vị, Theo nhiệm vụ, Mục nộp muộn. */
export async function renderReportXlsx(
  report: Report,
  options: { lateEntries?: readonly LateEntry[] } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = report.unit.name;
  workbook.created = new Date(`${report.asOf}T00:00:00Z`);

  const summary = workbook.addWorksheet('Tổng hợp');
  addTitle(summary, report, 4);
  styleHeader(summary.addRow(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng']));
  FIGURE_LINES.forEach((line, i) => {
    summary.addRow([i + 1, line.label, line.unitLabel, figureValue(report.totals, line)]);
  });
  summary.addRow(['', 'Số mục ghi nhận', 'mục', report.entries]);
  summary.addRow(['', 'Trong đó nộp muộn', 'mục', report.late]);
  summary.addRow([]);
  styleHeader(summary.addRow(['', 'Chỉ tiêu bao phủ', 'Đạt/Tổng số', 'Tỷ lệ']));
  for (const c of report.coverage) {
    summary.addRow(['', c.label, `${c.covered}/${c.eligible}`, formatShare(c.share)]);
    if (c.uncovered.length > 0) summary.addRow(['', `Chưa đạt: ${c.uncovered.map((u) => u.name).join(', ')}`]);
  }
  summary.columns = [{ width: 6 }, { width: 48 }, { width: 14 }, { width: 14, style: { numFmt: NUMBER } }];

  const byUnit = workbook.addWorksheet('Theo đơn vị');
  const unitHeads = [
    'Đơn vị',
    ...UNIT_COLUMNS.map((c) => `${c.short} (${c.unitLabel})`),
    'Số mục',
    'Nộp muộn',
    'Đồng bộ lần cuối',
    'Mục chưa gửi',
  ];
  addTitle(byUnit, report, unitHeads.length);
  styleHeader(byUnit.addRow(unitHeads));
  for (const row of report.byUnit) {
    const added = byUnit.addRow([
      row.name,
      ...UNIT_COLUMNS.map((c) => figureValue(row.totals, c)),
      row.entries,
      row.late,
      row.lastSyncAt ? new Date(row.lastSyncAt) : '',
      row.pending,
    ]);
    if (row.late > 0) added.getCell(UNIT_COLUMNS.length + 3).fill = LATE_FILL;
  }
  const totalRow = byUnit.addRow([
    'Tổng cộng',
    ...UNIT_COLUMNS.map((c) => figureValue(report.totals, c)),
    report.entries,
    report.late,
  ]);
  totalRow.font = { bold: true };
  byUnit.columns = unitHeads.map((_, i) => ({
    width: i === 0 ? 32 : 12,
    style: { numFmt: i === unitHeads.length - 2 ? 'dd/mm/yyyy hh:mm' : NUMBER },
  }));

  const byTask = workbook.addWorksheet('Theo nhiệm vụ');
  addTitle(byTask, report, 8);
  styleHeader(
    byTask.addRow([
      'TT',
      'Nhiệm vụ',
      'Chỉ tiêu',
      'Số đơn vị được giao',
      'Phải đạt đến nay',
      'Phải đạt cả kỳ',
      'Kết quả',
      'Tình trạng',
    ]),
  );
  for (const task of report.byTask) {
    byTask.addRow([
      task.ordinal,
      task.title,
      describeTarget(task.target),
      task.assignees,
      task.due,
      task.total,
      task.actual,
      statusLabel(task.status),
    ]);
  }
  byTask.columns = [
    { width: 6 },
    { width: 60, style: { alignment: { wrapText: true, vertical: 'top' } } },
    { width: 24 },
    { width: 12, style: { numFmt: NUMBER } },
    { width: 12, style: { numFmt: NUMBER } },
    { width: 12, style: { numFmt: NUMBER } },
    { width: 12, style: { numFmt: NUMBER } },
    { width: 16 },
  ];

  const late = workbook.addWorksheet('Mục nộp muộn');
  addTitle(late, report, 5);
  styleHeader(late.addRow(['Đơn vị', 'Ngày thực hiện', 'Loại hoạt động', 'Nội dung', 'Máy chủ nhận lúc']));
  for (const entry of options.lateEntries ?? []) {
    const row = late.addRow([
      entry.unitName,
      new Date(`${entry.date}T00:00:00Z`),
      kindLabel(entry.kind),
      entry.title,
      new Date(entry.receivedAt),
    ]);
    row.fill = LATE_FILL;
  }
  if ((options.lateEntries ?? []).length === 0) late.addRow([`Tổng số mục nộp muộn: ${report.late}`]);
  late.columns = [
    { width: 30 },
    { width: 14, style: { numFmt: 'dd/mm/yyyy' } },
    { width: 28 },
    { width: 50 },
    { width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
  ];

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

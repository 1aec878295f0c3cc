import ExcelJS from 'exceljs';
import type { Report } from '../report';
import {
  describeRange,
  formatShare,
  kindLabel,
  type EvidenceCounts,
  type LateEntry,
  planHeadingText,
  reportSubtitle,
  statusBreakdown,
  statusLabel,
  vietnamWallClock,
} from '../report-layout';
import { targetCell, FIGURE_LINES, figureValue, UNIT_COLUMNS } from '../report-lines';
import { type Narrative, NARRATIVE_HEADINGS, NARRATIVE_PARTS, narrativeWith, paragraphsOf } from '../report-narrative';
import { completenessLine } from '../signoff';
import { changedFigures, signoffDecisionCell, signoffStatusCell, supervisorSignoff } from '../signoff-figures';

/**
 * Whole numbers grouped with dots (1.250, 20.898, 1.250.000) whatever the reader's locale: "#,##0"
 * printed 1,250 on an English-locale Excel or LibreOffice, which a Vietnamese reader takes for 1
 * and a quarter. The cells stay numbers, so sums still work.
 */
export const NUMBER_FORMAT = '[<1000]0;[<1000000]0"."000;0"."000"."000';
/**
 * Money in đồng grouped with dots, however many groups (1.000.000.000 đ for a province's plan):
 * Excel allows two conditions per format, so each cell gets the format of its own magnitude.
 */
export function moneyFormat(value: number): string {
  const groups = Math.max(0, Math.floor(Math.log10(Math.max(1, Math.abs(value))) / 3));
  return `${['0', ...Array.from({ length: groups }, () => '"."000')].join('')}" đ"`;
}

/** Local date and time of receipt or sync, the Vietnamese way round. */
export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
/** An activity date. */
const DATE_FORMAT = 'dd/mm/yyyy';

const FONT = 'Times New Roman';
const SIZE = 12;
const LATE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
/** The row of each sheet's column headings; rows 1–2 hold the title. */
export const HEAD_ROW = 4;

interface Column {
  /** Width in characters. */
  readonly width: number;
  /** A number format, or one chosen by each cell's value. */
  readonly numFmt?: string | ((value: number) => string);
  readonly align?: 'left' | 'center' | 'right';
  /** Long text wraps inside the column, and the row grows to show it. */
  readonly wrap?: boolean;
}

function setUp(
  sheet: ExcelJS.Worksheet,
  report: Report,
  columns: readonly Column[],
  orientation: 'portrait' | 'landscape',
  frozenColumns = 0,
): void {
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  sheet.addRow([`BÁO CÁO ${reportSubtitle(report)}`]);
  sheet.addRow([`${report.unit.name}. ${describeRange(report)}`]);
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.mergeCells(2, 1, 2, columns.length);
  sheet.getCell(1, 1).font = { name: FONT, bold: true, size: 14 };
  sheet.getCell(2, 1).font = { name: FONT, italic: true, size: SIZE };
  sheet.getRow(1).height = 21;
  sheet.addRow([]);
  // The title and the headings stay in view while scrolling and print on every page.
  sheet.views = [{ state: 'frozen', xSplit: frozenColumns, ySplit: HEAD_ROW, topLeftCell: undefined }];
  sheet.pageSetup = {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${HEAD_ROW}:${HEAD_ROW}`,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: '&C&"Times New Roman"&11Trang &P/&N' };
}

function head(sheet: ExcelJS.Worksheet, titles: readonly string[], columns: readonly Column[]): void {
  const row = sheet.addRow([...titles]);
  row.eachCell((cell) => {
    cell.font = { name: FONT, bold: true, size: SIZE };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = THIN;
    cell.fill = HEAD_FILL;
  });
  row.height = heightFor(titles, columns, true);
}

// Rows with wrapped text: Excel does not grow a row when it opens a file, so the height is set
// from the longest cell (about 1.2 characters of Vietnamese text per width unit at 12 pt, 16 pt a line).
function heightFor(values: readonly unknown[], columns: readonly Column[], wrapAll = false): number {
  let lines = 1;
  values.forEach((value, i) => {
    const column = columns[i];
    if (!column || typeof value !== 'string' || !(wrapAll || column.wrap)) return;
    const perLine = Math.max(1, Math.floor(column.width * 1.2));
    const needed = value.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0);
    lines = Math.max(lines, needed);
  });
  return lines * 16 + 2;
}

interface RowStyle {
  bold?: boolean;
  italic?: boolean;
  fill?: ExcelJS.Fill;
}

function body(
  sheet: ExcelJS.Worksheet,
  values: readonly unknown[],
  columns: readonly Column[],
  style: RowStyle = {},
): ExcelJS.Row {
  const row = sheet.addRow([...values]);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const cell = row.getCell(i + 1);
    cell.font = { name: FONT, size: SIZE, bold: style.bold, italic: style.italic };
    cell.border = THIN;
    const value = values[i];
    if (typeof column.numFmt === 'string') cell.numFmt = column.numFmt;
    else if (column.numFmt && typeof value === 'number') cell.numFmt = column.numFmt(value);
    cell.alignment = {
      vertical: 'middle',
      horizontal: column.align ?? (typeof values[i] === 'number' ? 'right' : 'left'),
      wrapText: column.wrap,
    };
    if (style.fill) cell.fill = style.fill;
  }
  if (columns.some((c) => c.wrap)) row.height = heightFor(values, columns);
  return row;
}

/** The period report as an Excel workbook: Tổng hợp, Theo đơn vị, Theo nhiệm vụ, Mục nộp muộn. */
export async function renderReportXlsx(
  report: Report,
  options: { lateEntries?: readonly LateEntry[]; evidence?: EvidenceCounts; narrative?: Partial<Narrative> } = {},
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = report.unit.name;
  workbook.created = new Date(`${report.asOf}T00:00:00Z`);

  const summary = workbook.addWorksheet('Tổng hợp');
  const summaryColumns: Column[] = [
    { width: 6, align: 'center' },
    { width: 50, wrap: true },
    { width: 14, align: 'center' },
    { width: 14, numFmt: NUMBER_FORMAT, align: 'right' },
  ];
  setUp(summary, report, summaryColumns, 'portrait');
  head(summary, ['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng'], summaryColumns);
  for (const line of FIGURE_LINES) {
    // "— trong đó tự sản xuất" belongs to the line above: no number of its own, in italics.
    const part = line.part;
    body(
      summary,
      [part ? '' : Number(line.ordinal), line.label, line.unitLabel, figureValue(report.totals, line)],
      summaryColumns,
      {
        italic: part,
      },
    );
  }
  body(summary, ['', 'Số mục ghi nhận', 'mục', report.entries], summaryColumns, { bold: true });
  body(summary, ['', 'Trong đó nộp muộn', 'mục', report.late], summaryColumns, { italic: true });
  summary.addRow([]);
  const coverageColumns: Column[] = [
    summaryColumns[0]!,
    summaryColumns[1]!,
    { width: 14, align: 'center' },
    {
      width: 14,
      align: 'right',
    },
  ];
  head(summary, ['', 'Chỉ tiêu bao phủ', 'Đạt/Tổng số', 'Tỷ lệ'], coverageColumns);
  for (const c of report.coverage) {
    body(summary, ['', c.label, `${c.covered}/${c.eligible}`, formatShare(c.share)], coverageColumns);
    if (c.uncovered.length > 0) {
      const text = `Chưa đạt: ${c.uncovered.map((u) => u.name).join(', ')}`;
      const row = body(summary, ['', text, '', ''], coverageColumns, { italic: true });
      summary.mergeCells(row.number, 2, row.number, 4);
      row.height = heightFor(['', text], [coverageColumns[0]!, { width: 76, wrap: true }]);
    }
  }

  const evidence = options.evidence;
  const byUnit = workbook.addWorksheet('Theo đơn vị');
  const unitHeads = [
    'Đơn vị',
    ...UNIT_COLUMNS.map((c) => `${c.short} (${c.unitLabel})`),
    'Số mục',
    'Nộp muộn',
    'Đồng bộ lần cuối',
    'Mục chưa gửi',
    ...(evidence ? ['Minh chứng'] : []),
  ];
  const unitColumns: Column[] = unitHeads.map((title, i) => {
    // Narrow enough that the 18 columns print on one landscape page at a readable size.
    if (i === 0) return { width: 26 };
    if (title === 'Đồng bộ lần cuối') return { width: 15, numFmt: DATE_TIME_FORMAT, align: 'center' };
    return { width: 8.5, numFmt: NUMBER_FORMAT };
  });
  setUp(byUnit, report, unitColumns, 'landscape', 1);
  head(byUnit, unitHeads, unitColumns);
  for (const row of report.byUnit) {
    const added = body(
      byUnit,
      [
        row.name,
        ...UNIT_COLUMNS.map((c) => figureValue(row.totals, c)),
        row.entries,
        row.late,
        row.lastSyncAt ? vietnamWallClock(row.lastSyncAt) : '',
        row.pending,
        ...(evidence ? [evidence.byUnit.get(row.unitId) ?? 0] : []),
      ],
      unitColumns,
    );
    if (row.late > 0) added.getCell(UNIT_COLUMNS.length + 3).fill = LATE_FILL;
  }
  body(
    byUnit,
    [
      'Tổng cộng',
      ...UNIT_COLUMNS.map((c) => figureValue(report.totals, c)),
      report.entries,
      report.late,
      '',
      '',
      ...(evidence ? [evidence.total] : []),
    ],
    unitColumns,
    { bold: true },
  );

  const byTask = workbook.addWorksheet('Theo nhiệm vụ');
  const taskColumns: Column[] = [
    { width: 40, wrap: true },
    { width: 6, align: 'center' },
    { width: 55, wrap: true },
    { width: 22, wrap: true },
    { width: 11, numFmt: NUMBER_FORMAT },
    { width: 11, numFmt: NUMBER_FORMAT },
    { width: 11, numFmt: NUMBER_FORMAT },
    { width: 11, numFmt: NUMBER_FORMAT },
    { width: 15, wrap: true },
    { width: 24, wrap: true },
    { width: 20, numFmt: moneyFormat },
    { width: 20, numFmt: moneyFormat },
  ];
  setUp(byTask, report, taskColumns, 'landscape', 2);
  head(
    byTask,
    [
      'Kế hoạch',
      'TT',
      'Nhiệm vụ',
      'Chỉ tiêu',
      'Số đơn vị được giao',
      'Phải đạt đến nay',
      'Phải đạt cả kỳ',
      'Kết quả',
      'Tình trạng',
      'Số đơn vị theo tình trạng',
      'Kinh phí theo kế hoạch (đ)',
      'Kinh phí đã sử dụng trong kỳ (đ)',
    ],
    taskColumns,
  );
  const planName = new Map(report.plans.map((plan) => [plan.id, planHeadingText(plan)] as const));
  for (const task of report.byTask) {
    body(
      byTask,
      [
        planName.get(task.planId) ?? '',
        task.ordinal,
        task.title,
        targetCell(task.target),
        task.assignees,
        task.due,
        task.total,
        task.actual,
        statusLabel(task.status),
        statusBreakdown(task),
        task.budgetVnd,
        task.spentVnd,
      ],
      taskColumns,
    );
  }
  if (report.byTask.length > 0) {
    const planned = report.byTask.reduce((sum, task) => sum + (task.budgetVnd ?? 0), 0);
    const spent = report.byTask.reduce((sum, task) => sum + task.spentVnd, 0);
    body(byTask, ['Tổng cộng', '', '', '', '', '', '', '', '', '', planned, spent], taskColumns, { bold: true });
  }

  const late = workbook.addWorksheet('Mục nộp muộn');
  const lateColumns: Column[] = [
    { width: 28, wrap: true },
    { width: 14, numFmt: DATE_FORMAT, align: 'center' },
    { width: 26, wrap: true },
    { width: 50, wrap: true },
    { width: 18, numFmt: DATE_TIME_FORMAT, align: 'center' },
  ];
  const lateWithEvidence = (options.lateEntries ?? []).some((e) => e.evidence !== undefined);
  if (lateWithEvidence) lateColumns.push({ width: 11, numFmt: NUMBER_FORMAT });
  setUp(late, report, lateColumns, 'landscape', 1);
  const lateHeads = ['Đơn vị', 'Ngày thực hiện', 'Loại hoạt động', 'Nội dung', 'Máy chủ nhận lúc'];
  head(late, lateWithEvidence ? [...lateHeads, 'Minh chứng'] : lateHeads, lateColumns);
  for (const entry of options.lateEntries ?? []) {
    body(
      late,
      [
        entry.unitName,
        new Date(`${entry.date}T00:00:00Z`),
        kindLabel(entry.kind),
        entry.title,
        vietnamWallClock(entry.receivedAt),
        ...(lateWithEvidence ? [entry.evidence ?? 0] : []),
      ],
      lateColumns,
      { fill: LATE_FILL },
    );
  }
  if ((options.lateEntries ?? []).length === 0) late.addRow([`Tổng số mục nộp muộn: ${report.late}`]);

  // The officer's words, a paragraph a row, under the part they belong to.
  const words = workbook.addWorksheet('Thuyết minh');
  const wordColumns: Column[] = [
    { width: 24, wrap: true },
    { width: 90, wrap: true },
  ];
  setUp(words, report, wordColumns, 'portrait');
  head(words, ['Nội dung', 'Thuyết minh'], wordColumns);
  const narrative = narrativeWith(report, options.narrative);
  for (const part of NARRATIVE_PARTS) {
    paragraphsOf(narrative[part]).forEach((paragraph, i) => {
      body(words, [i === 0 ? NARRATIVE_HEADINGS[part] : '', paragraph], wordColumns, { bold: false });
    });
  }

  // The communes' reports of the period (a supervisor unit's report): the count over the table,
  // a row per commune, and a row more per figure line an approved commune changed since.
  const signoff = supervisorSignoff(report);
  if (signoff) {
    const sheet = workbook.addWorksheet('Báo cáo của các xã');
    const columns: Column[] = [
      { width: 6, align: 'center' },
      { width: 26, wrap: true },
      { width: 30, wrap: true },
      { width: 17, numFmt: DATE_TIME_FORMAT, align: 'center' },
      { width: 34, wrap: true },
      { width: 40, wrap: true },
      { width: 12, numFmt: NUMBER_FORMAT },
      { width: 12, numFmt: NUMBER_FORMAT },
    ];
    setUp(sheet, report, columns, 'landscape', 2);
    const count = sheet.getCell(3, 1);
    count.value = completenessLine(signoff);
    count.font = { name: FONT, bold: true, size: SIZE };
    sheet.mergeCells(3, 1, 3, columns.length);
    head(
      sheet,
      [
        'STT',
        'Đơn vị',
        'Tình trạng',
        'Ngày gửi',
        'Duyệt / trả lại',
        'Số liệu thay đổi sau khi duyệt',
        'Số đã duyệt',
        'Số hiện tại',
      ],
      columns,
    );
    signoff.units.forEach((unit, i) => {
      const changes =
        unit.changedAfterApproval && unit.approvedTotals ? changedFigures(unit.approvedTotals, unit.currentTotals) : [];
      const figure = (c: (typeof changes)[number] | undefined) =>
        c ? [`${c.line.label} (${c.line.unitLabel})`, c.approved, c.current] : ['', '', ''];
      const behind = unit.timeliness === 'missing' || unit.status === 'returned';
      const first = body(
        sheet,
        [
          i + 1,
          unit.name,
          signoffStatusCell(unit, signoff),
          unit.firstSubmittedAt ? vietnamWallClock(unit.firstSubmittedAt) : '',
          signoffDecisionCell(unit),
          ...figure(changes[0]),
        ],
        columns,
      );
      if (behind) first.getCell(3).fill = LATE_FILL;
      for (const change of changes.slice(1)) body(sheet, ['', '', '', '', '', ...figure(change)], columns);
      for (let col = 6; col <= 8 && changes.length > 0; col++) {
        for (let r = first.number; r < first.number + changes.length; r++) sheet.getCell(r, col).fill = LATE_FILL;
      }
    });
  }

  // A Buffer on the server, exceljs's own Uint8Array in the browser: the same bytes either way.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { formatDateTimeVi, formatDateVi, formatNumberVi } from '../../shared/format';
import type { Report } from '../../shared/report';
import {
  defaultHeading,
  describeRange,
  describeTarget,
  FIGURE_LINES,
  figureValue,
  formatShare,
  kindLabel,
  type LateEntry,
  placeAndDate,
  type ReportHeading,
  reportSubtitle,
  statusLabel,
  UNIT_COLUMNS,
} from './report-layout';

// Sizes are half-points: Decree 30/2020/NĐ-CP asks for Times New Roman 13–14 pt in the body.
const BODY = 28;
const TABLE = 24;
const WIDE_TABLE = 20;
const FONT = 'Times New Roman';
const LATE_FILL = 'FCE4D6';

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
} as const;

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

function line(text: string, style: RunStyle & { align?: 'center' | 'left' | 'right' | 'both' } = {}): Paragraph {
  const alignment = {
    center: AlignmentType.CENTER,
    left: AlignmentType.LEFT,
    right: AlignmentType.RIGHT,
    both: AlignmentType.JUSTIFIED,
  }[style.align ?? 'both'];
  return new Paragraph({
    alignment,
    spacing: { after: 60 },
    children: [new TextRun({ text, font: FONT, bold: style.bold, italics: style.italics, size: style.size ?? BODY })],
  });
}

function cell(
  text: string,
  options: RunStyle & { align?: 'center' | 'left' | 'right'; fill?: string; width?: number } = {},
): TableCell {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    width: options.width ? { size: options.width, type: WidthType.PERCENTAGE } : undefined,
    shading: options.fill ? { type: ShadingType.CLEAR, fill: options.fill, color: 'auto' } : undefined,
    children: [line(text, { ...options, align: options.align ?? 'left', size: options.size ?? TABLE })],
  });
}

function headerRow(titles: readonly string[], size = TABLE): TableRow {
  return new TableRow({
    tableHeader: true,
    children: titles.map((title) => cell(title, { bold: true, align: 'center', size })),
  });
}

function grid(rows: TableRow[]): Table {
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

const n = formatNumberVi;

/** The national header block: issuer and number on the left, the national motto on the right. */
function nationalHeader(heading: ReportHeading): Table {
  const issuerWords = heading.issuer.split(' ');
  // "ỦY BAN NHÂN DÂN" on the first line, the place name under it, as offices print it.
  const issuerTop = issuerWords.slice(0, 4).join(' ');
  const issuerBottom = issuerWords.slice(4).join(' ');
  const left = new TableCell({
    width: { size: 40, type: WidthType.PERCENTAGE },
    children: [
      line(issuerTop, { align: 'center', size: 26 }),
      line(issuerBottom, { align: 'center', bold: true, size: 26 }),
      line('—————', { align: 'center', size: 20 }),
      line(heading.number, { align: 'center', size: 26 }),
    ],
  });
  const right = new TableCell({
    width: { size: 60, type: WidthType.PERCENTAGE },
    children: [
      line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center', bold: true, size: 26 }),
      line('Độc lập - Tự do - Hạnh phúc', { align: 'center', bold: true, size: BODY }),
      line('—————————————', { align: 'center', size: 20 }),
      line(placeAndDate(heading), { align: 'center', italics: true, size: BODY }),
    ],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [left, right] })],
  });
}

function totalsTable(report: Report): Table {
  const rows = FIGURE_LINES.map(
    (figure, i) =>
      new TableRow({
        children: [
          cell(String(i + 1), { align: 'center', width: 8 }),
          cell(figure.label, { width: 52 }),
          cell(figure.unitLabel, { align: 'center', width: 18 }),
          cell(n(figureValue(report.totals, figure)), { align: 'right', width: 22 }),
        ],
      }),
  );
  return grid([headerRow(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng']), ...rows]);
}

const UNIT_TABLE_COLUMNS = UNIT_COLUMNS.filter((c) => !c.figure.endsWith('participants') && c.kind !== 'other');

function unitTable(report: Report): Table {
  const titles = ['Đơn vị', ...UNIT_TABLE_COLUMNS.map((c) => c.short), 'Số mục', 'Nộp muộn'];
  const rows = report.byUnit.map(
    (row) =>
      new TableRow({
        children: [
          cell(row.name, { size: WIDE_TABLE }),
          ...UNIT_TABLE_COLUMNS.map((c) => cell(n(figureValue(row.totals, c)), { align: 'right', size: WIDE_TABLE })),
          cell(n(row.entries), { align: 'right', size: WIDE_TABLE }),
          cell(n(row.late), {
            align: 'right',
            size: WIDE_TABLE,
            bold: row.late > 0,
            fill: row.late > 0 ? LATE_FILL : undefined,
          }),
        ],
      }),
  );
  const total = new TableRow({
    children: [
      cell('Tổng cộng', { bold: true, size: WIDE_TABLE }),
      ...UNIT_TABLE_COLUMNS.map((c) =>
        cell(n(figureValue(report.totals, c)), { align: 'right', bold: true, size: WIDE_TABLE }),
      ),
      cell(n(report.entries), { align: 'right', bold: true, size: WIDE_TABLE }),
      cell(n(report.late), { align: 'right', bold: true, size: WIDE_TABLE }),
    ],
  });
  return grid([headerRow(titles, WIDE_TABLE), ...rows, total]);
}

function taskTable(report: Report): Table {
  const rows = report.byTask.map(
    (task) =>
      new TableRow({
        children: [
          cell(task.ordinal, { align: 'center' }),
          cell(task.title),
          cell(describeTarget(task.target)),
          cell(`${n(task.due)} / ${n(task.total)}`, { align: 'right' }),
          cell(n(task.actual), { align: 'right' }),
          cell(statusLabel(task.status), {
            bold: task.status === 'behind' || task.status === 'overdue',
          }),
        ],
      }),
  );
  return grid([
    headerRow(['TT', 'Nhiệm vụ', 'Chỉ tiêu', 'Phải đạt đến nay / cả kỳ', 'Kết quả', 'Tình trạng']),
    ...rows,
  ]);
}

function coverageTable(report: Report): Table {
  const rows = report.coverage.map(
    (c) =>
      new TableRow({
        children: [
          cell(c.label),
          cell(`${n(c.covered)}/${n(c.eligible)}`, { align: 'center' }),
          cell(formatShare(c.share), { align: 'right' }),
          cell(c.uncovered.map((u) => u.name).join(', ') || '—'),
        ],
      }),
  );
  return grid([headerRow(['Chỉ tiêu', 'Đạt/Tổng số', 'Tỷ lệ', 'Đơn vị chưa đạt']), ...rows]);
}

function lateTable(entries: readonly LateEntry[]): Table {
  const rows = entries.map(
    (e) =>
      new TableRow({
        children: [
          cell(e.unitName, { fill: LATE_FILL }),
          cell(formatDateVi(e.date), { align: 'center', fill: LATE_FILL }),
          cell(kindLabel(e.kind), { fill: LATE_FILL }),
          cell(e.title, { fill: LATE_FILL }),
          cell(formatDateTimeVi(e.receivedAt), { align: 'center', fill: LATE_FILL }),
        ],
      }),
  );
  return grid([headerRow(['Đơn vị', 'Ngày thực hiện', 'Loại', 'Nội dung', 'Nhận lúc']), ...rows]);
}

function signature(): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            children: [
              line('Nơi nhận:', { bold: true, italics: true, size: 24, align: 'left' }),
              line('- Như trên;', { size: 22, align: 'left' }),
              line('- Lưu: VT.', { size: 22, align: 'left' }),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            children: [
              line('TM. ỦY BAN NHÂN DÂN', { bold: true, align: 'center' }),
              line('CHỦ TỊCH', { bold: true, align: 'center' }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** Options for the document: heading overrides and the late entries to list by name. */
export interface DocxOptions {
  readonly heading?: Partial<ReportHeading>;
  readonly lateEntries?: readonly LateEntry[];
}

/** The period report as a Word document in the layout of a Vietnamese administrative report. */
export async function renderReportDocx(report: Report, options: DocxOptions = {}): Promise<Buffer> {
  const heading = { ...defaultHeading(report, report.asOf), ...options.heading };
  const lateEntries = options.lateEntries ?? [];
  const children: (Paragraph | Table)[] = [
    nationalHeader(heading),
    line('', {}),
    line('BÁO CÁO', { bold: true, align: 'center' }),
    line(reportSubtitle(report), { bold: true, align: 'center' }),
    line(describeRange(report), { italics: true, align: 'center' }),
    line('', {}),
    line(
      `Tổng hợp từ ${n(report.entries)} mục ghi nhận của ${report.unit.name} và các đơn vị trực thuộc` +
        ` tính đến ngày ${formatDateVi(report.asOf)}.`,
      {},
    ),
    line('I. KẾT QUẢ TUYÊN TRUYỀN', { bold: true }),
    totalsTable(report),
    line('', {}),
    line('II. KẾT QUẢ THEO ĐƠN VỊ', { bold: true }),
    unitTable(report),
    line('', {}),
    line('III. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH', { bold: true }),
    report.byTask.length > 0 ? taskTable(report) : line('Chưa có nhiệm vụ được giao trong kỳ.', { italics: true }),
    line('', {}),
    line('IV. CHỈ TIÊU BAO PHỦ', { bold: true }),
    coverageTable(report),
    line('', {}),
    line('V. MỤC NỘP MUỘN', { bold: true }),
    line(
      report.late > 0
        ? `Có ${n(report.late)} mục thuộc kỳ báo cáo được gửi về sau ngày ${formatDateVi(report.period.to)} (đã khóa số liệu kỳ); các mục này đã được tính vào số liệu trên và được đánh dấu là nộp muộn.`
        : 'Không có mục nộp muộn.',
      {},
    ),
  ];
  if (lateEntries.length > 0) children.push(lateTable(lateEntries));
  children.push(line('', {}), signature());

  const document = new Document({
    creator: heading.issuer,
    title: `Báo cáo ${reportSubtitle(report)}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          page: {
            // A4 portrait; margins per Decree 30/2020: top/bottom 2 cm, left 3 cm, right 1.5 cm.
            size: { width: 11906, height: 16838, orientation: PageOrientation.PORTRAIT },
            margin: { top: 1134, bottom: 1134, left: 1701, right: 850 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

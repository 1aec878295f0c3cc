import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { formatDateTimeVi, formatDateVi, formatNumberVi, formatVnd } from '../format';
import type { Report } from '../report';
import {
  DEFAULT_SIGNER,
  DOCUMENT_KIND,
  defaultHeading,
  describeRange,
  issuerLines,
  NATIONAL_MOTTO,
  NATIONAL_TITLE,
  recipientLines,
  type Signer,
  formatShare,
  kindLabel,
  type EvidenceCounts,
  type LateEntry,
  nameInSentence,
  placeAndDate,
  type ReportHeading,
  reportSubtitle,
  shortDate,
  planHeadingText,
  statusBreakdown,
  statusLabel,
  tasksByPlan,
} from '../report-layout';
import type { ContentDelivery } from '../content';
import { type Narrative, NARRATIVE_HEADINGS, narrativeWith, paragraphsOf } from '../report-narrative';
import { targetCell, FIGURE_LINES, figureValue, unitColumnsOf } from '../report-lines';
import { completenessLine, type SignoffSummary } from '../signoff';
import { changedFigures, signoffDecisionCell, signoffStatusCell, supervisorSignoff } from '../signoff-figures';

// Sizes are half-points. Decree 30/2020/NĐ-CP: body 13–14 pt, national title 12–13 pt bold, motto
// 13–14 pt bold, "Nơi nhận" 12 pt bold italic over an 11 pt list. Times New Roman (Liberation
// Serif, its metric twin, where it is missing, so lines break in the same places).
const BODY = 28;
const HEADER = 26;
const NATIONAL = 24;
const TABLE = 24;
const APPENDIX = 20;
const FONT = 'Times New Roman';
const LATE_FILL = 'FCE4D6';

// Page geometry in twips (1 cm = 567). Decree 30: A4, top and bottom 2 cm, left 3 cm, right 1.5 cm.
const A4_SHORT = 11906;
const A4_LONG = 16838;
const PORTRAIT_MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 } as const;
// The appendix is printed landscape, 2 cm all round but 1.5 cm at the foot, so that a district's
// 21 communes and the total fit on one page.
const LANDSCAPE_MARGIN = { top: 1134, bottom: 850, left: 1134, right: 1134 } as const;
/** Text width of a portrait page: 16.5 cm. */
export const PORTRAIT_WIDTH = A4_SHORT - PORTRAIT_MARGIN.left - PORTRAIT_MARGIN.right;
/** Text width of a landscape appendix page: 25.7 cm. */
export const LANDSCAPE_WIDTH = A4_LONG - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;
const CELL_MARGIN = 85;
const FIRST_LINE_INDENT = 567;

// The header's two columns: the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt bold
// is 8.8 cm wide and must stay on one line.
const ISSUER_WIDTH = 3543;
const NATIONAL_WIDTH = PORTRAIT_WIDTH - ISSUER_WIDTH;
// Decree 30 rules: under the motto a solid line as long as the motto (13 pt bold: 5.6 cm); under
// the issuer and under the title a line a third to a half as long as the text above it.
const MOTTO_RULE = 3180;
const ISSUER_RULE = 1250;
const TITLE_RULE = 1700;

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

interface LineStyle extends RunStyle {
  align?: 'center' | 'left' | 'right' | 'both';
  /** Body paragraph: first line indented, 6 pt after, as Decree 30 sets the body text. */
  indent?: boolean;
  before?: number;
  after?: number;
  keepNext?: boolean;
}

const ALIGN = {
  center: AlignmentType.CENTER,
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  both: AlignmentType.JUSTIFIED,
} as const;

function line(text: string, style: LineStyle = {}): Paragraph {
  return new Paragraph({
    alignment: ALIGN[style.align ?? 'both'],
    spacing: { before: style.before ?? 0, after: style.after ?? (style.indent ? 120 : 0) },
    indent: style.indent ? { firstLine: FIRST_LINE_INDENT } : undefined,
    keepNext: style.keepNext,
    children: [new TextRun({ text, font: FONT, bold: style.bold, italics: style.italics, size: style.size ?? BODY })],
  });
}

/** A section heading ("I. KẾT QUẢ TUYÊN TRUYỀN"): kept with the table that follows it. */
function sectionHeading(text: string): Paragraph {
  return line(text, { bold: true, before: 120, after: 60, keepNext: true, indent: false, align: 'left' });
}

/** A solid horizontal rule `length` twips long, centred in a space `within` twips wide. */
function rule(length: number, within: number): Paragraph {
  const side = Math.max(0, Math.round((within - length) / 2));
  return new Paragraph({
    spacing: { before: 0, after: 0, line: 120, lineRule: 'exact' },
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [new TextRun({ text: '', size: 2 })],
  });
}

interface CellStyle extends RunStyle {
  align?: 'center' | 'left' | 'right';
  fill?: string;
  /** Only the first line bold ("Quá hạn" over its breakdown). */
  boldFirst?: boolean;
  /** Keep this row on the page of the next one (the last row with the total row). */
  keepNext?: boolean;
  /** Top and bottom padding in twips. */
  pad?: number;
}

function cell(text: string, width: number, options: CellStyle = {}): TableCell {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    width: { size: width, type: WidthType.DXA },
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: options.pad ?? 30, bottom: options.pad ?? 30 },
    shading: options.fill ? { type: ShadingType.CLEAR, fill: options.fill, color: 'auto' } : undefined,
    children: text.split('\n').map((part, i) =>
      line(part, {
        ...options,
        bold: options.boldFirst ? i === 0 : options.bold,
        align: options.align ?? 'left',
        size: options.size ?? TABLE,
      }),
    ),
  });
}

/** A table row that never breaks across two pages (a row cut in half is unreadable on paper). */
function row(cells: TableCell[], header = false): TableRow {
  return new TableRow({ cantSplit: true, tableHeader: header, children: cells });
}

function headerRow(titles: readonly string[], widths: readonly number[], size = TABLE): TableRow {
  return row(
    titles.map((title, i) => cell(title, widths[i]!, { bold: true, align: 'center', size })),
    true,
  );
}

/** A bordered table with fixed column widths in twips that add up to the text width. */
function grid(widths: readonly number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    rows,
  });
}

const n = formatNumberVi;

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** The national header block: issuer and number on the left, the national title and motto on the right. */
function nationalHeader(heading: ReportHeading): Table {
  // "ỦY BAN NHÂN DÂN" on the first line, the place name under it; both are the issuer's name, bold.
  const [issuerTop = '', issuerBottom] = issuerLines(heading);
  const inner = (width: number) => width - 2 * CELL_MARGIN;
  const left = new TableCell({
    width: { size: ISSUER_WIDTH, type: WidthType.DXA },
    margins: { left: CELL_MARGIN, right: CELL_MARGIN },
    children: [
      line(issuerTop, { align: 'center', bold: true, size: HEADER }),
      ...(issuerBottom ? [line(issuerBottom, { align: 'center', bold: true, size: HEADER })] : []),
      rule(ISSUER_RULE, inner(ISSUER_WIDTH)),
      line(heading.number, { align: 'center', size: HEADER, before: 120 }),
    ],
  });
  const right = new TableCell({
    width: { size: NATIONAL_WIDTH, type: WidthType.DXA },
    margins: { left: CELL_MARGIN, right: CELL_MARGIN },
    children: [
      line(NATIONAL_TITLE, { align: 'center', bold: true, size: NATIONAL }),
      line(NATIONAL_MOTTO, { align: 'center', bold: true, size: HEADER }),
      rule(MOTTO_RULE, inner(NATIONAL_WIDTH)),
      line(placeAndDate(heading), { align: 'center', italics: true, size: BODY, before: 120 }),
    ],
  });
  return new Table({
    width: { size: PORTRAIT_WIDTH, type: WidthType.DXA },
    columnWidths: [ISSUER_WIDTH, NATIONAL_WIDTH],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [left, right] })],
  });
}

const TOTALS_WIDTHS = [700, 5055, 1800, 1800];

function totalsTable(report: Report): Table {
  const rows = FIGURE_LINES.map((figure) => {
    // "— trong đó tự sản xuất" is part of the line above it: no number of its own, in italics.
    const part = figure.part;
    return row([
      cell(figure.ordinal, TOTALS_WIDTHS[0]!, { align: 'center' }),
      cell(figure.label, TOTALS_WIDTHS[1]!, { italics: part }),
      cell(figure.unitLabel, TOTALS_WIDTHS[2]!, { align: 'center', italics: part }),
      cell(n(figureValue(report.totals, figure)), TOTALS_WIDTHS[3]!, { align: 'right', italics: part }),
    ]);
  });
  return grid(TOTALS_WIDTHS, [headerRow(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng'], TOTALS_WIDTHS), ...rows]);
}

/** Widths of the by-unit appendix table: STT, unit, one column per figure, entries, late. */
function unitTableWidths(columns: number): number[] {
  const fixed = [600, 2870];
  const figures = columns + 2;
  const each = Math.floor((LANDSCAPE_WIDTH - fixed[0]! - fixed[1]!) / figures);
  const widths = [...fixed, ...Array.from({ length: figures }, () => each)];
  widths[1]! += LANDSCAPE_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

function unitTable(report: Report, evidence?: EvidenceCounts): Table {
  const columns = unitColumnsOf(report.totals);
  const widths = unitTableWidths(columns.length + (evidence ? 1 : 0));
  const titles = [
    'STT',
    'Đơn vị',
    ...columns.map((c) => `${c.short} (${c.unitLabel})`),
    'Số mục',
    'Nộp muộn',
    ...(evidence ? ['Minh chứng'] : []),
  ];
  const lateWidth = widths[columns.length + 3]!;
  const evidenceCell = (count: number, style: CellStyle) =>
    evidence ? [cell(n(count), widths[widths.length - 1]!, { align: 'right', size, pad, ...style })] : [];
  const size = APPENDIX;
  const pad = 0;
  const figureCells = (values: number[], style: CellStyle) =>
    values.map((value, i) => cell(n(value), widths[i + 2]!, { align: 'right', size, pad, ...style }));
  const rows = report.byUnit.map((unit, i) => {
    // The total row never goes over to a page alone.
    const keepNext = i === report.byUnit.length - 1;
    return row([
      cell(String(i + 1), widths[0]!, { align: 'center', size, pad, keepNext }),
      cell(unit.name, widths[1]!, { size, pad, keepNext }),
      ...figureCells([...columns.map((c) => figureValue(unit.totals, c)), unit.entries], { keepNext }),
      cell(n(unit.late), lateWidth, {
        align: 'right',
        size,
        pad,
        keepNext,
        bold: unit.late > 0,
        fill: unit.late > 0 ? LATE_FILL : undefined,
      }),
      ...evidenceCell(evidence?.byUnit.get(unit.unitId) ?? 0, { keepNext }),
    ]);
  });
  const total = row([
    cell('', widths[0]!, { size, pad }),
    cell('Tổng cộng', widths[1]!, { bold: true, size, pad }),
    ...figureCells([...columns.map((c) => figureValue(report.totals, c)), report.entries, report.late], {
      bold: true,
    }),
    ...evidenceCell(evidence?.total ?? 0, { bold: true }),
  ]);
  return grid(widths, [headerRow(titles, widths, size), ...rows, total]);
}

const TASK_WIDTHS = [567, 3700, 1500, 1300, 900, 1388];

/** "Quá hạn" over how many assignees stand where ("16 đã thực hiện; 5 quá hạn"). */
function taskStatus(task: Report['byTask'][number]): string {
  const breakdown = statusBreakdown(task);
  return breakdown ? `${statusLabel(task.status)}\n(${breakdown})` : statusLabel(task.status);
}

function taskTable(tasks: Report['byTask']): Table {
  const w = TASK_WIDTHS;
  const rows = tasks.map((task) => {
    const late = task.status === 'behind' || task.status === 'overdue';
    return row([
      cell(task.ordinal, w[0]!, { align: 'center' }),
      cell(task.title, w[1]!),
      cell(targetCell(task.target), w[2]!),
      cell(`${n(task.due)} / ${n(task.total)}`, w[3]!, { align: 'center' }),
      cell(n(task.actual), w[4]!, { align: 'right' }),
      cell(taskStatus(task), w[5]!, { boldFirst: late, size: 22 }),
    ]);
  });
  return grid(w, [
    headerRow(['TT', 'Nhiệm vụ', 'Chỉ tiêu', 'Phải đạt đến nay / cả kỳ', 'Kết quả', 'Tình trạng'], w),
    ...rows,
  ]);
}

const BUDGET_WIDTHS = [700, 6670, 2400, 2400, 2400];

/** Each plan's tasks with the budget the plan gives them and what their entries say was spent. */
function budgetTable(report: Report): Table {
  const w = BUDGET_WIDTHS;
  const money = (value: number | null) => (value === null ? '—' : formatVnd(value));
  const rows: TableRow[] = [
    headerRow(['TT', 'Nhiệm vụ', 'Kinh phí theo kế hoạch', 'Kinh phí đã sử dụng trong kỳ', 'Còn lại'], w),
  ];
  for (const { plan, rows: tasks } of tasksByPlan(report.plans, report.byTask)) {
    rows.push(
      row([
        new TableCell({
          columnSpan: w.length,
          width: { size: w.reduce((a, b) => a + b, 0), type: WidthType.DXA },
          margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 30, bottom: 30 },
          children: [line(planHeadingText(plan), { bold: true, align: 'left', size: TABLE })],
        }),
      ]),
    );
    for (const task of tasks) {
      rows.push(
        row([
          cell(task.ordinal, w[0]!, { align: 'center' }),
          cell(task.title, w[1]!),
          cell(money(task.budgetVnd), w[2]!, { align: 'right' }),
          cell(formatVnd(task.spentVnd), w[3]!, { align: 'right' }),
          cell(task.budgetVnd === null ? '—' : formatVnd(task.budgetVnd - task.spentVnd), w[4]!, { align: 'right' }),
        ]),
      );
    }
    const planned = tasks.reduce((sum, t) => sum + (t.budgetVnd ?? 0), 0);
    const spent = tasks.reduce((sum, t) => sum + t.spentVnd, 0);
    rows.push(
      row([
        cell('', w[0]!),
        cell('Cộng', w[1]!, { bold: true }),
        cell(formatVnd(planned), w[2]!, { align: 'right', bold: true }),
        cell(formatVnd(spent), w[3]!, { align: 'right', bold: true }),
        cell(formatVnd(planned - spent), w[4]!, { align: 'right', bold: true }),
      ]),
    );
  }
  return grid(w, rows);
}

const COVERAGE_WIDTHS = [3400, 1300, 1000, 3655];

function coverageTable(report: Report): Table {
  const w = COVERAGE_WIDTHS;
  const rows = report.coverage.map((c) =>
    row([
      cell(c.label, w[0]!),
      cell(`${n(c.covered)}/${n(c.eligible)}`, w[1]!, { align: 'center' }),
      cell(formatShare(c.share), w[2]!, { align: 'right' }),
      cell(c.uncovered.map((u) => u.name).join(', ') || '—', w[3]!),
    ]),
  );
  return grid(w, [headerRow(['Chỉ tiêu', 'Đạt/Tổng số', 'Tỷ lệ', 'Đơn vị chưa đạt'], w), ...rows]);
}

const LATE_WIDTHS = [600, 3000, 1500, 2600, 5070, 1800];

// With evidence counts, "Nội dung" gives the count its column.
const LATE_WIDTHS_WITH_EVIDENCE = [600, 3000, 1500, 2600, 3970, 1800, 1100];

function lateTable(entries: readonly LateEntry[]): Table {
  const withEvidence = entries.some((e) => e.evidence !== undefined);
  const w = withEvidence ? LATE_WIDTHS_WITH_EVIDENCE : LATE_WIDTHS;
  const size = 22;
  const rows = entries.map((e, i) =>
    row([
      cell(String(i + 1), w[0]!, { align: 'center', size }),
      cell(e.unitName, w[1]!, { size }),
      cell(formatDateVi(e.date), w[2]!, { align: 'center', size }),
      cell(kindLabel(e.kind), w[3]!, { size }),
      cell(e.title, w[4]!, { size }),
      cell(formatDateTimeVi(e.receivedAt), w[5]!, { align: 'center', size, fill: LATE_FILL }),
      ...(withEvidence ? [cell(n(e.evidence ?? 0), w[6]!, { align: 'right', size })] : []),
    ]),
  );
  const titles = ['STT', 'Đơn vị', 'Ngày thực hiện', 'Loại hoạt động', 'Nội dung', 'Máy chủ nhận lúc'];
  return grid(w, [headerRow(withEvidence ? [...titles, 'Minh chứng'] : titles, w, size), ...rows]);
}

// Content, unit, downloaded, aired, copies received: the landscape page's 14,570 twips.
const CONTENT_WIDTHS = [600, 4470, 4000, 2000, 1700, 1800];

/** The content upstream sent, one row per unit it was sent to: downloaded when, aired how often. */
function contentTable(items: readonly ContentAnnexItem[]): Table {
  const w = CONTENT_WIDTHS;
  const size = 22;
  let i = 0;
  const rows = items.flatMap((item) =>
    item.deliveries.map((d) =>
      row([
        cell(String(++i), w[0]!, { align: 'center', size }),
        cell(item.due ? `${item.title} (hạn ${formatDateVi(item.due)})` : item.title, w[1]!, { size }),
        cell(d.unitName, w[2]!, { size }),
        cell(d.downloadedAt ? formatDateTimeVi(d.downloadedAt) : 'Chưa tải', w[3]!, {
          align: 'center',
          size,
          ...(d.airings === 0 && d.received === 0 ? { fill: LATE_FILL } : {}),
        }),
        cell(n(d.airings), w[4]!, { align: 'right', size }),
        cell(n(d.received), w[5]!, { align: 'right', size }),
      ]),
    ),
  );
  const titles = ['STT', 'Nội dung được gửi', 'Đơn vị nhận', 'Đã tải về', 'Số lần phát', 'Số bản nhận'];
  return grid(w, [headerRow(titles, w, size), ...rows]);
}

// STT, commune, status, submitted, approved or returned, approved → current: 14,570 twips.
const SIGNOFF_WIDTHS = [600, 2900, 2700, 1700, 3070, 3600];

/**
 * Each commune's report of the period: its status and timeliness, when it came, the approval or
 * return, and for an approved commune whose entries changed since, the approved figure beside the
 * current one for each line that differs.
 */
function signoffTable(signoff: SignoffSummary): Table {
  const w = SIGNOFF_WIDTHS;
  const size = 22;
  const rows = signoff.units.map((unit, i) => {
    const changes =
      unit.changedAfterApproval && unit.approvedTotals ? changedFigures(unit.approvedTotals, unit.currentTotals) : [];
    const missing = unit.timeliness === 'missing' || unit.status === 'returned';
    return row([
      cell(String(i + 1), w[0]!, { align: 'center', size }),
      cell(unit.name, w[1]!, { size }),
      cell(signoffStatusCell(unit, signoff), w[2]!, {
        size,
        bold: unit.changedAfterApproval,
        fill: missing ? LATE_FILL : undefined,
      }),
      cell(unit.firstSubmittedAt ? formatDateTimeVi(unit.firstSubmittedAt) : '—', w[3]!, { align: 'center', size }),
      cell(signoffDecisionCell(unit) || '—', w[4]!, { size }),
      cell(
        changes.map((c) => `${c.line.label} (${c.line.unitLabel}): ${n(c.approved)} → ${n(c.current)}`).join('\n') ||
          '—',
        w[5]!,
        { size, fill: changes.length > 0 ? LATE_FILL : undefined },
      ),
    ]);
  });
  const titles = ['STT', 'Đơn vị', 'Tình trạng', 'Ngày gửi', 'Duyệt / trả lại', 'Số đã duyệt → số hiện tại'];
  return grid(w, [headerRow(titles, w, size), ...rows]);
}

const RECIPIENTS_WIDTH = 4300;

/** The annexes' numbers: units, budgets, late entries, content, the communes' reports. */
const ANNEX = ['I', 'II', 'III', 'IV', 'V'] as const;

/** "Nơi nhận" on the left, the signer's capacity and title on the right, room for signature and seal. */
function signature(recipients: readonly string[], signer: Signer): Table {
  const listed = recipients.map((r, i) =>
    line(`- ${r}${i === recipients.length - 1 ? '.' : ';'}`, {
      size: 22,
      align: 'left',
    }),
  );
  const signerLines = [
    line(signer.capacity, { bold: true, align: 'center' }),
    line(signer.title, { bold: true, align: 'center' }),
    // Room for the signature and the seal.
    ...Array.from({ length: 5 }, () => line('')),
    line(signer.name ?? '', { bold: true, align: 'center' }),
  ];
  return new Table({
    width: { size: PORTRAIT_WIDTH, type: WidthType.DXA },
    columnWidths: [RECIPIENTS_WIDTH, PORTRAIT_WIDTH - RECIPIENTS_WIDTH],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: RECIPIENTS_WIDTH, type: WidthType.DXA },
            children: [
              line('Nơi nhận:', { bold: true, italics: true, size: 24, align: 'left', before: 60 }),
              ...listed,
            ],
          }),
          new TableCell({
            width: { size: PORTRAIT_WIDTH - RECIPIENTS_WIDTH, type: WidthType.DXA },
            children: signerLines,
          }),
        ],
      }),
    ],
  });
}

/** Options for the document: heading overrides, recipients, signer and the late entries to list by name. */
export interface DocxOptions {
  readonly heading?: Partial<ReportHeading>;
  readonly lateEntries?: readonly LateEntry[];
  /** Complete attachments per by-unit row: adds the "Minh chứng" column to Phụ lục I. */
  readonly evidence?: EvidenceCounts;
  /** "Nơi nhận" lines without the dash, e.g. "UBND tỉnh Hà Tĩnh (để báo cáo)"; "Lưu: VT" is added. */
  readonly recipients?: readonly string[];
  readonly signer?: Partial<Signer>;
  /** Content sent down in the period (issue 15): adds an annex of who downloaded and aired each. */
  readonly content?: readonly ContentAnnexItem[];
  /** The officer's words (results, shortfalls, proposals); parts not given are written from the figures. */
  readonly narrative?: Partial<Narrative>;
}

/** A content item for the annex: its title, due date and per-unit deliveries. */
export interface ContentAnnexItem {
  readonly title: string;
  readonly due: string | null | undefined;
  readonly deliveries: readonly ContentDelivery[];
}

function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: HEADER })],
      }),
    ],
  });
}

/** The period report as a Word document in the layout of a Vietnamese administrative report. */
export async function renderReportDocx(report: Report, options: DocxOptions = {}): Promise<Uint8Array> {
  const heading = { ...defaultHeading(report, report.asOf), ...options.heading };
  const lateEntries = options.lateEntries ?? [];
  const signer: Signer = { ...DEFAULT_SIGNER, ...options.signer };
  const recipients = recipientLines(options.recipients);
  const unitInText = nameInSentence(report.unit.name);
  // Phụ lục I: units; then the budgets when the plans give any or money was spent; then the late list.
  const hasBudgetAnnex = report.byTask.some((task) => task.budgetVnd !== null || task.spentVnd > 0);
  const lateAnnex = ANNEX[hasBudgetAnnex ? 2 : 1];
  const issuerInText = options.heading?.issuer ?? `Ủy ban nhân dân ${unitInText}`;
  const narrative = narrativeWith(report, options.narrative);
  const paragraphs = (text: string) => paragraphsOf(text).map((p) => line(p, { indent: true }));
  const content = (options.content ?? []).filter((item) => item.deliveries.length > 0);
  // The communes' reports of the period, the last annex: a supervisor unit's report only.
  const signoff = supervisorSignoff(report);
  const signoffAnnex =
    ANNEX[1 + (hasBudgetAnnex ? 1 : 0) + (lateEntries.length > 0 ? 1 : 0) + (content.length > 0 ? 1 : 0)];
  const body: (Paragraph | Table)[] = [
    nationalHeader(heading),
    line(DOCUMENT_KIND, { bold: true, align: 'center', before: 360 }),
    line(reportSubtitle(report), { bold: true, align: 'center' }),
    rule(TITLE_RULE, PORTRAIT_WIDTH),
    line(describeRange(report), { italics: true, align: 'center', before: 60, after: 240 }),
    line(
      `Tổng hợp từ ${n(report.entries)} mục ghi nhận của ${unitInText} và các đơn vị trực thuộc tính đến ngày` +
        ` ${formatDateVi(report.asOf)}, ${issuerInText} báo cáo kết quả như sau:`,
      { indent: true },
    ),
    sectionHeading('I. KẾT QUẢ TUYÊN TRUYỀN'),
    line(`1. ${NARRATIVE_HEADINGS.results}`, { bold: true, before: 60, after: 60, keepNext: true }),
    ...paragraphs(narrative.results),
    line('2. Số liệu cụ thể', { bold: true, before: 60, after: 60, keepNext: true }),
    totalsTable(report),
    line(`Kết quả của từng đơn vị tại Phụ lục I kèm theo Báo cáo này.`, { indent: true, before: 120 }),
    ...(signoff
      ? [
          line(
            `Tình hình gửi báo cáo kỳ của các xã: ${completenessLine(signoff)} Chi tiết từng xã tại Phụ lục ${signoffAnnex} kèm theo Báo cáo này.`,
            { indent: true },
          ),
        ]
      : []),
    sectionHeading('II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH'),
    // Each plan's tasks under its own heading, numbered as the plan numbers them.
    ...(report.byTask.length > 0
      ? tasksByPlan(report.plans, report.byTask).flatMap(({ plan, rows }, i) => [
          line(`${i + 1}. ${planHeadingText(plan)}`, { bold: true, before: 120, after: 60, keepNext: true }),
          taskTable(rows),
        ])
      : [line('Chưa có nhiệm vụ được giao trong kỳ.', { italics: true, indent: true })]),
    ...(hasBudgetAnnex
      ? [
          line('Kinh phí theo kế hoạch và kinh phí đã sử dụng của từng nhiệm vụ tại Phụ lục II kèm theo Báo cáo này.', {
            indent: true,
            before: 120,
          }),
        ]
      : []),
    sectionHeading('III. CHỈ TIÊU BAO PHỦ'),
    coverageTable(report),
    sectionHeading('IV. MỤC NỘP MUỘN'),
    line(
      report.late > 0
        ? `Có ${n(report.late)} mục thuộc kỳ báo cáo được gửi về sau ngày ${formatDateVi(report.period.to)} (đã khóa số liệu kỳ); các mục này đã được tính vào số liệu trên và được đánh dấu là nộp muộn${lateEntries.length > 0 ? ` (danh sách tại Phụ lục ${lateAnnex} kèm theo)` : ''}.`
        : 'Không có mục nộp muộn.',
      { indent: true },
    ),
    sectionHeading(`V. ${NARRATIVE_HEADINGS.shortfalls.toLocaleUpperCase('vi')}`),
    ...paragraphs(narrative.shortfalls),
    sectionHeading(`VI. ${NARRATIVE_HEADINGS.proposals.toLocaleUpperCase('vi')}`),
    ...paragraphs(narrative.proposals),
    // Decree 30 closes the body with "./." so nothing can be appended after it.
    line(`Trên đây là báo cáo ${lowerFirst(reportSubtitle(report))} của ${issuerInText}./.`, {
      indent: true,
      after: 240,
      // The signature never stands on a page of its own.
      keepNext: true,
    }),
    signature(recipients, signer),
  ];

  // The by-unit table has a column per figure: printed on landscape pages after the signed body,
  // as Vietnamese reports attach their wide tables ("Phụ lục … kèm theo Báo cáo số …").
  const reference = `(Kèm theo Báo cáo ${heading.number.replace(/^Số:/u, 'số')} ngày ${shortDate(heading.date)} của ${issuerInText})`;
  const appendix: (Paragraph | Table)[] = [
    line('Phụ lục I', { bold: true, align: 'center' }),
    line(`KẾT QUẢ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH THEO ĐƠN VỊ, ${report.period.label.toLocaleUpperCase('vi')}`, {
      bold: true,
      align: 'center',
    }),
    line(reference, { italics: true, align: 'center', after: 120 }),
    unitTable(report, options.evidence),
  ];
  if (hasBudgetAnnex) {
    appendix.push(
      line('Phụ lục II', { bold: true, align: 'center', before: 360, keepNext: true }),
      line(`KINH PHÍ THỰC HIỆN NHIỆM VỤ, ${report.period.label.toLocaleUpperCase('vi')}`, {
        bold: true,
        align: 'center',
        keepNext: true,
      }),
      line(reference, { italics: true, align: 'center', after: 120, keepNext: true }),
      budgetTable(report),
    );
  }
  if (lateEntries.length > 0) {
    appendix.push(
      line(`Phụ lục ${lateAnnex}`, { bold: true, align: 'center', before: 360, keepNext: true }),
      line('DANH SÁCH MỤC NỘP MUỘN', { bold: true, align: 'center', keepNext: true }),
      line(reference, { italics: true, align: 'center', after: 120, keepNext: true }),
      lateTable(lateEntries),
    );
  }
  if (content.length > 0) {
    const contentAnnex = ANNEX[1 + (hasBudgetAnnex ? 1 : 0) + (lateEntries.length > 0 ? 1 : 0)];
    appendix.push(
      line(`Phụ lục ${contentAnnex}`, { bold: true, align: 'center', before: 360, keepNext: true }),
      line('NỘI DUNG ĐƯỢC GỬI XUỐNG: ĐƠN VỊ ĐÃ TẢI VỀ, SỐ LẦN PHÁT', { bold: true, align: 'center', keepNext: true }),
      line(reference, { italics: true, align: 'center', after: 120, keepNext: true }),
      contentTable(content),
    );
  }
  if (signoff) {
    appendix.push(
      line(`Phụ lục ${signoffAnnex}`, { bold: true, align: 'center', before: 360, keepNext: true }),
      line(`TÌNH HÌNH GỬI BÁO CÁO ${report.period.label.toLocaleUpperCase('vi')} CỦA CÁC XÃ`, {
        bold: true,
        align: 'center',
        keepNext: true,
      }),
      line(reference, { italics: true, align: 'center', keepNext: true }),
      line(completenessLine(signoff), {
        italics: true,
        align: 'center',
        after: 120,
        keepNext: true,
      }),
      signoffTable(signoff),
    );
  }

  const document = new Document({
    creator: heading.issuer,
    title: `Báo cáo ${reportSubtitle(report)}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          // Page numbers centred at the top from the second page on, as Decree 30 numbers pages.
          titlePage: true,
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.PORTRAIT },
            margin: PORTRAIT_MARGIN,
          },
        },
        headers: { default: pageNumberHeader(), first: new Header({ children: [] }) },
        children: body,
      },
      {
        properties: {
          page: {
            size: { width: A4_SHORT, height: A4_LONG, orientation: PageOrientation.LANDSCAPE },
            margin: LANDSCAPE_MARGIN,
          },
        },
        headers: { default: pageNumberHeader() },
        children: appendix,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}

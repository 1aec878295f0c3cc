import type { Report } from '../../shared/report';
import {
  describeRange,
  type EvidenceCounts,
  planHeadingText,
  reportSubtitle,
  statusLabel,
} from '../../shared/report-layout';
import { targetCell, FIGURE_LINES, figureValue, UNIT_COLUMNS } from '../../shared/report-lines';

/** Excel opens a UTF-8 file as the local code page unless it starts with a byte-order mark. */
export const BOM = '\uFEFF';

function field(value: string | number): string {
  const text = String(value);
  // Quote per RFC 4180; a leading = + - @ (or a tab or carriage return before one) is neutralised
  // so a spreadsheet never runs a title as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line of fields, quoted per RFC 4180, formulas neutralised. */
export function csvLine(values: readonly (string | number)[]): string {
  return values.map(field).join(',');
}

/**
 * The period report as one CSV table a spreadsheet opens directly: a row per unit with every
 * figure, the total row, then the task rows. UTF-8 with BOM; plain numbers (no grouping) so
 * that the spreadsheet can sum them.
 */
export function renderReportCsv(report: Report, options: { evidence?: EvidenceCounts } = {}): Buffer {
  const evidence = options.evidence;
  const lines: string[] = [];
  // One title cell: ISO dates in cells of their own were turned into month-first dates by an
  // English-locale spreadsheet (06/15/24).
  lines.push(csvLine([`Báo cáo ${reportSubtitle(report)}. ${report.unit.name}. ${describeRange(report)}`]));
  lines.push(
    csvLine([
      'Đơn vị',
      ...UNIT_COLUMNS.map((c) => `${c.short} (${c.unitLabel})`),
      'Số mục',
      'Nộp muộn',
      'Mục chưa gửi',
      ...(evidence ? ['Minh chứng'] : []),
    ]),
  );
  for (const row of report.byUnit) {
    lines.push(
      csvLine([
        row.name,
        ...UNIT_COLUMNS.map((c) => figureValue(row.totals, c)),
        row.entries,
        row.late,
        row.pending,
        ...(evidence ? [evidence.byUnit.get(row.unitId) ?? 0] : []),
      ]),
    );
  }
  lines.push(
    csvLine([
      'Tổng cộng',
      ...UNIT_COLUMNS.map((c) => figureValue(report.totals, c)),
      report.entries,
      report.late,
      '',
      ...(evidence ? [evidence.total] : []),
    ]),
  );
  lines.push('');
  lines.push(csvLine(['Nội dung', 'Số lượng']));
  for (const line of FIGURE_LINES)
    lines.push(csvLine([`${line.label} (${line.unitLabel})`, figureValue(report.totals, line)]));
  lines.push('');
  lines.push(
    csvLine([
      'Kế hoạch',
      'TT',
      'Nhiệm vụ',
      'Chỉ tiêu',
      'Phải đạt đến nay',
      'Phải đạt cả kỳ',
      'Kết quả',
      'Tình trạng',
      'Kinh phí theo kế hoạch (đ)',
      'Kinh phí đã sử dụng trong kỳ (đ)',
    ]),
  );
  const planName = new Map(report.plans.map((plan) => [plan.id, planHeadingText(plan)] as const));
  for (const task of report.byTask) {
    lines.push(
      csvLine([
        planName.get(task.planId) ?? '',
        task.ordinal,
        task.title,
        targetCell(task.target),
        task.due,
        task.total,
        task.actual,
        statusLabel(task.status),
        task.budgetVnd ?? '',
        task.spentVnd,
      ]),
    );
  }
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

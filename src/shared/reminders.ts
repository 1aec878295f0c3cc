import { formatDateVi, vietnamDateOf } from './format';
import {
  addDays,
  daysInRange,
  formatPeriodCode,
  type Period,
  type PeriodBasis,
  type PeriodType,
  periodContaining,
  parsePeriodCode,
  periodLabel,
  periodRange,
  REPORT_DUE_AFTER_DAYS,
  reportDueDate,
  reportsClosingWith,
} from './period';
import type { Plan, Target } from './plan';
import { activeRangeOf } from './progress';
import { computeReport, type Fact, type Report } from './report';
import { countText } from './report-narrative';
import { describeTarget } from './target';
import type { Unit } from './unit';

/**
 * What a phone reminds its officer of, from two sources: the reporting schedule (a quarter's
 * cutoff coming, its report due) and the plan's cadences (a task's "04 lần/tháng" not met with a
 * few days left in its month, quarter, year or window). The rules are here; the app decides when
 * to run them and how to show them (at most once a day, and never when turned off).
 */

/** How many days before a cutoff (the cutoff day counted) a reminder starts: from the 10th for the 14th. */
export const REMIND_DAYS_BEFORE = 5;

/** A reminder: a title and its lines. */
export interface Reminder {
  readonly title: string;
  readonly lines: readonly string[];
}

/** What the rules read: the unit, the units and plans the phone holds, its facts, the day and the basis. */
export interface ReminderInput {
  readonly unitId: string;
  readonly units: readonly Unit[];
  readonly plans: readonly Plan[];
  /** Facts of the unit's subtree from the start of the year (or of a task's earlier window) on. */
  readonly facts: readonly Fact[];
  /** The Vietnam date. */
  readonly today: string;
  readonly basis?: PeriodBasis;
  /**
   * Reports already computed over the same facts, by period: a phone planning the coming days asks
   * each month's, quarter's and year's once (a task's count and target in a period do not depend on
   * the day it is looked at from).
   */
  readonly reports?: Map<string, Report>;
  /** Where the unit's own period reports stand on the phone (its submissions). */
  readonly submissions?: SubmittedReports;
}

/**
 * The unit's period reports as the phone knows them: the periods it submitted (waiting to go,
 * awaiting approval or approved), which need no reminder that they are due, and those its
 * supervisor returned, which remind until sent again.
 */
export interface SubmittedReports {
  /** Period codes ("2026-Q3") of the basis reminded on. */
  readonly submitted: ReadonlySet<string>;
  readonly returned: readonly ReturnedReport[];
}

/** A period report the supervisor returned, with what to fix. */
export interface ReturnedReport {
  readonly period: string;
  readonly decidedAt: string | null;
  readonly comment: string | null;
}

/** The title of a day's reminder. */
export const REMINDER_TITLE = 'Nhắc việc tuyên truyền CCHC';

/** "Quý III/2026 và 9 tháng năm 2026". */
function reportsLabel(quarter: Period): string {
  return reportsClosingWith(quarter)
    .map((p) => periodLabel(p))
    .join(' và ');
}

/**
 * The schedule's reminders: a cutoff within the next days, or a report due now; none for a period
 * whose report the unit has already submitted (`submitted`: period codes).
 */
export function scheduleLines(
  today: string,
  basis: PeriodBasis = 'decree09',
  submitted: ReadonlySet<string> = new Set(),
): string[] {
  const lines: string[] = [];
  const closed = periodContaining(addDays(today, -REPORT_DUE_AFTER_DAYS - 1), 'quarter', basis);
  const closedOn = periodRange(closed, basis).to;
  const due = reportDueDate(closed, basis);
  if (closedOn < today && today <= due && !submitted.has(formatPeriodCode(closed))) {
    lines.push(
      `Đã chốt số liệu ${reportsLabel(closed)} (ngày ${formatDateVi(closedOn)}): hạn gửi báo cáo ngày ${formatDateVi(due)}.`,
    );
  }
  const running = periodContaining(today, 'quarter', basis);
  const closes = periodRange(running, basis).to;
  if (daysInRange({ from: today, to: closes }) <= REMIND_DAYS_BEFORE && !submitted.has(formatPeriodCode(running))) {
    lines.push(
      `${reportsLabel(running)} chốt số liệu ngày ${formatDateVi(closes)}, hạn gửi báo cáo ngày ${formatDateVi(reportDueDate(running, basis))}.`,
    );
  }
  return lines;
}

/** The cell of a target's cadence a reminder judges it on. */
const CELL_OF: Readonly<Record<Exclude<Target['per'], 'window'>, PeriodType>> = {
  week: 'month',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/**
 * The cadences' reminders: each task of the unit whose count in its cell (month, quarter, year, or
 * its window) is short of the cell's target, with at most `REMIND_DAYS_BEFORE` days left in it.
 */
export function cadenceLines(input: ReminderInput): string[] {
  const basis = input.basis ?? 'decree09';
  const { today } = input;
  const reports = input.reports ?? new Map<string, Report>();
  const reportOf = (type: PeriodType) => {
    const period = periodContaining(today, type, basis);
    const key = `${formatPeriodCode(period)}|${basis}`;
    let report = reports.get(key);
    if (!report) {
      report = computeReport({
        unitId: input.unitId,
        units: input.units,
        facts: input.facts,
        plans: input.plans,
        period,
        basis,
        asOf: today,
      });
      reports.set(key, report);
    }
    return report;
  };
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const plan of input.plans) {
    for (const task of plan.tasks) {
      if (seen.has(task.id)) continue;
      seen.add(task.id);
      const per = task.target?.per ?? 'window';
      // A window (or a task without a target, asked once over its time) ends with its window.
      const type: PeriodType = per === 'window' ? 'quarter' : CELL_OF[per];
      const report = reportOf(type);
      const row = report.byTask.find((r) => r.taskId === task.id);
      if (!row || row.total <= row.actual) continue;
      const ends = per === 'window' ? activeRangeOf(task, plan.year, basis).to : report.period.to;
      if (ends < today || daysInRange({ from: today, to: ends }) > REMIND_DAYS_BEFORE) continue;
      const target = task.target ? ` (chỉ tiêu ${describeTarget(task.target).toLocaleLowerCase('vi')})` : '';
      lines.push(
        `Nhiệm vụ "${task.title}"${target}: đã làm ${countText(row.actual)}/${countText(row.total)}, còn thiếu ${countText(row.total - row.actual)} lần, hạn ngày ${formatDateVi(ends)}.`,
      );
    }
  }
  return lines;
}

/** "Báo cáo kỳ bị trả lại: Quý III/2026 (ngày 18/09/2026), ý kiến: …": until the unit sends it again. */
export function returnedLines(returned: readonly ReturnedReport[]): string[] {
  return returned.map((r) => {
    const period = parsePeriodCode(r.period);
    const label = period ? periodLabel(period) : r.period;
    const on = r.decidedAt ? ` (ngày ${formatDateVi(vietnamDateOf(r.decidedAt))})` : '';
    const comment = r.comment ? `, ý kiến: "${r.comment}"` : '';
    return `Báo cáo kỳ bị trả lại: ${label}${on}${comment}. Hãy sửa rồi gửi lại báo cáo kỳ.`;
  });
}

/** The day's reminder, or null when there is nothing to remind of. */
export function reminderOn(input: ReminderInput): Reminder | null {
  const lines = [
    ...returnedLines(input.submissions?.returned ?? []),
    ...scheduleLines(input.today, input.basis, input.submissions?.submitted),
    ...cadenceLines(input),
  ];
  return lines.length > 0 ? { title: REMINDER_TITLE, lines } : null;
}

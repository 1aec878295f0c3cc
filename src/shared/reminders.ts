import { formatDateVi, vietnamDateOf } from './format';
import {
  type DueDatePlan,
  daysInRange,
  formatPeriodCode,
  type Period,
  type PeriodBasis,
  PERIOD_TYPES,
  type PeriodType,
  periodBefore,
  periodContaining,
  parsePeriodCode,
  periodLabel,
  periodRange,
  plannedReportTypes,
  reportsClosingWith,
  unitReportDueDate,
} from './period';
import type { Plan, Target } from './plan';
import { activeRangeOf } from './progress';
import { computeReport, type Fact, type Report } from './report';
import { countText } from './report-narrative';
import { describeTarget } from './target';
import type { Unit, UnitKind } from './unit';

/**
 * What a phone reminds its officer of: the reporting schedule (a cutoff coming, a report due, on
 * Decree 09's periods and those the plans ask for, due when the plans say), the plans' dated
 * deadlines, and the plan's cadences (a task's "04 lần/tháng" not met with a few days left in its
 * month, quarter, year or window). The rules are here; the app decides when to run them and how to
 * show them (at most once a day, and never when turned off).
 */

/** How many days before a cutoff, a due date or a deadline (that day counted) a reminder starts: from the 10th for the 14th. */
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

/** "Tháng 9/2026, Quý III/2026 và 9 tháng năm 2026". */
function labelsOf(periods: readonly Period[]): string {
  const labels = periods.map((p) => periodLabel(p));
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} và ${labels.at(-1)}`;
}

/**
 * True when a unit reports a period: Decree 09's (a quarter and the reports its cutoff closes), or
 * one of a kind a plan of its year asks for. A plan's "6 tháng" is the first half, as Decree 09's:
 * the year's report covers the second.
 */
function isAskedFor(period: Period, basis: PeriodBasis, plans: readonly DueDatePlan[]): boolean {
  const quarter = periodContaining(periodRange(period, basis).to, 'quarter', basis);
  if (reportsClosingWith(quarter).some((p) => formatPeriodCode(p) === formatPeriodCode(period))) return true;
  if (period.type === 'half' && period.index === 2) return false;
  return plannedReportTypes(plans, period.year).includes(period.type);
}

/**
 * The schedule's reminders: a cutoff within the next `REMIND_DAYS_BEFORE` days, or a closed period's
 * report due within them, for Decree 09's periods and those the plans ask for ("báo cáo hằng tháng
 * trước ngày 5"), each due on the date its plans set (`unitReportDueDate`); periods closing on the
 * same day and due on the same day share a line. None for a period whose report the unit submitted
 * (`submitted`: period codes); a quarter's submission answers for the 6, 9 months or year closing with it.
 */
export function scheduleLines(
  today: string,
  basis: PeriodBasis,
  submitted: ReadonlySet<string>,
  plans: readonly DueDatePlan[],
): string[] {
  const groups = new Map<string, { closed: boolean; cutoff: string; due: string; periods: Period[] }>();
  const isSubmitted = (period: Period, cutoff: string) =>
    submitted.has(formatPeriodCode(period)) ||
    (period.type !== 'month' && submitted.has(formatPeriodCode(periodContaining(cutoff, 'quarter', basis))));
  for (const type of PERIOD_TYPES) {
    const running = periodContaining(today, type, basis);
    for (const period of [periodBefore(running), running]) {
      if (!isAskedFor(period, basis, plans)) continue;
      const cutoff = periodRange(period, basis).to;
      const due = unitReportDueDate(period, basis, plans);
      const closed = cutoff < today;
      const until = closed ? due : cutoff;
      if (until < today || daysInRange({ from: today, to: until }) > REMIND_DAYS_BEFORE) continue;
      if (isSubmitted(period, cutoff)) continue;
      const key = `${closed ? 0 : 1}|${cutoff}|${due}`;
      const group = groups.get(key) ?? { closed, cutoff, due, periods: [] };
      groups.set(key, group);
      if (!group.periods.some((p) => formatPeriodCode(p) === formatPeriodCode(period))) group.periods.push(period);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { closed, cutoff, due, periods }]) =>
      closed
        ? `Đã chốt số liệu ${labelsOf(periods)} (ngày ${formatDateVi(cutoff)}): hạn gửi báo cáo ngày ${formatDateVi(due)}.`
        : `${labelsOf(periods)} chốt số liệu ngày ${formatDateVi(cutoff)}, hạn gửi báo cáo ngày ${formatDateVi(due)}.`,
    );
}

/** How much of a deadline's sentence a reminder quotes. */
const DEADLINE_QUOTE_LENGTH = 300;

/** Words naming the commune level in a deadline's sentence ("UBND các xã", "cấp cơ sở"), not "xã hội". */
const COMMUNE_LEVEL = /(?<![\p{L}])(?:xã(?! hội)|phường|thị trấn|đặc khu|cơ sở(?! dữ liệu))(?![\p{L}])/u;
/** Words naming a level above it ("UBND huyện", "Sở Nội vụ", "các sở, ban, ngành"), not "cơ sở". */
const HIGHER_LEVEL = /(?<![\p{L}])(?:huyện|quận|thị xã|tỉnh|(?<!cơ )sở|ban, ngành|các phòng)(?![\p{L}])/u;

/**
 * Whether a deadline's sentence asks something of a unit of this kind. A commune (and the station,
 * post-office point and agencies it keeps) is not reminded of a deadline whose sentence names only
 * higher levels ("Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 15/12"); one naming the communes,
 * or no level at all ("các cơ quan, đơn vị, địa phương"), is theirs. Districts and provinces get every one.
 */
export function deadlineConcerns(text: string, kind: UnitKind | undefined): boolean {
  if (kind === undefined || kind === 'province' || kind === 'district') return true;
  const words = text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/thị xã/gu, 'thịxã');
  return COMMUNE_LEVEL.test(words) || !HIGHER_LEVEL.test(words.replace(/thịxã/gu, 'thị xã'));
}

/**
 * The plans' dated deadlines ("xây dựng kế hoạch … trước ngày 31/01/2021", due 30/01/2021) falling
 * within the next `REMIND_DAYS_BEFORE` days, the due day counted, earliest first; one line for the
 * same deadline in several plans. With the unit's kind, only those its sentence asks of such a unit
 * (`deadlineConcerns`).
 */
export function deadlineLines(today: string, plans: readonly Plan[], kind?: UnitKind): string[] {
  const found = new Map<string, { due: string; text: string; plan: Plan }>();
  for (const plan of plans)
    for (const deadline of plan.schedule?.deadlines ?? []) {
      if (deadline.due < today || daysInRange({ from: today, to: deadline.due }) > REMIND_DAYS_BEFORE) continue;
      if (!deadlineConcerns(deadline.text, kind)) continue;
      const key = `${deadline.due}|${deadline.text}`;
      if (!found.has(key)) found.set(key, { due: deadline.due, text: deadline.text, plan });
    }
  return [...found.values()]
    .sort((a, b) => a.due.localeCompare(b.due))
    .map(({ due, text, plan }) => {
      const quote =
        text.length > DEADLINE_QUOTE_LENGTH ? `${text.slice(0, DEADLINE_QUOTE_LENGTH - 1).trimEnd()}…` : text;
      const source = plan.number ? `Kế hoạch số ${plan.number}` : `kế hoạch "${plan.title}"`;
      return `Hạn ngày ${formatDateVi(due)} theo ${source}: "${quote}"`;
    });
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
    ...scheduleLines(input.today, input.basis ?? 'decree09', input.submissions?.submitted ?? new Set(), input.plans),
    ...deadlineLines(input.today, input.plans, input.units.find((u) => u.id === input.unitId)?.kind),
    ...cadenceLines(input),
  ];
  return lines.length > 0 ? { title: REMINDER_TITLE, lines } : null;
}

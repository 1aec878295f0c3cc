import * as z from 'zod/mini';
import type { Plan } from './plan';
import type { Text } from './text';

/**
 * Reporting periods. Decree 09/2019/NĐ-CP, as provinces apply it, closes figures on the 14th:
 * a month runs from the 15th of the previous month to the 14th, a quarter from the 15th of the
 * month before it to the 14th of its last month, 6 months from 15 December of the previous year
 * to 14 June, 9 months to 14 September, the year to 14 December. Calendar periods stay available.
 */
export const PERIOD_BASES = ['decree09', 'calendar'] as const;
export const periodBasisSchema = z.enum(PERIOD_BASES);
export type PeriodBasis = z.infer<typeof periodBasisSchema>;

/** Decree 09 months start on this day of the previous calendar month; so does the second half of every month. */
export const DECREE09_MONTH_START_DAY = 15;

/** The kinds of period a report covers, shortest first. */
export const PERIOD_TYPES = ['month', 'quarter', 'half', 'nine_months', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** Names of the kinds of period, for pickers. */
export const PERIOD_TYPE_LABELS: Readonly<Record<PeriodType, Text>> = {
  month: { vi: 'Tháng', en: 'Month' },
  quarter: { vi: 'Quý', en: 'Quarter' },
  half: { vi: '6 tháng', en: '6 months' },
  nine_months: { vi: '9 tháng', en: '9 months' },
  year: { vi: 'Năm', en: 'Year' },
};

/** Names of the bases, for pickers. */
export const PERIOD_BASIS_LABELS: Readonly<Record<PeriodBasis, Text>> = {
  decree09: { vi: 'Theo NĐ 09 (chốt ngày 14)', en: 'Decree 09 (closes on the 14th)' },
  calendar: { vi: 'Theo lịch', en: 'Calendar' },
};

/** A period named by its code: `2021-M07`, `2021-Q3`, `2021-H1`, `2021-H2`, `2021-9M`, `2021`. */
export interface Period {
  readonly type: PeriodType;
  readonly year: number;
  /** Month 1–12, quarter 1–4, half 1–2; 0 for nine months and year. */
  readonly index: number;
}

/** A window of local dates `YYYY-MM-DD`, both ends inclusive. */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

const CODE_PATTERN = /^(\d{4})(?:-(M(0[1-9]|1[0-2])|Q([1-4])|H([12])|(9M)))?$/;

/** Parses a period code; null when it is not one. */
export function parsePeriodCode(code: string): Period | null {
  const match = CODE_PATTERN.exec(code.trim());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1900 || year > 2999) return null;
  if (match[3]) return { type: 'month', year, index: Number(match[3]) };
  if (match[4]) return { type: 'quarter', year, index: Number(match[4]) };
  if (match[5]) return { type: 'half', year, index: Number(match[5]) };
  if (match[6]) return { type: 'nine_months', year, index: 0 };
  return { type: 'year', year, index: 0 };
}

/** The code of a period, the inverse of `parsePeriodCode`. */
export function formatPeriodCode(period: Period): string {
  switch (period.type) {
    case 'month':
      return `${period.year}-M${String(period.index).padStart(2, '0')}`;
    case 'quarter':
      return `${period.year}-Q${period.index}`;
    case 'half':
      return `${period.year}-H${period.index}`;
    case 'nine_months':
      return `${period.year}-9M`;
    case 'year':
      return `${period.year}`;
  }
}

/** A zod schema for a period code string. */
export const periodCodeSchema = z.string().check(
  z.refine((code) => parsePeriodCode(code) !== null, {
    message: 'Mã kỳ báo cáo không hợp lệ (ví dụ: 2021-Q3, 2021-M07, 2021-H1, 2021-9M, 2021).',
  }),
);

/** First and last month (1–12) a period covers, before the basis shifts it. */
function monthSpan(period: Period): [number, number] {
  switch (period.type) {
    case 'month':
      return [period.index, period.index];
    case 'quarter':
      return [period.index * 3 - 2, period.index * 3];
    case 'half':
      return period.index === 1 ? [1, 6] : [7, 12];
    case 'nine_months':
      return [1, 9];
    case 'year':
      return [1, 12];
  }
}

/** The dates a period covers on a basis. */
export function periodRange(period: Period, basis: PeriodBasis = 'decree09'): DateRange {
  const [firstMonth, lastMonth] = monthSpan(period);
  if (basis === 'calendar') {
    return {
      from: isoDate(period.year, firstMonth, 1),
      to: isoDate(period.year, lastMonth, daysInMonth(period.year, lastMonth)),
    };
  }
  const start = firstMonth === 1 ? { y: period.year - 1, m: 12 } : { y: period.year, m: firstMonth - 1 };
  return {
    from: isoDate(start.y, start.m, DECREE09_MONTH_START_DAY),
    to: isoDate(period.year, lastMonth, DECREE09_MONTH_START_DAY - 1),
  };
}

/** Roman numerals of a quarter's number, as reports write them ("Quý III"); also the annexes' numbers. */
export const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** The label officers write: "Quý III/2021", "6 tháng đầu năm 2021", "Năm 2021", "Tháng 7/2021". */
export function periodLabel(period: Period, language: 'vi' | 'en' = 'vi'): string {
  if (language === 'en') {
    switch (period.type) {
      case 'month':
        return `${MONTHS_EN[period.index - 1]} ${period.year}`;
      case 'quarter':
        return `Q${period.index} ${period.year}`;
      case 'half':
        return `${period.index === 1 ? 'First' : 'Second'} half of ${period.year}`;
      case 'nine_months':
        return `First nine months of ${period.year}`;
      case 'year':
        return `Year ${period.year}`;
    }
  }
  switch (period.type) {
    case 'month':
      return `Tháng ${period.index}/${period.year}`;
    case 'quarter':
      return `Quý ${ROMAN[period.index - 1]}/${period.year}`;
    case 'half':
      return `6 tháng ${period.index === 1 ? 'đầu' : 'cuối'} năm ${period.year}`;
    case 'nine_months':
      return `9 tháng năm ${period.year}`;
    case 'year':
      return `Năm ${period.year}`;
  }
}

/**
 * The period of a type that contains a date on a basis. Nine months is the one period that does
 * not tile the year: a date after it (from 15/09 on decree 09) gets its year's nine months.
 */
export function periodContaining(date: string, type: PeriodType, basis: PeriodBasis = 'decree09'): Period {
  let year = Number(date.slice(0, 4));
  let month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (basis === 'decree09' && day >= DECREE09_MONTH_START_DAY) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  switch (type) {
    case 'month':
      return { type, year, index: month };
    case 'quarter':
      return { type, year, index: Math.ceil(month / 3) };
    case 'half':
      return { type, year, index: month <= 6 ? 1 : 2 };
    case 'nine_months':
    case 'year':
      return { type, year, index: 0 };
  }
}

/** The months of a basis that overlap a date range, in order. */
export function monthsOverlapping(range: DateRange, basis: PeriodBasis = 'decree09'): Period[] {
  const months: Period[] = [];
  let current = periodContaining(range.from, 'month', basis);
  for (let guard = 0; guard < 1200; guard++) {
    const span = periodRange(current, basis);
    if (span.from > range.to) break;
    months.push(current);
    current =
      current.index === 12
        ? { type: 'month', year: current.year + 1, index: 1 }
        : { type: 'month', year: current.year, index: current.index + 1 };
  }
  return months;
}

/**
 * The first day of the half-month (1st–14th, or 15th to the month's end) holding a date. Every
 * period of both bases starts on such a day and ends the day before one, so sums per half-month
 * answer any period exactly.
 */
export function halfMonthOf(date: string): string {
  return `${date.slice(0, 8)}${Number(date.slice(8, 10)) >= DECREE09_MONTH_START_DAY ? DECREE09_MONTH_START_DAY : '01'}`;
}

/** The last day of the half-month starting on `start`. */
export function halfMonthEndOf(start: string): string {
  return start.endsWith('-01')
    ? addDays(start, DECREE09_MONTH_START_DAY - 2)
    : addDays(`${addDays(start, 20).slice(0, 8)}01`, -1);
}

/** True when a date is the last day of its half-month (a 14th or a month's last day). */
export function endsHalfMonth(date: string): boolean {
  const next = addDays(date, 1);
  return halfMonthOf(next) === next;
}

/**
 * The reporting month of a date as one number, year × 12 + month: under Decree 09 a day from the
 * 15th on belongs to the next month.
 */
export function reportingMonthNumber(date: string, basis: PeriodBasis): number {
  const period = periodContaining(date, 'month', basis);
  return period.year * 12 + period.index;
}

/** The 1st of a month given as year × 12 + month: a day of that reporting month on both bases. */
export function firstDayOfMonthNumber(number: number): string {
  const year = Math.floor((number - 1) / 12);
  return isoDate(year, number - year * 12, 1);
}

/**
 * Days between a period's last day (its cutoff) and the last day its report is on time upstream.
 * Decree 09 fixes the cutoff (the 14th) and leaves the due day to the body that asks for the report;
 * provinces ask communes for it "trước 16/9" for Quý III, so the 15th is the last day on time.
 */
export const REPORT_DUE_AFTER_DAYS = 1;

/**
 * The national rule for the last day a report of a period is on time: the day after the period's
 * cutoff (the 15th under Decree 09; the 1st of the next month on the calendar basis). What a unit
 * is judged by is `unitReportDueDate`, which falls back on this when its plans set no day.
 */
export function reportDueDate(period: Period, basis: PeriodBasis = 'decree09'): string {
  return addDays(periodRange(period, basis).to, REPORT_DUE_AFTER_DAYS);
}

/** What a due date reads of a plan: its year and its reporting schedule. */
export type DueDatePlan = Pick<Plan, 'year' | 'schedule'>;

/**
 * The last day a unit's report of a period is on time, under the plans that govern the unit (on a
 * phone, the plans it holds; on the server, the plans it would serve that phone). A plan of the
 * period's year whose schedule names the period's kind with a day ("báo cáo quý trước ngày 20")
 * sets it: the day before that day, in the first month where that falls on or after the period's
 * last day. So "trước ngày 20" makes Quý III's report due 19/09 under Decree 09 (cutoff 14/09) and
 * 19/10 on the calendar basis (cutoff 30/09); "hằng tháng trước ngày 5" makes July's due 04/08 on
 * both. A day past a month's end means its last day. When plans disagree, the earliest date wins:
 * a unit on time for it is on time for all. With no such plan, the national rule.
 */
export function unitReportDueDate(period: Period, basis: PeriodBasis, plans: readonly DueDatePlan[]): string {
  const cutoff = periodRange(period, basis).to;
  let due: string | null = null;
  for (const day of dueDaysOf(plans, period)) {
    const date = dayBeforeOnOrAfter(day, cutoff);
    if (due === null || date < due) due = date;
  }
  return due ?? reportDueDate(period, basis);
}

/** True when a plan sets the due day of a period's report (so only such plans need their scope checked). */
export function setsDueDate(plan: DueDatePlan, period: Period): boolean {
  return dueDaysOf([plan], period).length > 0;
}

/** The days ("trước ngày N": N) the plans of a period's year set for its kind of period. */
function dueDaysOf(plans: readonly DueDatePlan[], period: Period): number[] {
  const days: number[] = [];
  for (const plan of plans) {
    if (plan.year !== period.year) continue;
    for (const report of plan.schedule?.reports ?? [])
      if (report.dueDay !== null && report.periods.includes(period.type)) days.push(report.dueDay);
  }
  return days;
}

/** The kinds of period the plans of a year ask reports for ("báo cáo hằng tháng": months), in order. */
export function plannedReportTypes(plans: readonly DueDatePlan[], year: number): PeriodType[] {
  const types = new Set<PeriodType>();
  for (const plan of plans)
    if (plan.year === year)
      for (const report of plan.schedule?.reports ?? []) for (const t of report.periods) types.add(t);
  return PERIOD_TYPES.filter((type) => types.has(type));
}

/** The day before the `day`th of a month (its last day when the month is shorter), first on or after `from`. */
function dayBeforeOnOrAfter(day: number, from: string): string {
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (;;) {
    const candidate = addDays(isoDate(year, month, 1), Math.min(day, daysInMonth(year, month) + 1) - 2);
    if (candidate >= from) return candidate;
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

/**
 * The quarter whose report is the current one on a date: the quarter just closed while its report is
 * still due (the 15th on Decree 09, or the day the unit's plans set), else the quarter running.
 */
export function currentReportPeriod(
  today: string,
  basis: PeriodBasis = 'decree09',
  plans: readonly DueDatePlan[] = [],
): Period {
  const running = periodContaining(today, 'quarter', basis);
  const closed = periodBefore(running);
  if (periodRange(closed, basis).to < today && today <= unitReportDueDate(closed, basis, plans)) return closed;
  return running;
}

/** The period of the same kind just before one (the previous year's for nine months). */
export function periodBefore(period: Period): Period {
  const { type, year, index } = period;
  if (index > 1) return { type, year, index: index - 1 };
  if (index === 0) return { type, year: year - 1, index: 0 };
  const last = type === 'month' ? 12 : type === 'quarter' ? 4 : 2;
  return { type, year: year - 1, index: last };
}

/**
 * The reports a quarter's cutoff closes, as communes file them: the quarter, and with the second
 * the first six months, with the third the nine months, with the fourth the year.
 */
export function reportsClosingWith(quarter: Period): Period[] {
  const { year, index } = quarter;
  if (index === 2) return [quarter, { type: 'half', year, index: 1 }];
  if (index === 3) return [quarter, { type: 'nine_months', year, index: 0 }];
  if (index === 4) return [quarter, { type: 'year', year, index: 0 }];
  return [quarter];
}

/** Local date arithmetic on `YYYY-MM-DD` strings (UTC-based, so no time zone can shift a day). */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Number of days in [from, to], both inclusive; 0 when `to` is before `from`. */
export function daysInRange(range: DateRange): number {
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1;
  return Math.max(0, Math.round(days));
}

/** The overlap of two ranges, or null. */
export function intersectRanges(a: DateRange, b: DateRange): DateRange | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

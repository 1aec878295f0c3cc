import type { Target, Task } from './plan';
import type { Text } from './text';
import {
  addDays,
  type DateRange,
  daysInRange,
  intersectRanges,
  type PeriodBasis,
  periodContaining,
  periodRange,
} from './period';

/** Where a task stands: done, on track, behind, overdue (its time is over), not yet due. */
export type TaskStatus = 'done' | 'on_track' | 'behind' | 'overdue' | 'not_due';

/** Progress of one task for one unit over one report period, as of a date. */
export interface Progress {
  /** What should have been done by `asOf` (by the period's end when `asOf` is later). */
  readonly due: number;
  /** What the period asks for in all; for a target coarser than the period, its whole cell. */
  readonly total: number;
  /** What was done (counted entries) in the range judged, up to the period's end. */
  readonly actual: number;
  readonly status: TaskStatus;
  /**
   * The dates whose entries make up `actual`: the period, or for a window or a target coarser than
   * the period, from the window's or the cell's start to the period's end. A drill-down lists these.
   */
  readonly counted?: DateRange;
}

/** A counted entry: its local date and how many it counts for (sessions, items, 1). */
export interface CountedEntry {
  readonly date: string;
  readonly count: number;
}

type Schedule = Pick<Task, 'target' | 'window' | 'deadline'>;

/** When a task is active: its window, else the plan year up to its deadline, else the plan year. */
export function activeRangeOf(task: Schedule, planYear: number, basis: PeriodBasis = 'decree09'): DateRange {
  if (task.window) return task.window;
  const year = periodRange({ type: 'year', year: planYear, index: 0 }, basis);
  if (task.deadline) return { from: task.deadline < year.from ? task.deadline : year.from, to: task.deadline };
  return year;
}

// A task with no numeric target ("Thường xuyên trong năm 2021") is taken to ask for at least one
// entry over its active range.
const IMPLICIT_TARGET: Target = { count: 1, per: 'window', atLeast: true };
const EPSILON = 1e-9;

/**
 * Progress of a task over a report period, as of a date.
 *
 * Rate targets (per week, month, quarter, year) are laid on their grid (basis months, quarters,
 * years; Monday weeks) and each cell's count is prorated by days, so "4 per month" asks for 2 by
 * the middle of a month and 12 over a quarter. Rules chosen so a status reads right to an officer:
 * - A target coarser than the period ("01 lần/năm" seen in a quarter's report, "01 lần/quý" in a
 *   month's) is judged on its whole cell to date: the year's count so far against the year's
 *   target. Splitting it instead asked a once-a-year task for one in every quarter and called it
 *   overdue at the end of Q1, although the year had nine months to go.
 * - The period asks for the rounded share of the cells it overlaps (at least 1 when it overlaps
 *   any): a 30-day month asks 4 of a weekly task, not 5 for two part-weeks, so a unit that did
 *   one a week is never overdue; a task starting late in a month still asks for one.
 * - Everything the period asks is due on its last day, so "behind" shows on that day, not after.
 * Window targets and deadlines are due whole on the last day of their window (behind on that day,
 * overdue after it) and count entries anywhere in the window up to the period's end; "Thường
 * xuyên" (no target) asks for one entry in the plan year, so it is on track all year until its
 * last day.
 */
export function computeProgress(input: ProgressInput & { entries: readonly CountedEntry[] }): Progress {
  return progressOn(progressSchedule(input), input.entries);
}

/** What progress is computed from but the entries. */
export interface ProgressInput {
  readonly task: Schedule;
  readonly planYear: number;
  readonly period: DateRange;
  readonly asOf: string;
  readonly basis?: PeriodBasis;
}

/**
 * Everything of a task's progress in one report that does not depend on the entries: the same for
 * every unit the task is assigned to, so a report works it out once per task (laying a weekly
 * target's grid over a year takes far longer than summing a unit's entries).
 */
export interface ProgressSchedule {
  /** The dates whose entries make up `actual`; none when no entry counts. */
  readonly counted: DateRange | null;
  readonly due: number;
  readonly total: number;
  /** Not due whatever was done: the task is not active in the period, or the period has not begun. */
  readonly never: boolean;
  /** Done once `actual` reaches this. */
  readonly doneAt: number;
  /** Not due yet unless done: a window not yet open. */
  readonly early: boolean;
  /** Overdue unless done: its time is over. */
  readonly late: boolean;
}

/** The schedule of a task's progress over a report period, as of a date (see `computeProgress`). */
export function progressSchedule(input: ProgressInput): ProgressSchedule {
  const basis = input.basis ?? 'decree09';
  const target = input.task.target ?? IMPLICIT_TARGET;
  const active = activeRangeOf(input.task, input.planYear, basis);
  const effective = intersectRanges(active, input.period);
  // Entries after the period's end belong to a later report; so a period that has closed is
  // judged as it stood the day after it closed, whenever the report is opened.
  const asOf = input.asOf > input.period.to ? addDays(input.period.to, 1) : input.asOf;

  if (target.per === 'window') {
    return {
      counted: intersectRanges(active, { from: active.from, to: input.period.to }),
      due: asOf >= active.to && effective ? target.count : 0,
      total: effective ? target.count : 0,
      never: !effective,
      doneAt: target.count,
      early: asOf < active.from,
      late: asOf > active.to,
    };
  }

  if (!effective) return { counted: null, due: 0, total: 0, never: true, doneAt: 0, early: false, late: false };
  const judged = judgedRange(target.per, active, effective, input.period, basis);
  const countedTo = judged.to < input.period.to ? judged.to : input.period.to;
  const dueBy = asOf < countedTo ? asOf : countedTo;
  const elapsed = intersectRanges(judged, { from: judged.from, to: dueBy });
  let totalRaw = 0;
  let dueRaw = 0;
  for (const cell of gridCells(target.per, judged, basis)) {
    const cellDays = daysInRange(cell);
    const inJudged = intersectRanges(cell, judged);
    if (inJudged) totalRaw += (target.count * daysInRange(inJudged)) / cellDays;
    const inElapsed = elapsed ? intersectRanges(cell, elapsed) : null;
    if (inElapsed) dueRaw += (target.count * daysInRange(inElapsed)) / cellDays;
  }
  const total = totalRaw > EPSILON ? Math.max(1, Math.round(totalRaw)) : 0;
  const due = asOf < effective.from ? 0 : asOf >= judged.to ? total : Math.min(total, Math.floor(dueRaw + EPSILON));
  return {
    counted: { from: judged.from, to: countedTo },
    due,
    total,
    // A report opened before its period began shows nothing due, even for a year already under way.
    never: asOf < effective.from,
    doneAt: total,
    early: false,
    late: asOf > judged.to,
  };
}

/** Progress of one unit on a task's schedule: its entries summed over the schedule's range. */
export function progressOn(schedule: ProgressSchedule, entries: readonly CountedEntry[]): Progress {
  const { counted, due, total } = schedule;
  const actual = counted ? sumIn(entries, counted) : 0;
  let status: TaskStatus;
  if (schedule.never) status = 'not_due';
  else if (actual >= schedule.doneAt) status = 'done';
  else if (schedule.early) status = 'not_due';
  else if (schedule.late) status = 'overdue';
  else if (actual < due) status = 'behind';
  else status = 'on_track';
  return counted ? { due, total, actual, status, counted } : { due, total, actual, status };
}

/** The range a rate target is judged on: the period, or the whole cell when one cell holds it. */
function judgedRange(
  per: Exclude<Target['per'], 'window'>,
  active: DateRange,
  effective: DateRange,
  period: DateRange,
  basis: PeriodBasis,
): DateRange {
  const cells = gridCells(per, effective, basis);
  const cell = cells.length === 1 ? cells[0]! : null;
  const isCoarser =
    cell !== null && cell.from <= period.from && cell.to >= period.to && daysInRange(cell) > daysInRange(period);
  return isCoarser ? (intersectRanges(active, cell) ?? effective) : effective;
}

function sumIn(entries: readonly CountedEntry[], range: DateRange): number {
  let sum = 0;
  for (const entry of entries) if (entry.date >= range.from && entry.date <= range.to) sum += entry.count;
  return sum;
}

/** The cells of a target's grid (basis months, quarters, years; Monday weeks) that overlap a range. */
function gridCells(per: Exclude<Target['per'], 'window'>, range: DateRange, basis: PeriodBasis): DateRange[] {
  const cells: DateRange[] = [];
  if (per === 'week') {
    const weekday = (new Date(`${range.from}T00:00:00Z`).getUTCDay() + 6) % 7;
    for (let start = addDays(range.from, -weekday); start <= range.to; start = addDays(start, 7)) {
      cells.push({ from: start, to: addDays(start, 6) });
    }
    return cells;
  }
  const type = per === 'month' ? 'month' : per === 'quarter' ? 'quarter' : 'year';
  let cell = periodRange(periodContaining(range.from, type, basis), basis);
  while (cell.from <= range.to) {
    cells.push(cell);
    cell = periodRange(periodContaining(addDays(cell.to, 1), type, basis), basis);
  }
  return cells;
}

/** Combines the statuses of the units a task is assigned to into one. */
export function combineStatuses(statuses: readonly TaskStatus[]): TaskStatus {
  if (statuses.length === 0) return 'not_due';
  if (statuses.includes('overdue')) return 'overdue';
  if (statuses.includes('behind')) return 'behind';
  if (statuses.every((s) => s === 'done')) return 'done';
  if (statuses.every((s) => s === 'not_due')) return 'not_due';
  return 'on_track';
}

/** Names of the statuses, as reports print them and screens show them. */
export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, Text>> = {
  done: { vi: 'Đã thực hiện', en: 'Done' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  behind: { vi: 'Chậm tiến độ', en: 'Behind' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  not_due: { vi: 'Chưa đến hạn', en: 'Not due yet' },
};

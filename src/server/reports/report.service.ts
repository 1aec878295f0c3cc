import { type Kysely, sql, type Transaction } from 'kysely';
import type { ActivityKind } from '../../shared/activity';
import type { DateRange, Period, PeriodBasis } from '../../shared/period';
import { endsHalfMonth, halfMonthOf, periodContaining, periodRange } from '../../shared/period';
import type { Plan } from '../../shared/plan';
import { activeRangeOf, progressSchedule } from '../../shared/progress';
import { computeReport, type Fact, type Report, type SyncStatus, unitKindsJudgedOnStock } from '../../shared/report';
import type { Database } from '../db/schema';
import { findSyncStatusInSubtree } from '../devices/devices.repository';
import { findPublishedPlans } from '../plans/plans.repository';
import { periodSignoff } from '../signoff/signoff.service';
import { findAncestors, findSubtree, findUnitById, unitOf } from '../units/units.repository';
import { factOfRow } from '../rollups/rollup-rows';
import { formerUnitsOf } from './report-successions';
import {
  type FactGroupRow,
  findStockBefore,
  findPeriodFactGroups,
  findTaskFactGroups,
  findTaskRangeSums,
  type TaskBound,
  type TaskRange,
  type TaskSumRow,
} from '../rollups/rollups.repository';

/** What a report is asked for. */
export interface ReportQuery {
  unitId: string;
  period: Period;
  basis: PeriodBasis;
  /** The local date the report is made on. */
  asOf: string;
}

/** Raised when the report's unit does not exist. */
class UnitNotFoundError extends Error {}

/**
 * The period report of a unit and its subtree: the shared report code fed with the half-month
 * roll-up (and the daily one where a date cuts a half-month), summed further in SQL to what each part of the report reads (the period per unit,
 * kind and month; task links per half-month from the task's first useful day; the stock before the
 * period of the units judged on it), so a report reads a few rows per unit, never the entries themselves.
 */
export async function buildReport(db: Kysely<Database>, query: ReportQuery): Promise<Report> {
  const unit = await findUnitById(db, query.unitId);
  if (!unit) throw new UnitNotFoundError(query.unitId);
  const range = periodRange(query.period, query.basis);
  const stockDate = query.asOf < range.to ? query.asOf : range.to;
  const plans = await findPublishedPlans(db);
  const ranges = taskRanges(plans, query, range);
  // A post-office point has no unit below it, so its own stock is its subtree's; a commune's (a
  // plan's "held" indicator may name one) is that of every unit below it.
  const judgedOnStock = unitKindsJudgedOnStock(plans);
  const stockKinds = judgedOnStock.every((kind) => kind === 'post_office') ? judgedOnStock : null;
  // The two reads that sum thousands of rows run side by side, each on its own connection.
  const readParts = async (path: string): Promise<{ period: Fact[]; others: Fact[] }> => {
    const [periodRows, taskFacts, stockRows] = await Promise.all([
      withoutJit(db, (trx) => findPeriodFactGroups(trx, path, range, stockDate, query.basis)),
      withoutJit(db, async (trx) =>
        ranges
          ? (await findTaskRangeSums(trx, path, ranges)).map(taskFactOfSum)
          : (await findTaskFactGroups(trx, path, taskBounds(plans, range.from, query.basis), range.to)).map(
              taskFactOfGroup,
            ),
      ),
      findStockBefore(db, path, range.from, stockDate, stockKinds),
    ]);
    return { period: periodRows.map(factOfRow), others: [...taskFacts, ...stockRows.map(factOfRow)] };
  };
  const readFacts = async (path: string): Promise<Fact[]> => {
    const { period, others } = await readParts(path);
    return [...period, ...others];
  };
  const [ancestors, subtree, own, status] = await Promise.all([
    findAncestors(db, unit),
    findSubtree(db, unit.path),
    readParts(unit.path),
    findSyncStatusInSubtree(db, unit.path),
  ]);
  // The old units whose area is now this subtree's (the 2025 reform), read the same way.
  const former = await formerUnitsOf(db, unit, subtree, range, readFacts);
  const syncStatus = new Map<string, SyncStatus>(
    status.map((s) => [s.unit_id, { lastSyncAt: s.last_sync_at ?? null, pending: Number(s.pending ?? 0) }]),
  );
  const units = [...ancestors, ...subtree].map(unitOf);
  // The sign-off compares the subtree's own figures of the period, as its units submitted them.
  const periodFacts = own.period;
  const report = computeReport({
    unitId: unit.id,
    units: [...units, ...former.units],
    facts: [...own.period, ...own.others, ...former.facts],
    listedOnly: former.listed,
    plans,
    period: query.period,
    basis: query.basis,
    asOf: query.asOf,
    syncStatus,
  });
  const signoff = await periodSignoff(db, { unit, ancestors, subtree, units, facts: periodFacts, plans, query, range });
  return { ...report, signoff };
}

/**
 * Runs a read with JIT compilation off. Its cost estimate (a whole province, a misjudged count of
 * task ranges) can cross PostgreSQL's JIT threshold, and compiling took 560 ms of a 1.3 s report
 * for reads that take milliseconds.
 */
function withoutJit<T>(db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return read(trx);
  });
}

/**
 * The dates each task's progress counts in this report (its window, or the year cell so far for a
 * yearly target, or the period), as the shared progress code reads them; null when one task id
 * has two ranges (two plans naming the same task on other schedules), which the per-half-month read
 * handles instead. Tasks whose progress counts nothing in the period are left out.
 */
function taskRanges(plans: readonly Plan[], query: ReportQuery, period: DateRange): TaskRange[] | null {
  const ranges = new Map<string, TaskRange>();
  for (const plan of plans) {
    for (const task of plan.tasks) {
      const { counted } = progressSchedule({ task, planYear: plan.year, period, asOf: query.asOf, basis: query.basis });
      // Without a range, progress sums nothing, whatever facts the task has.
      if (!counted) continue;
      const known = ranges.get(task.id);
      if (!known) ranges.set(task.id, { taskId: task.id, ...counted });
      else if (known.from !== counted.from || known.to !== counted.to) return null;
    }
  }
  return [...ranges.values()];
}

/**
 * A unit's task-linked entries over its task's range as one fact: its count only (their entries
 * and figures are already in the period's groups), dated on the earliest day summed, with a kind
 * logged that day, so that wherever the date falls (in the period's totals, in a month's coverage)
 * it claims nothing the entries themselves do not.
 */
function taskFactOfSum(row: TaskSumRow): Fact {
  const date = row.first.slice(0, 10);
  const kind = row.first.slice(10) as ActivityKind;
  return {
    unitId: row.unit_id,
    date,
    kind,
    taskId: row.task_id,
    receivedOn: date,
    entries: 0,
    count: Number(row.count),
    figures: {},
    spentVnd: Number(row.spent_vnd),
  };
}

// Task facts carry counts and the money spent only: their entries and figures are already in the
// period's groups.
function taskFactOfGroup(row: FactGroupRow): Fact {
  return {
    unitId: row.unit_id,
    date: row.date,
    kind: row.kind as ActivityKind,
    taskId: row.task_id,
    receivedOn: row.received_on,
    entries: 0,
    count: Number(row.count),
    figures: {},
    spentVnd: Number(row.spent_vnd ?? 0),
  };
}

/**
 * The first day each task's progress may count in a report starting `from`: its active range's
 * start (a window counts from its beginning) or the start of the year cell holding the period (a
 * yearly target is judged on the year so far), whichever is earlier. Every other range progress
 * sums over starts and ends on a half-month's edge, but for the task's own window or deadline:
 * the half-months those cut are read by day.
 */
function taskBounds(plans: readonly Plan[], from: string, basis: PeriodBasis): TaskBound[] {
  const yearStart = periodRange(periodContaining(from, 'year', basis), basis).from;
  const earliest = yearStart < from ? yearStart : from;
  const bounds = new Map<string, TaskBound>();
  for (const plan of plans) {
    for (const task of plan.tasks) {
      const active = activeRangeOf(task, plan.year, basis);
      const first = active.from < earliest ? active.from : earliest;
      const bound = bounds.get(task.id) ?? { taskId: task.id, from: first, split: [] };
      bounds.set(task.id, bound);
      if (first < bound.from) bound.from = first;
      if (halfMonthOf(active.from) !== active.from) bound.split.push(halfMonthOf(active.from));
      if (!endsHalfMonth(active.to)) bound.split.push(halfMonthOf(active.to));
    }
  }
  return [...bounds.values()];
}

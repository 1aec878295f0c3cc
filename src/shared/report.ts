import { type Activity, type ActivityKind, countOf, figuresOf } from './activity';
import { vietnamDateOf } from './format';
import type { Assignment, Plan, Target, Task } from './plan';
import {
  type DateRange,
  formatPeriodCode,
  monthsOverlapping,
  type Period,
  type PeriodBasis,
  periodLabel,
  periodRange,
} from './period';
import { combineStatuses, computeProgress, type TaskStatus } from './progress';
import { indexUnits, subtreeOf, type Unit, type UnitIndex, type UnitKind } from './unit';

/** Totals per kind and figure: `{ broadcast: { sessions: 8, minutes: 80 } }`. */
export type Totals = Partial<Record<ActivityKind, Record<string, number>>>;

/** What the server knows of a unit's phones: last good sync and entries still unsent. */
export interface SyncStatus {
  readonly lastSyncAt: string | null;
  readonly pending: number;
}

/** A row of the report per direct child of the unit (and the unit itself when it logged). */
export interface UnitRow {
  readonly unitId: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly totals: Totals;
  readonly entries: number;
  readonly late: number;
  readonly lastSyncAt: string | null;
  readonly pending: number;
}

/** A row of the report per task assigned within the unit's subtree. */
export interface TaskRow {
  readonly taskId: string;
  readonly planId: string;
  readonly ordinal: string;
  readonly title: string;
  readonly target: Target | null;
  readonly due: number;
  readonly total: number;
  readonly actual: number;
  readonly status: TaskStatus;
  readonly assignees: number;
  readonly assigneesByStatus: Record<TaskStatus, number>;
}

/** A coverage indicator ("chỉ tiêu"): the share of eligible units that met it. */
export interface CoverageIndicator {
  readonly id: 'station_broadcast_monthly' | 'post_office_holds_material';
  readonly label: string;
  readonly eligible: number;
  readonly covered: number;
  /** 0..1; null when no unit is eligible. */
  readonly share: number | null;
  readonly uncovered: readonly { unitId: string; name: string }[];
}

/** The period report of a unit and its subtree. */
export interface Report {
  readonly unit: Unit;
  readonly period: { code: string; basis: PeriodBasis; from: string; to: string; label: string };
  readonly asOf: string;
  readonly totals: Totals;
  readonly entries: number;
  /** Entries of the period the server received after the period closed. */
  readonly late: number;
  readonly byUnit: readonly UnitRow[];
  readonly byTask: readonly TaskRow[];
  readonly coverage: readonly CoverageIndicator[];
}

/** Everything a report is computed from; the same on the phone and on the server. */
export interface ReportInput {
  readonly unitId: string;
  /** At least the unit and its whole subtree. */
  readonly units: readonly Unit[];
  /** Entries of the subtree; others are ignored. Entries of any date may be passed. */
  readonly activities: readonly Activity[];
  readonly plans: readonly Plan[];
  readonly period: Period;
  readonly basis?: PeriodBasis;
  /** The local date the report is made on; progress and "due" are as of this day. */
  readonly asOf: string;
  readonly syncStatus?: ReadonlyMap<string, SyncStatus>;
}

/** True when an entry of a period reached the server after the period closed. */
export function isLate(activity: Pick<Activity, 'receivedAt'>, range: DateRange): boolean {
  return vietnamDateOf(activity.receivedAt) > range.to;
}

/** Adds an entry's figures into a totals object. */
export function addToTotals(totals: Totals, activity: Activity): void {
  const figures = figuresOf(activity);
  const row = totals[activity.kind] ?? {};
  totals[activity.kind] = row;
  for (const [name, value] of Object.entries(figures)) row[name] = (row[name] ?? 0) + value;
}

/** The units a task assignment names: the unit itself, or every unit of a kind below it. */
export function resolveAssignees(assignment: Assignment, index: UnitIndex): Unit[] {
  if (assignment.unitKind === null) {
    const unit = index.byId.get(assignment.unitId);
    return unit ? [unit] : [];
  }
  return subtreeOf(index, assignment.unitId).filter((unit) => unit.kind === assignment.unitKind);
}

/** Computes the period report of a unit. One implementation for phone and server. */
export function computeReport(input: ReportInput): Report {
  const basis = input.basis ?? 'decree09';
  const index = indexUnits(input.units);
  const unit = index.byId.get(input.unitId);
  if (!unit) throw new Error(`Không tìm thấy đơn vị ${input.unitId}.`);
  const range = periodRange(input.period, basis);
  const subtree = subtreeOf(index, unit.id);
  const subtreeIds = new Set(subtree.map((u) => u.id));

  // The top-level row each unit of the subtree rolls up into.
  const rowOf = new Map<string, string>();
  rowOf.set(unit.id, unit.id);
  for (const child of index.childrenOf.get(unit.id) ?? []) {
    for (const member of subtreeOf(index, child.id)) rowOf.set(member.id, child.id);
  }

  const inScope = input.activities.filter((a) => subtreeIds.has(a.unitId));
  const inPeriod = inScope.filter((a) => !a.voided && a.date >= range.from && a.date <= range.to);

  const totals: Totals = {};
  const rowTotals = new Map<string, { totals: Totals; entries: number; late: number }>();
  let late = 0;
  for (const activity of inPeriod) {
    addToTotals(totals, activity);
    const isEntryLate = isLate(activity, range);
    if (isEntryLate) late++;
    const rowId = rowOf.get(activity.unitId)!;
    const row = rowTotals.get(rowId) ?? { totals: {}, entries: 0, late: 0 };
    rowTotals.set(rowId, row);
    addToTotals(row.totals, activity);
    row.entries++;
    if (isEntryLate) row.late++;
  }

  const syncOf = (rootId: string): SyncStatus => {
    let lastSyncAt: string | null = null;
    let pending = 0;
    for (const member of subtreeOf(index, rootId)) {
      const status = input.syncStatus?.get(member.id);
      if (!status) continue;
      pending += status.pending;
      if (status.lastSyncAt && (!lastSyncAt || status.lastSyncAt > lastSyncAt)) lastSyncAt = status.lastSyncAt;
    }
    return { lastSyncAt, pending };
  };
  const byUnit: UnitRow[] = [];
  const ownRow = rowTotals.get(unit.id);
  if (ownRow) {
    const own = input.syncStatus?.get(unit.id) ?? { lastSyncAt: null, pending: 0 };
    byUnit.push({ unitId: unit.id, name: unit.name, kind: unit.kind, ...ownRow, ...own });
  }
  for (const child of index.childrenOf.get(unit.id) ?? []) {
    const row = rowTotals.get(child.id) ?? { totals: {}, entries: 0, late: 0 };
    byUnit.push({ unitId: child.id, name: child.name, kind: child.kind, ...row, ...syncOf(child.id) });
  }

  return {
    unit,
    period: {
      code: formatPeriodCode(input.period),
      basis,
      from: range.from,
      to: range.to,
      label: periodLabel(input.period),
    },
    asOf: input.asOf,
    totals,
    entries: inPeriod.length,
    late,
    byUnit,
    byTask: computeTaskRows(input.plans, index, subtreeIds, inScope, range, input.asOf, basis),
    coverage: computeCoverage(subtree, index, inScope, range, input.asOf, basis),
  };
}

/** Progress of every task assigned within the subtree, summed over its assignees. */
function computeTaskRows(
  plans: readonly Plan[],
  index: UnitIndex,
  subtreeIds: ReadonlySet<string>,
  activities: readonly Activity[],
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
): TaskRow[] {
  const rows: TaskRow[] = [];
  const linked = activities.filter((a) => !a.voided && a.taskId);
  for (const plan of plans) {
    for (const task of plan.tasks) {
      const assignees = new Map<string, Unit>();
      for (const assignment of plan.assignments) {
        if (assignment.taskId !== task.id) continue;
        for (const assignee of resolveAssignees(assignment, index)) {
          if (subtreeIds.has(assignee.id)) assignees.set(assignee.id, assignee);
        }
      }
      if (assignees.size === 0) continue;
      const taskEntries = linked.filter((a) => a.taskId === task.id);
      rows.push(taskRow(plan, task, [...assignees.values()], taskEntries, index, range, asOf, basis));
    }
  }
  return rows;
}

function taskRow(
  plan: Plan,
  task: Task,
  assignees: readonly Unit[],
  entries: readonly Activity[],
  index: UnitIndex,
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
): TaskRow {
  const byStatus: Record<TaskStatus, number> = { done: 0, on_track: 0, behind: 0, overdue: 0, not_due: 0 };
  const statuses: TaskStatus[] = [];
  const schedule = { task, planYear: plan.year, period: range, asOf, basis };
  let due = 0;
  let total = 0;
  // An entry counts once toward the task, even when it sits below two assignees.
  const counted = new Map<string, Activity>();
  for (const assignee of assignees) {
    const members = new Set(subtreeOf(index, assignee.id).map((u) => u.id));
    const own = entries.filter((a) => members.has(a.unitId));
    const progress = computeProgress({ ...schedule, entries: own.map(toCounted) });
    due += progress.due;
    total += progress.total;
    byStatus[progress.status]++;
    statuses.push(progress.status);
    for (const a of own) counted.set(a.id, a);
  }
  const { actual } = computeProgress({ ...schedule, entries: [...counted.values()].map(toCounted) });
  return {
    taskId: task.id,
    planId: plan.id,
    ordinal: task.ordinal,
    title: task.title,
    target: task.target,
    due,
    total,
    actual,
    status: combineStatuses(statuses),
    assignees: assignees.length,
    assigneesByStatus: byStatus,
  };
}

function toCounted(activity: Activity): { date: string; count: number } {
  return { date: activity.date, count: countOf(activity) };
}

/**
 * The plans' coverage indicators: communes whose loudspeaker system aired CCHC at least once in
 * every month of the period that has begun, and post-office culture points holding material
 * (received minus handed out above zero) at the end of the period or today, whichever is first.
 */
export function computeCoverage(
  subtree: readonly Unit[],
  index: UnitIndex,
  activities: readonly Activity[],
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
): CoverageIndicator[] {
  const live = activities.filter((a) => !a.voided);
  const months = monthsOverlapping(range, basis)
    .map((m) => periodRange(m, basis))
    .filter((m) => m.from <= asOf);

  const communes = subtree.filter((u) => u.kind === 'commune');
  const uncoveredCommunes: { unitId: string; name: string }[] = [];
  for (const commune of communes) {
    const members = new Set(subtreeOf(index, commune.id).map((u) => u.id));
    const airedEveryMonth = months.every((month) =>
      live.some((a) => a.kind === 'broadcast' && members.has(a.unitId) && a.date >= month.from && a.date <= month.to),
    );
    if (!airedEveryMonth || months.length === 0) uncoveredCommunes.push({ unitId: commune.id, name: commune.name });
  }

  const stockDate = asOf < range.to ? asOf : range.to;
  const postOffices = subtree.filter((u) => u.kind === 'post_office');
  const uncoveredPoints: { unitId: string; name: string }[] = [];
  for (const point of postOffices) {
    const stock = materialStock(live.filter((a) => a.unitId === point.id && a.date <= stockDate));
    if (stock <= 0) uncoveredPoints.push({ unitId: point.id, name: point.name });
  }

  return [
    indicator(
      'station_broadcast_monthly',
      'Xã có chuyên mục CCHC trên loa truyền thanh mỗi tháng',
      communes.length,
      uncoveredCommunes,
    ),
    indicator(
      'post_office_holds_material',
      'Điểm Bưu điện - Văn hóa xã có tài liệu CCHC',
      postOffices.length,
      uncoveredPoints,
    ),
  ];
}

function indicator(
  id: CoverageIndicator['id'],
  label: string,
  eligible: number,
  uncovered: { unitId: string; name: string }[],
): CoverageIndicator {
  const covered = eligible - uncovered.length;
  return { id, label, eligible, covered, share: eligible === 0 ? null : covered / eligible, uncovered };
}

/** Copies held now: received minus handed out, over entries that are not voided. */
export function materialStock(activities: readonly Pick<Activity, 'kind' | 'figures' | 'voided'>[]): number {
  let stock = 0;
  for (const activity of activities) {
    if (activity.kind !== 'material' || activity.voided) continue;
    const figures = figuresOf(activity);
    stock += (figures.copiesReceived ?? 0) - (figures.copiesDistributed ?? 0);
  }
  return stock;
}

import type { SignoffSummary } from './signoff';
import type { Activity, ActivityKind } from './activity';
import { countOf, figuresOf } from './figures';
import { vietnamDateOf } from './format';
import type { Assignment, Indicator, Plan, Target, Task } from './plan';
import {
  type DateRange,
  formatPeriodCode,
  monthsOverlapping,
  type Period,
  type PeriodBasis,
  periodContaining,
  periodLabel,
  periodRange,
} from './period';
import { stockHeld, stockOf } from './kinds';
import { activeRangeOf, combineStatuses, progressOn, progressSchedule, type TaskStatus } from './progress';
import { ancestorsOf, indexUnits, subtreeOf, type Unit, type UnitIndex, type UnitKind } from './unit';

/** Totals per kind and figure: `{ broadcast: { sessions: 8, minutes: 80 } }`. */
export type Totals = Partial<Record<ActivityKind, Record<string, number>>>;

/**
 * The unit of aggregation: what one entry, or a roll-up of entries sharing unit, date, kind, task
 * and day of receipt, adds to a report. The phone makes one per entry; the server keeps them
 * summed per day on write, so a report never scans entries.
 */
export interface Fact {
  readonly unitId: string;
  /** The activity date the person entered (local). */
  readonly date: string;
  readonly kind: ActivityKind;
  readonly taskId: string | null;
  /** The local date the server received the entry; decides whether it came late. */
  readonly receivedOn: string;
  /** Number of entries. */
  readonly entries: number;
  /** Sum of `countOf`: sessions aired, items posted, hand-outs. */
  readonly count: number;
  /** Sum of `figuresOf`. */
  readonly figures: Readonly<Record<string, number>>;
  /**
   * Money spent toward the fact's task, when its figures do not say it: the server's task facts
   * carry counts only (their figures are already in the period's groups), and this.
   */
  readonly spentVnd?: number;
}

/** The fact an entry adds; none for a voided entry. */
export function factOf(activity: Activity): Fact | null {
  if (activity.voided) return null;
  return {
    unitId: activity.unitId,
    date: activity.date,
    kind: activity.kind,
    taskId: activity.taskId ?? null,
    receivedOn: vietnamDateOf(activity.receivedAt),
    entries: 1,
    count: countOf(activity),
    figures: figuresOf(activity),
  };
}

/** The facts of a list of entries, voided ones left out. */
export function factsOf(activities: readonly Activity[]): Fact[] {
  const facts: Fact[] = [];
  for (const activity of activities) {
    const fact = factOf(activity);
    if (fact) facts.push(fact);
  }
  return facts;
}

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
  /** The plan's budget for the task (kinh phí), in đồng; null when the plan gives none. */
  readonly budgetVnd: number | null;
  /** Money the entries that count toward the task say they spent, in đồng (over `counted`). */
  readonly spentVnd: number;
  /** The dates whose entries make up `actual` (wider than the period for a yearly target). */
  readonly counted?: DateRange;
  /** The kinds of activity the task asks for: the report's narrative says its result in their words. */
  readonly kinds?: readonly ActivityKind[];
}

/**
 * A coverage indicator ("chỉ tiêu"): the share of eligible units that met it. The two built in
 * have their own ids; one a plan defines is `<planId>:<indicatorId>`, labelled as the plan writes it.
 */
export interface CoverageIndicator {
  readonly id: string;
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
  /** The plans of `byTask`'s tasks, in the order their tasks come: reports group tasks by plan. */
  readonly plans: readonly PlanHeading[];
  readonly coverage: readonly CoverageIndicator[];
  /** The server's: who submitted the period, on time or not, approved, and the approved figures. */
  readonly signoff?: SignoffSummary;
}

/** What a report says of a plan above its tasks. */
export interface PlanHeading {
  readonly id: string;
  readonly number: string | null;
  readonly title: string;
  readonly year: number;
  readonly issuedOn: string | null;
}

/** Everything a report is computed from; the same on the phone and on the server. */
export interface ReportInput {
  readonly unitId: string;
  /** At least the unit and its whole subtree. */
  readonly units: readonly Unit[];
  /** Facts of the subtree (see `factsOf`); others are ignored. Facts of any date may be passed. */
  readonly facts: readonly Fact[];
  readonly plans: readonly Plan[];
  readonly period: Period;
  readonly basis?: PeriodBasis;
  /** The local date the report is made on; progress and "due" are as of this day. */
  readonly asOf: string;
  readonly syncStatus?: ReadonlyMap<string, SyncStatus>;
  /**
   * Units listed and summed but never judged (no task assigned, no coverage counted): an old unit
   * shared among several new ones by the 2025 reform, and its station and post-office point.
   */
  readonly listedOnly?: ReadonlySet<string>;
}

/** True when a fact of a period reached the server after the period closed. */
export function isLate(fact: Pick<Fact, 'receivedOn'>, range: DateRange): boolean {
  return fact.receivedOn > range.to;
}

/** Adds a fact's figures into a totals object. */
export function addToTotals(totals: Totals, fact: Fact): void {
  const row = totals[fact.kind] ?? {};
  totals[fact.kind] = row;
  // for-in rather than Object.entries: a province's report adds thousands of facts, and the pairs
  // it allocates per fact cost more than the sums. Figures are plain objects: no inherited keys.
  const figures = fact.figures;
  for (const name in figures) row[name] = (row[name] ?? 0) + figures[name]!;
}

/** The units a task assignment names: the unit itself, or every unit of a kind below it. */
export function resolveAssignees(assignment: Assignment, index: UnitIndex): Unit[] {
  if (assignment.unitKind === null) {
    const unit = index.byId.get(assignment.unitId);
    return unit ? [unit] : [];
  }
  if (index.byId.has(assignment.unitId)) {
    return subtreeOf(index, assignment.unitId).filter((unit) => unit.kind === assignment.unitKind);
  }
  // The assigning unit may lie above the units given: a district's report is computed from the
  // district's subtree, while the province assigned the task to "every commune". A unit is below
  // it when its chain of parents ends at it.
  const result: Unit[] = [];
  for (const unit of index.byId.values()) {
    if (unit.kind !== assignment.unitKind) continue;
    const chain = ancestorsOf(index, unit.id);
    if (chain.some((u) => u.parentId === assignment.unitId)) result.push(unit);
  }
  return result;
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

  const inScope = input.facts.filter((f) => subtreeIds.has(f.unitId));
  const inPeriod = inScope.filter((f) => f.date >= range.from && f.date <= range.to);

  const totals: Totals = {};
  const rowTotals = new Map<string, { totals: Totals; entries: number; late: number }>();
  let entries = 0;
  let late = 0;
  for (const fact of inPeriod) {
    addToTotals(totals, fact);
    entries += fact.entries;
    const lateEntries = isLate(fact, range) ? fact.entries : 0;
    late += lateEntries;
    const rowId = rowOf.get(fact.unitId)!;
    const row = rowTotals.get(rowId) ?? { totals: {}, entries: 0, late: 0 };
    rowTotals.set(rowId, row);
    addToTotals(row.totals, fact);
    row.entries += fact.entries;
    row.late += lateEntries;
  }

  const syncOf = (rootId: string): SyncStatus => {
    let lastSyncAt: string | null = null;
    let pending = 0;
    for (const member of subtreeOf(index, rootId)) {
      const status = input.syncStatus?.get(member.id);
      if (!status) continue;
      pending += status.pending;
      // Compared as instants: phones and servers may write the same moment with other offsets.
      if (status.lastSyncAt && (!lastSyncAt || Date.parse(status.lastSyncAt) > Date.parse(lastSyncAt)))
        lastSyncAt = status.lastSyncAt;
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

  const plans = [...input.plans].sort(byIssue);
  const listedOnly = input.listedOnly;
  const judged = listedOnly?.size ? new Set([...subtreeIds].filter((id) => !listedOnly.has(id))) : subtreeIds;
  const byTask = computeTaskRows(plans, index, judged, inScope, range, input.asOf, basis);
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
    entries,
    late,
    byUnit,
    byTask,
    plans: plans
      .filter((plan) => byTask.some((row) => row.planId === plan.id))
      .map(({ id, number, title, year, issuedOn }) => ({ id, number, title, year, issuedOn })),
    coverage: computeCoverage(
      judged === subtreeIds ? subtree : subtree.filter((u) => judged.has(u.id)),
      index,
      inScope,
      range,
      input.asOf,
      basis,
      plans,
    ),
  };
}

/**
 * A plan's indicator over the report's units. Logged: the units of its kind whose subtree logged its
 * kind of activity (any kind when none; a figure summing to at least its minimum when it names one)
 * in every month or quarter of the period that has closed (the first while it runs). Held: the
 * units whose subtree holds a stock of its kind (above zero, and at least its minimum when it names
 * one) at the end of the period or today, whichever is first. Null when it names no kind of unit,
 * or holds a kind that has no stock (it cannot be computed).
 */
export function computePlanIndicator(
  definition: Indicator,
  subtree: readonly Unit[],
  index: UnitIndex,
  facts: readonly Fact[],
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
): CoverageIndicator | null {
  if (definition.unitKind === null) return null;
  const eligible = subtree.filter((u) => u.kind === definition.unitKind);
  const uncovered: { unitId: string; name: string }[] = [];
  if (definition.measure === 'held') {
    const kind = definition.activityKind;
    if (kind === null || !stockOf(kind)) return null;
    // Stock as it stood at the end of the period: a later delivery does not count.
    const stockDate = asOf < range.to ? asOf : range.to;
    const byUnit = groupByUnit(facts.filter((f) => f.kind === kind && f.date <= stockDate));
    const atLeast = definition.figure?.atLeast ?? 0;
    for (const unit of eligible) {
      const held = stockHeld(factsOfSubtree(index, unit.id, byUnit), kind);
      if (!(held > 0 && held >= atLeast)) uncovered.push({ unitId: unit.id, name: unit.name });
    }
    return indicator(definition.id, definition.text, eligible.length, uncovered);
  }
  const months = monthsOverlapping(range, basis);
  const periods =
    definition.every === 'month'
      ? months.map((m) => periodRange(m, basis))
      : [
          ...new Map(
            months.map((m) => {
              const quarter = periodRange(periodContaining(periodRange(m, basis).from, 'quarter', basis), basis);
              return [quarter.from, quarter] as const;
            }),
          ).values(),
        ];
  // The periods judged are those that have closed by `asOf`; while the first is still running, that
  // one. Judging a month that began today would mark every commune uncovered on each 15th.
  const begun = periods.filter((p) => p.from <= asOf);
  const closed = begun.filter((p) => p.to < asOf);
  const judged = closed.length > 0 ? closed : begun;
  const byUnit = groupByUnit(
    facts.filter((f) => definition.activityKind === null || f.kind === definition.activityKind),
  );
  const figure = definition.figure;
  for (const unit of eligible) {
    const logged = factsOfSubtree(index, unit.id, byUnit);
    const met = judged.every((period) => {
      const inPeriod = (f: Fact) => f.date >= period.from && f.date <= period.to;
      if (!figure) return logged.some(inPeriod);
      let sum = 0;
      for (const f of logged) if (inPeriod(f)) sum += f.figures[figure.name] ?? (figure.name === 'count' ? f.count : 0);
      return sum >= figure.atLeast;
    });
    if (!met || judged.length === 0) uncovered.push({ unitId: unit.id, name: unit.name });
  }
  return indicator(definition.id, definition.text, eligible.length, uncovered);
}

/**
 * The order a report lists plans in, whatever order they were stored in: by year, then by date of
 * issue (a plan without one last), then by number and title.
 */
export function byIssue(a: Plan, b: Plan): number {
  return (
    a.year - b.year ||
    (a.issuedOn ?? '9999').localeCompare(b.issuedOn ?? '9999') ||
    (a.number ?? '').localeCompare(b.number ?? '', 'vi') ||
    a.title.localeCompare(b.title, 'vi') ||
    a.id.localeCompare(b.id)
  );
}

/** Facts grouped by unit, so that walking a subtree costs its own facts, not every fact. */
function groupByUnit(facts: readonly Fact[]): Map<string, Fact[]> {
  const groups = new Map<string, Fact[]>();
  for (const fact of facts) {
    const group = groups.get(fact.unitId);
    if (group) group.push(fact);
    else groups.set(fact.unitId, [fact]);
  }
  return groups;
}

/** The facts of the units of a subtree, from facts grouped by unit. */
function factsOfSubtree(index: UnitIndex, rootId: string, byUnit: ReadonlyMap<string, readonly Fact[]>): Fact[] {
  const result: Fact[] = [];
  for (const member of subtreeOf(index, rootId)) {
    const own = byUnit.get(member.id);
    if (own) for (const fact of own) result.push(fact);
  }
  return result;
}

/** Progress of every task assigned within the subtree, summed over its assignees. */
function computeTaskRows(
  plans: readonly Plan[],
  index: UnitIndex,
  subtreeIds: ReadonlySet<string>,
  facts: readonly Fact[],
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
): TaskRow[] {
  // A province's report has thousands of assignees and many thousand facts: index both once.
  const factsByTask = new Map<string, Fact[]>();
  for (const fact of facts) {
    if (fact.taskId === null) continue;
    const group = factsByTask.get(fact.taskId);
    if (group) group.push(fact);
    else factsByTask.set(fact.taskId, [fact]);
  }
  const rows: TaskRow[] = [];
  for (const plan of plans) {
    const assignmentsByTask = new Map<string, Assignment[]>();
    for (const assignment of plan.assignments) {
      const group = assignmentsByTask.get(assignment.taskId);
      if (group) group.push(assignment);
      else assignmentsByTask.set(assignment.taskId, [assignment]);
    }
    for (const task of plan.tasks) {
      // A period's report covers the tasks whose time overlaps it: a task that ended before the
      // period (last year's plan) was reported, with its result, in the periods it ran in; one
      // that starts after it (next year's plan, carried in December) is not this period's.
      const active = activeRangeOf(task, plan.year, basis);
      if (active.to < range.from || active.from > range.to) continue;
      const assignees = new Map<string, Unit>();
      for (const assignment of assignmentsByTask.get(task.id) ?? []) {
        for (const assignee of resolveAssignees(assignment, index)) {
          if (subtreeIds.has(assignee.id)) assignees.set(assignee.id, assignee);
        }
      }
      if (assignees.size === 0) continue;
      const taskFacts = groupByUnit(factsByTask.get(task.id) ?? []);
      rows.push(taskRow(plan, task, [...assignees.values()], taskFacts, index, range, asOf, basis));
    }
  }
  return rows;
}

function taskRow(
  plan: Plan,
  task: Task,
  assignees: readonly Unit[],
  factsByUnit: ReadonlyMap<string, readonly Fact[]>,
  index: UnitIndex,
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
): TaskRow {
  const byStatus: Record<TaskStatus, number> = { done: 0, on_track: 0, behind: 0, overdue: 0, not_due: 0 };
  const statuses: TaskStatus[] = [];
  // What is due and when is the same for every assignee: worked out once per task.
  const schedule = progressSchedule({ task, planYear: plan.year, period: range, asOf, basis });
  let due = 0;
  let total = 0;
  // A fact counts once toward the task, even when it sits below two assignees.
  const counted = new Set<Fact>();
  for (const assignee of assignees) {
    const own = factsOfSubtree(index, assignee.id, factsByUnit);
    const progress = progressOn(schedule, own);
    due += progress.due;
    total += progress.total;
    byStatus[progress.status]++;
    statuses.push(progress.status);
    for (const f of own) counted.add(f);
  }
  const { actual, counted: countedRange } = progressOn(schedule, [...counted]);
  // The money spent by the entries that count toward the task, over the same dates.
  let spentVnd = 0;
  if (countedRange)
    for (const f of counted)
      if (f.taskId !== null && f.date >= countedRange.from && f.date <= countedRange.to)
        spentVnd += f.spentVnd ?? f.figures.spentVnd ?? 0;
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
    budgetVnd: task.budgetVnd,
    spentVnd,
    ...(countedRange ? { counted: countedRange } : {}),
    kinds: task.kinds,
  };
}

/**
 * The coverage indicators every report computes, defined as a plan defines its own: communes whose
 * loudspeaker system aired CCHC in every month judged, and post-office culture points holding
 * material (received minus handed out above zero) at the end of the period or today.
 */
export const BUILT_IN_INDICATORS: readonly Indicator[] = [
  {
    id: 'station_broadcast_monthly',
    text: 'Xã có chuyên mục CCHC trên loa truyền thanh mỗi tháng',
    unitKind: 'commune',
    activityKind: 'broadcast',
    figure: null,
    every: 'month',
    share: 1,
  },
  {
    id: 'post_office_holds_material',
    text: 'Điểm Bưu điện - Văn hóa xã có tài liệu CCHC',
    unitKind: 'post_office',
    activityKind: 'material',
    figure: null,
    every: 'quarter',
    share: 1,
    measure: 'held',
  },
];

/**
 * True when two indicators judge the same units the same way, whatever their words and share:
 * same kind of unit, kind of activity, figure and measure, and for a logged one the same cadence.
 */
export function isSameIndicator(a: Indicator, b: Indicator): boolean {
  const measure = a.measure ?? 'logged';
  return (
    a.unitKind === b.unitKind &&
    a.activityKind === b.activityKind &&
    a.figure?.name === b.figure?.name &&
    a.figure?.atLeast === b.figure?.atLeast &&
    measure === (b.measure ?? 'logged') &&
    (measure === 'held' || a.every === b.every)
  );
}

/** The indicators a report of these plans computes: the built-in ones no plan restates, then the plans'. */
function coverageDefinitions(plans: readonly Plan[]): { definition: Indicator; id: string }[] {
  const own = plans.flatMap((plan) =>
    (plan.indicators ?? []).map((definition) => ({ definition, id: `${plan.id}:${definition.id}` })),
  );
  const builtIn = BUILT_IN_INDICATORS.filter(
    (definition) => !own.some((o) => isSameIndicator(o.definition, definition)),
  ).map((definition) => ({ definition, id: definition.id }));
  return [...builtIn, ...own];
}

/**
 * The kinds of unit whose stock a report of these plans judges (the built-in post-office points,
 * and the kinds a plan's "held" indicator names): what a server must read from before the period.
 */
export function unitKindsJudgedOnStock(plans: readonly Plan[]): UnitKind[] {
  const kinds = new Set<UnitKind>();
  for (const { definition } of coverageDefinitions(plans))
    if (definition.measure === 'held' && definition.unitKind !== null) kinds.add(definition.unitKind);
  return [...kinds];
}

/**
 * A report's coverage indicators: the built-in ones, then each plan's own (id `<planId>:<id>`, in
 * its words). A built-in one a plan also defines is shown once, as the plan writes it.
 */
export function computeCoverage(
  subtree: readonly Unit[],
  index: UnitIndex,
  facts: readonly Fact[],
  range: DateRange,
  asOf: string,
  basis: PeriodBasis,
  plans: readonly Plan[] = [],
): CoverageIndicator[] {
  return coverageDefinitions(plans).flatMap(({ definition, id }) => {
    const computed = computePlanIndicator(definition, subtree, index, facts, range, asOf, basis);
    return computed ? [{ ...computed, id }] : [];
  });
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

/** Copies held: received minus handed out, over the material facts given. */
export function materialStock(facts: readonly Pick<Fact, 'kind' | 'figures'>[]): number {
  return stockHeld(facts, 'material');
}

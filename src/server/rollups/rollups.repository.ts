import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Activity } from '../../shared/activity';
import { ACTIVITY_KINDS, type ActivityKind, STOCKED_KINDS } from '../../shared/kinds';
import {
  addDays,
  endsHalfMonth,
  firstDayOfMonthNumber,
  halfMonthEndOf,
  halfMonthOf,
  reportingMonthNumber,
} from '../../shared/period';
import type { UnitKind } from '../../shared/unit';
import { halfMonthSql, reportingMonthNumberSql } from '../db/period-sql';
import type { ActivityRow, Database } from '../db/schema';
import { activityOf } from '../activities/activity-row';
import { likePrefix } from '../units/units.repository';
import { DAILY_COLUMNS, HALF_MONTH_COLUMNS, KIND_COLUMNS } from './rollup-layout';
import {
  type FactDelta,
  type FactRow,
  factDeltaOf,
  type HalfMonthDelta,
  halfMonthDeltasOf,
  mergeFactDeltas,
  type TaskHalfMonthDelta,
  zeroFactRow,
} from './rollup-rows';

/**
 * The roll-ups, written and read here only: a daily one (sums per unit, date, kind, task and day of
 * receipt), a half-month one with the kinds side by side (what a period report sums), and a
 * half-month one of task links. Every entry's change moves them in the transaction that writes it.
 */

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The statements adding the roll-up changes of changed entries (each with its stored state before,
 * null for a new one) to all three roll-ups, for the caller to run with its other writes.
 */
export function rollupChangesSql(
  changes: readonly { before: Activity | null; after: Activity }[],
): RawBuilder<unknown>[] {
  const deltas: FactDelta[] = [];
  for (const { before, after } of changes) {
    if (before) {
      const minus = factDeltaOf(before, -1);
      if (minus) deltas.push(minus);
    }
    const plus = factDeltaOf(after, 1);
    if (plus) deltas.push(plus);
  }
  const merged = mergeFactDeltas(deltas);
  if (merged.length === 0) return [];
  return [dailyDeltasSql(merged), ...halfMonthDeltasSql(halfMonthDeltasOf(merged))];
}

const DAILY_REFS = DAILY_COLUMNS.map((column) => sql.ref(column));
const DAILY_TYPED = DAILY_COLUMNS.map(
  (column) => sql`${sql.ref(column)} ${column === 'entries' ? sql`int` : sql`float8`}`,
);
const DAILY_ADDED = DAILY_COLUMNS.map(
  (column) => sql`${sql.ref(column)} = ${sql.ref(`f.${column}`)} + ${sql.ref(`excluded.${column}`)}`,
);

/** The statement adding deltas to the daily roll-up (at least one delta). */
function dailyDeltasSql(deltas: readonly FactDelta[]): RawBuilder<unknown> {
  // Rows are sorted so that two transactions touching the same roll-up rows lock them in one order.
  const sorted = [...deltas].sort((a, b) =>
    a.unit_id === b.unit_id
      ? a.date === b.date
        ? `${a.kind}|${a.task_id}|${a.received_on}`.localeCompare(`${b.kind}|${b.task_id}|${b.received_on}`)
        : a.date.localeCompare(b.date)
      : a.unit_id.localeCompare(b.unit_id),
  );
  return sql`
    insert into facts as f (unit_id, date, kind, task_id, received_on, ${sql.join(DAILY_REFS)})
    select * from jsonb_to_recordset(${JSON.stringify(sorted)}::jsonb) as t(unit_id text, date text, kind text,
      task_id text, received_on text, ${sql.join(DAILY_TYPED)})
    on conflict (unit_id, date, kind, task_id, received_on) do update set ${sql.join(DAILY_ADDED)}`;
}

/** Every roll-up row with entries (tests compare it with a recount). */
export async function findAllFactRows(db: Db): Promise<FactRow[]> {
  return db.selectFrom('facts').selectAll().where('entries', '<>', 0).execute() as Promise<FactRow[]>;
}

// The side-by-side columns of `half_month_totals`, as prebuilt SQL fragments.
const INTEGER = sql`int`;
const FLOAT8 = sql`float8`;
const ZERO = sql`0::float8`;
const typeOf = (figure: string) => (figure === 'entries' ? INTEGER : FLOAT8);
/** Column name to its reference qualified by a table alias. */
const refsOf = (alias: string, names: readonly string[]) =>
  new Map(names.map((name) => [name, sql.ref(`${alias}.${name}`)]));
const TOTALS = HALF_MONTH_COLUMNS.map(([column]) => column);
const TOTALS_OF_F = refsOf('f', TOTALS);
const TOTALS_OF_G = refsOf('g', TOTALS);
const TOTALS_OF_H = refsOf('h', TOTALS);
const TOTALS_OF_EXCLUDED = refsOf('excluded', TOTALS);
const TOTALS_REFS = TOTALS.map((column) => sql.ref(column));
const TOTALS_TYPED = HALF_MONTH_COLUMNS.map(([column, , figure]) => sql`${sql.ref(column)} ${typeOf(figure)}`);
const TOTALS_ADDED = TOTALS.map(
  (column) => sql`${sql.ref(column)} = ${TOTALS_OF_H.get(column)!} + ${TOTALS_OF_EXCLUDED.get(column)!}`,
);
const TOTALS_SUMS = HALF_MONTH_COLUMNS.map(
  ([column, , figure]) => sql`sum(${TOTALS_OF_F.get(column)!})::${typeOf(figure)} as ${sql.ref(column)}`,
);
// The narrow roll-up columns after the key.
const NARROW = DAILY_COLUMNS;
const NARROW_REFS = NARROW.map((figure) => sql.ref(figure));
const NARROW_OF_F = refsOf('f', NARROW);
const NARROW_OF_K = NARROW.map((figure) => sql.ref(`k.${figure}`));
type Kind = ActivityKind;
const KINDS = ACTIVITY_KINDS;
const hasFigure = (kind: Kind, figure: string) => KIND_COLUMNS[kind].includes(figure);
// The kind a unit holds a stock of (kinds.ts defines which): its report counts what came in and
// went out before the period as well. The roll-ups below read the stock of one kind; a second
// stocked kind in kinds.ts must extend them, and says so here rather than being left out silently.
const [STOCK_KIND, ...OTHER_STOCKED] = STOCKED_KINDS;
if (!STOCK_KIND || OTHER_STOCKED.length > 0)
  throw new Error(`The roll-ups read the stock of one kind; kinds.ts defines ${STOCKED_KINDS.length}`);
// One narrow row per kind of a side-by-side group `g` (a VALUES list that unpivots it).
const UNPIVOTED = sql.join(
  KINDS.map((kind) => {
    const values = NARROW.map((figure) => (hasFigure(kind, figure) ? TOTALS_OF_G.get(`${kind}_${figure}`)! : ZERO));
    return sql`(${kind}::text, ${sql.join(values)})`;
  }),
);
// Side-by-side columns of the daily roll-up's stock rows: its figures under the stocked kind, zeros elsewhere.
const STOCK_AS_TOTALS = HALF_MONTH_COLUMNS.map(([column, kind, figure]) =>
  kind === STOCK_KIND ? sql`${NARROW_OF_F.get(figure)!} as ${sql.ref(column)}` : sql`0 as ${sql.ref(column)}`,
);
// The half-month totals' columns with the stocked kind left out of one half-month.
const totalsWithoutStockOf = (splitDate: string) =>
  HALF_MONTH_COLUMNS.map(([column, kind]) =>
    kind === STOCK_KIND
      ? sql`case when f.date = ${splitDate} then 0 else ${TOTALS_OF_F.get(column)!} end as ${sql.ref(column)}`
      : TOTALS_OF_F.get(column)!,
  );

/**
 * The statements adding deltas to both half-month roll-ups (none, one or two), for the sync to run
 * with its other writes in the caller's transaction, beside the daily roll-up's.
 */
function halfMonthDeltasSql(deltas: {
  facts: readonly HalfMonthDelta[];
  tasks: readonly TaskHalfMonthDelta[];
}): RawBuilder<unknown>[] {
  const statements: RawBuilder<unknown>[] = [];
  // Sorted by key so that two transactions touching the same rows lock them in one order.
  const byKey =
    <T>(keyOf: (row: T) => string) =>
    (a: T, b: T) =>
      keyOf(a) < keyOf(b) ? -1 : 1;
  if (deltas.facts.length > 0) {
    const rows = [...halfMonthTotalsOf(deltas.facts).values()].sort(
      byKey((d) => `${d.unit_id}\u0000${d.date}\u0000${d.received_on}`),
    );
    statements.push(sql`
      insert into half_month_totals as h (unit_id, date, received_on, ${sql.join(TOTALS_REFS)})
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as t(unit_id text, date text, received_on text, ${sql.join(TOTALS_TYPED)})
      on conflict (unit_id, date, received_on) do update set ${sql.join(TOTALS_ADDED)}`);
  }
  if (deltas.tasks.length > 0) {
    const rows = [...deltas.tasks].sort(byKey((d) => `${d.unit_id}\u0000${d.date}\u0000${d.task_id}\u0000${d.kind}`));
    statements.push(sql`
      insert into half_month_task_facts as h (unit_id, date, task_id, kind, entries, count, spent_vnd)
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(unit_id text, date text, task_id text,
        kind text, entries int, count float8, spent_vnd float8)
      on conflict (unit_id, date, task_id, kind) do update set
        entries = h.entries + excluded.entries, count = h.count + excluded.count,
        spent_vnd = h.spent_vnd + excluded.spent_vnd`);
  }
  return statements;
}

/** Per-kind half-month deltas laid side by side, one row per unit, half-month and half-month of receipt. */
function halfMonthTotalsOf(deltas: readonly HalfMonthDelta[]): Map<string, Record<string, string | number>> {
  const rows = new Map<string, Record<string, string | number>>();
  for (const delta of deltas) {
    const figures: readonly string[] | undefined = KIND_COLUMNS[delta.kind as Kind];
    if (!figures) throw new Error(`Unknown activity kind ${delta.kind}`);
    const key = `${delta.unit_id}\u0000${delta.date}\u0000${delta.received_on}`;
    let row = rows.get(key);
    if (!row) {
      const fresh: Record<string, string | number> = {
        unit_id: delta.unit_id,
        date: delta.date,
        received_on: delta.received_on,
      };
      for (const [column] of HALF_MONTH_COLUMNS) fresh[column] = 0;
      rows.set(key, fresh);
      row = fresh;
    }
    for (const figure of figures) {
      const column = `${delta.kind}_${figure}`;
      row[column] = (row[column] as number) + (delta[figure] as number);
    }
  }
  return rows;
}

/**
 * Every half-month roll-up row with entries, the totals one per kind as the write path's deltas
 * are (tests and the bench compare them with a recount); of one unit when given.
 */
export async function findAllHalfMonthRows(
  db: Db,
  unitId?: string,
): Promise<{ facts: HalfMonthDelta[]; tasks: TaskHalfMonthDelta[] }> {
  // No unit id is '' so, with none given, every row passes.
  const unit = unitId ?? '';
  const facts = await sql<HalfMonthDelta>`
    select g.unit_id, g.date, k.kind, g.received_on, ${sql.join(NARROW_OF_K)}
    from half_month_totals g
      cross join lateral (values ${UNPIVOTED}) as k(kind, ${sql.join(NARROW_REFS)})
    where k.entries <> 0 and (g.unit_id = ${unit} or ${unit}::text = '')`.execute(db);
  const tasks = await sql<TaskHalfMonthDelta>`
    select * from half_month_task_facts where entries <> 0 and (unit_id = ${unit} or ${unit}::text = '')`.execute(db);
  return { facts: facts.rows, tasks: tasks.rows };
}

/** A roll-up row summed over a group, with the dates the group spans. */
export type FactGroupRow = FactRow;

const SUMS = sql.join(NARROW.map((c) => sql`sum(${sql.ref(`f.${c}`)})::${typeOf(c)} as ${sql.ref(c)}`));
// The daily roll-up's columns filled from the stocked kind's side-by-side columns of `half_month_totals` (zero elsewhere).
const STOCK_AS_NARROW = sql.join(
  NARROW.map((c) =>
    hasFigure(STOCK_KIND, c)
      ? sql`${sql.ref(`f.${STOCK_KIND}_${c}`)} as ${sql.ref(c)}`
      : sql`0::${typeOf(c)} as ${sql.ref(c)}`,
  ),
);

/** A row of `half_month_totals` summed over a group, with its group's flags. */
type TotalsGroupRow = Record<string, number> & {
  unit_id: string;
  date: string;
  received_on: string;
  late: boolean;
  upto: boolean;
  /** Bit i set: a broadcast in the period's reporting month i (0 for the first); null when none. */
  aired: number | null;
};

/**
 * The period's roll-up of a subtree, summed per unit and kind (material also on each side of
 * `stockDate`, as its stock is counted up to that day), apart for entries received after the
 * period closed: everything the totals, the per-unit rows and lateness read. Broadcasts add one
 * figureless row per reporting month they were aired in, dated inside it, for the monthly coverage
 * indicator. Each group keeps its latest date (on its side of `stockDate`) and, for late groups,
 * its latest day of receipt, else its earliest; task links are left out (the task rows read their
 * own). SQL sums the half-month totals (kinds side by side, their first days standing for their
 * dates) per unit, lateness and side of `stockDate`, one to three rows per unit, which are split per
 * kind here; only material of the half-month `stockDate` splits comes from the daily roll-up.
 */
export async function findPeriodFactGroups(
  db: Db,
  scopePath: string,
  range: { from: string; to: string },
  stockDate: string,
  basis: 'decree09' | 'calendar',
): Promise<FactGroupRow[]> {
  const split =
    stockDate >= range.from && stockDate < range.to && !endsHalfMonth(stockDate) ? halfMonthOf(stockDate) : null;
  // No date equals '' so, without a split, nothing is taken out of the half-month rows.
  const splitDate = split ?? '';
  const columns = totalsWithoutStockOf(splitDate);
  const month = reportingMonthNumberSql(sql.ref('f.date'), basis);
  const firstMonth = reportingMonthNumber(range.from, basis);
  // The daily material rows of the split half-month, in its place.
  const daily = split
    ? sql`union all
      select f.unit_id, f.date, f.received_on, ${sql.join(STOCK_AS_TOTALS)}
      from units u
        cross join lateral (
          select * from facts f
          where f.unit_id = u.id and f.kind = ${STOCK_KIND} and f.date >= ${split} and f.date <= ${halfMonthEndOf(split)}
            and f.entries <> 0
          offset 0
        ) f
      where u.path like ${likePrefix(scopePath)}`
    : sql``;
  // Unit by unit through the roll-up's key (offset 0 keeps the planner from flattening it into one
  // scan of the whole country's rows).
  const result = await sql<TotalsGroupRow>`
    select f.unit_id, max(f.date) as date, f.late, f.upto,
      case when f.late then max(f.received_on) else min(f.received_on) end as received_on,
      bit_or(1 << (${month} - ${firstMonth})) filter (where f.broadcast_entries > 0) as aired,
      ${sql.join(TOTALS_SUMS)}
    from (
      select f.*, f.date <= ${stockDate} as upto, f.received_on > ${range.to} as late
      from (
        select f.unit_id, f.date, f.received_on, ${sql.join(columns)}
        from units u
          cross join lateral (
            select * from half_month_totals f
            where f.unit_id = u.id and f.date >= ${range.from} and f.date <= ${range.to}
            offset 0
          ) f
        where u.path like ${likePrefix(scopePath)}
        ${daily}
      ) f
    ) f
    group by f.unit_id, f.late, f.upto`.execute(db);
  return factGroupsOf(result.rows, firstMonth);
}

/**
 * Splits groups of side-by-side totals per kind: material on each side of `stockDate`, every other
 * kind over the whole period, and a figureless broadcast per unit and reporting month aired.
 */
function factGroupsOf(groups: readonly TotalsGroupRow[], firstMonth: number): FactGroupRow[] {
  interface Merged {
    kinds: readonly Kind[];
    unit_id: string;
    date: string;
    received_on: string;
    /** Bits of the months aired, of every group merged in. */
    aired: number;
    values: number[];
  }
  const merged = new Map<string, Merged>();
  const facts: FactGroupRow[] = [];
  const airedByUnit = new Map<string, number>();
  for (const group of groups) {
    const values = TOTALS.map((column) => Number(group[column]));
    const aired = Number(group.aired ?? 0);
    airedByUnit.set(group.unit_id, (airedByUnit.get(group.unit_id) ?? 0) | aired);
    for (const kinds of [STOCKED, OTHER_KINDS]) {
      const key = `${group.unit_id}\u0000${group.late}\u0000${kinds === STOCKED ? group.upto : ''}\u0000${kinds[0]}`;
      const into = merged.get(key);
      if (!into) {
        const { unit_id, date, received_on } = group;
        merged.set(key, { kinds, unit_id, date, received_on, aired, values: [...values] });
        continue;
      }
      into.aired |= aired;
      if (group.date > into.date) into.date = group.date;
      if (group.late ? group.received_on > into.received_on : group.received_on < into.received_on)
        into.received_on = group.received_on;
      for (const kind of kinds) for (const [, index] of FIGURES_OF[kind]) into.values[index]! += values[index]!;
    }
  }
  for (const [unitId, aired] of airedByUnit) {
    for (let bit = 0; aired >> bit !== 0; bit++) {
      if (aired & (1 << bit)) {
        const date = firstDayOfMonthNumber(firstMonth + bit);
        facts.push(narrowRow(unitId, date, date, 'broadcast'));
      }
    }
  }
  for (const row of merged.values()) {
    for (const kind of row.kinds) {
      const figures = FIGURES_OF[kind];
      if (!(row.values[figures[0]![1]]! > 0)) continue;
      // A group's latest date may be another kind's; broadcasts take a day of a month they were
      // aired in, as the monthly coverage reads every broadcast's date.
      const date = kind === 'broadcast' ? firstDayOfMonthNumber(firstMonth + 31 - Math.clz32(row.aired)) : row.date;
      const fact = narrowRow(row.unit_id, date, row.received_on, kind);
      for (const [figure, index] of figures) fact[figure] = row.values[index]!;
      facts.push(fact);
    }
  }
  return facts;
}

const STOCKED: readonly Kind[] = [STOCK_KIND];
// Broadcast rides with the other kinds for its totals; its months come from `aired`.
const OTHER_KINDS = KINDS.filter((kind) => kind !== STOCK_KIND);
/** Each kind's figures (entries first) and their columns' places in `TOTALS`. */
const FIGURES_OF = {} as Record<Kind, readonly (readonly [string, number])[]>;
for (const kind of KINDS) {
  FIGURES_OF[kind] = KIND_COLUMNS[kind].map((figure) => [figure, TOTALS.indexOf(`${kind}_${figure}`)] as const);
}

/** A narrow roll-up row of a kind with every figure zero. */
function narrowRow(unitId: string, date: string, receivedOn: string, kind: Kind): FactGroupRow {
  return zeroFactRow({ unit_id: unitId, date, kind, task_id: '', received_on: receivedOn });
}

/** A task whose linked entries a report counts from `from`, and the half-months to read by day. */
export interface TaskBound {
  taskId: string;
  from: string;
  /** First days of the half-months a range the task is judged on starts or ends inside. */
  split: string[];
}

/**
 * Task-linked roll-up of a subtree per unit, task and half-month (per day in the half-months a
 * task's window or deadline cuts), each task from its own first useful day (`from`) to the
 * period's end: what progress against targets counts.
 */
export async function findTaskFactGroups(
  db: Db,
  scopePath: string,
  tasks: readonly TaskBound[],
  to: string,
): Promise<FactGroupRow[]> {
  if (tasks.length === 0) return [];
  const earliest = tasks.reduce((min, t) => (t.from < min ? t.from : min), to);
  const splits = [...new Set(tasks.flatMap((t) => t.split))].filter((s) => s <= to).sort();
  const bounds = sql`jsonb_to_recordset(${JSON.stringify(tasks)}::jsonb) as t("taskId" text, "from" text, split text[])`;
  const daily =
    splits.length > 0
      ? sql`union all
      select f.unit_id, f.date, f.kind, f.task_id, f.entries, f.count, f.spent_vnd
      from units u
        cross join jsonb_to_recordset(${JSON.stringify(splits.map((start) => ({ start, end: halfMonthEndOf(start) })))}::jsonb)
          as s(start text, "end" text)
        cross join lateral (
          select * from facts f
          where f.unit_id = u.id and f.date >= s.start and f.date <= s."end" and f.date <= ${to} and f.task_id <> '' and f.entries <> 0
          offset 0
        ) f
        join ${bounds} on t."taskId" = f.task_id and f.date >= t."from" and s.start = any(t.split)
      where u.path like ${likePrefix(scopePath)}`
      : sql``;
  const result = await sql<FactGroupRow>`
    select f.unit_id, f.date, min(f.kind) as kind, f.task_id, f.date as received_on,
      sum(f.entries)::int as entries, sum(f.count)::float8 as count, sum(f.spent_vnd)::float8 as spent_vnd
    from (
      select f.unit_id, f.date, f.kind, f.task_id, f.entries, f.count, f.spent_vnd
      from units u
        cross join lateral (
          select * from half_month_task_facts f
          where f.unit_id = u.id and f.date >= ${halfMonthOf(earliest)} and f.date <= ${to} and f.entries <> 0
          offset 0
        ) f
        join ${bounds} on t."taskId" = f.task_id and f.date >= t."from" and not (f.date = any(t.split))
      where u.path like ${likePrefix(scopePath)}
      ${daily}
    ) f
    group by f.unit_id, f.date, f.task_id
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

/** The dates whose task-linked entries a report counts toward one task. */
export interface TaskRange {
  taskId: string;
  from: string;
  to: string;
}

/** A unit's task-linked entries summed over its task's range, with its first date and that day's kind. */
export interface TaskSumRow {
  unit_id: string;
  task_id: string;
  /** The date (a half-month's first day or a day) of the earliest roll-up row summed, then its kind. */
  first: string;
  count: number;
  spent_vnd: number;
}

/**
 * Task-linked entries of a subtree summed per unit and task over each task's own range: whole
 * half-months from the half-month task roll-up, the days of a half-month a range's edge cuts from
 * the daily one. One row per unit and task, whatever the range's length.
 */
export async function findTaskRangeSums(
  db: Db,
  scopePath: string,
  ranges: readonly TaskRange[],
): Promise<TaskSumRow[]> {
  const halves: { taskId: string; from: string; to: string }[] = [];
  const days: { taskId: string; from: string; to: string }[] = [];
  for (const { taskId, from, to } of ranges) {
    const first = halfMonthOf(from) === from ? from : addDays(halfMonthEndOf(halfMonthOf(from)), 1);
    const last = endsHalfMonth(to) ? halfMonthOf(to) : halfMonthOf(addDays(halfMonthOf(to), -1));
    if (first <= last) halves.push({ taskId, from: first, to: last });
    if (first > to) {
      days.push({ taskId, from, to });
      continue;
    }
    if (first > from) days.push({ taskId, from, to: addDays(first, -1) });
    if (!endsHalfMonth(to)) days.push({ taskId, from: halfMonthOf(to) < from ? from : halfMonthOf(to), to });
  }
  if (halves.length === 0 && days.length === 0) return [];
  const earliest = halves.reduce((min, h) => (h.from < min ? h.from : min), '9999-12-31');
  const latest = halves.reduce((max, h) => (h.to > max ? h.to : max), '');
  const halfRanges = sql`jsonb_to_recordset(${JSON.stringify(halves)}::jsonb) as t("taskId" text, "from" text, "to" text)`;
  const dayRanges = sql`jsonb_to_recordset(${JSON.stringify(days)}::jsonb) as d("taskId" text, "from" text, "to" text)`;
  const result = await sql<TaskSumRow>`
    select f.unit_id, f.task_id, min(f.date || f.kind) as first, sum(f.count)::float8 as count,
      sum(f.spent_vnd)::float8 as spent_vnd
    from (
      select f.unit_id, f.date, f.kind, f.task_id, f.entries, f.count, f.spent_vnd
      from units u
        cross join lateral (
          select * from half_month_task_facts f
          where f.unit_id = u.id and f.date >= ${earliest} and f.date <= ${latest} and f.entries <> 0
          offset 0
        ) f
        join ${halfRanges} on t."taskId" = f.task_id and f.date >= t."from" and f.date <= t."to"
      where u.path like ${likePrefix(scopePath)}
      union all
      select f.unit_id, f.date, f.kind, f.task_id, f.entries, f.count, f.spent_vnd
      from units u
        cross join ${dayRanges}
        cross join lateral (
          select * from facts f
          where f.unit_id = u.id and f.date >= d."from" and f.date <= d."to" and f.task_id = d."taskId"
            and f.entries <> 0
          offset 0
        ) f
      where u.path like ${likePrefix(scopePath)}
    ) f
    group by f.unit_id, f.task_id
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

/**
 * What came into and went out of a unit's stock (the stocked kind of kinds.ts: material) before
 * `before` and up to `upTo`, per unit of a subtree of `unitKinds` (of every kind when null): whole
 * half-months from the half-month roll-up, the days of one cut inside a half-month (a report made
 * before its period began counts stock up to that day) from the daily one.
 */
export async function findStockBefore(
  db: Db,
  scopePath: string,
  before: string,
  upTo: string,
  unitKinds: readonly UnitKind[] | null,
): Promise<FactGroupRow[]> {
  if (unitKinds?.length === 0) return [];
  const ofKinds = unitKinds ? sql`and u.kind in (${sql.join(unitKinds)})` : sql``;
  // The first day not counted, and the half-month it cuts (if it does).
  const cut = addDays(upTo, 1) < before ? addDays(upTo, 1) : before;
  const cutStart = halfMonthOf(cut);
  const daily =
    cutStart < cut
      ? sql`union all
      select f.unit_id, f.date, f.received_on, ${sql.join([...NARROW_OF_F.values()])}
      from facts f join units u on u.id = f.unit_id
      where u.path like ${likePrefix(scopePath)} ${ofKinds} and f.kind = ${STOCK_KIND}
        and f.date >= ${cutStart} and f.date < ${cut}`
      : sql``;
  const result = await sql<FactGroupRow>`
    select f.unit_id, min(f.date) as date, ${STOCK_KIND}::text as kind, '' as task_id, min(f.received_on) as received_on,
      ${SUMS}
    from (
      select f.unit_id, f.date, f.received_on, ${STOCK_AS_NARROW}
      from half_month_totals f join units u on u.id = f.unit_id
      where u.path like ${likePrefix(scopePath)} ${ofKinds} and ${sql.ref(`f.${STOCK_KIND}_entries`)} <> 0
        and f.date < ${cutStart}
      ${daily}
    ) f
    group by f.unit_id
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

/**
 * Refills the half-month roll-ups (totals side by side per kind, and task links) from the daily
 * one: how a bulk load fills them, and what tests and the bench compare the write path with.
 */
export async function rebuildHalfMonthRollups(db: Db): Promise<void> {
  await sql`truncate half_month_totals, half_month_task_facts`.execute(db);
  const date = halfMonthSql(sql.ref('date'));
  const receivedOn = halfMonthSql(sql.ref('received_on'));
  const sums = HALF_MONTH_COLUMNS.map(
    ([, kind, figure]) => sql`sum(case when kind = ${kind} then ${sql.ref(figure)} else 0 end)`,
  );
  // Ordered by key so that a unit's rows sit together, as a report reads them.
  await sql`
    insert into half_month_totals (unit_id, date, received_on, ${sql.join(TOTALS_REFS)})
    select unit_id, ${date}, ${receivedOn}, ${sql.join(sums)}
    from facts
    group by 1, 2, 3
    having sum(entries) <> 0
    order by 1, 2, 3`.execute(db);
  await sql`
    insert into half_month_task_facts (unit_id, date, task_id, kind, entries, count, spent_vnd)
    select unit_id, ${date}, task_id, kind, sum(entries), sum(count), sum(spent_vnd)
    from facts
    where task_id <> ''
    group by 1, 2, 3, 4
    having sum(entries) <> 0`.execute(db);
}

/**
 * Computes the roll-ups of some kinds again from their entries, as the kinds' definition now
 * reads them (a sum added to a kind that has entries, a default changed), inside the caller's
 * transaction: the kinds' rows are taken out of all three roll-ups, then their entries, a page at a
 * time, are added again through the write path's own statements.
 */
export async function rebuildKindRollups(trx: Db, kinds: readonly string[]): Promise<void> {
  const list = sql.join(kinds.map((kind) => sql`${kind}`));
  await sql`delete from facts where kind in (${list})`.execute(trx);
  await sql`delete from half_month_task_facts where kind in (${list})`.execute(trx);
  const zeroed = HALF_MONTH_COLUMNS.filter(([, kind]) => kinds.includes(kind)).map(
    ([column]) => sql`${sql.ref(column)} = 0`,
  );
  if (zeroed.length > 0) await sql`update half_month_totals set ${sql.join(zeroed)}`.execute(trx);
  const emptied = ACTIVITY_KINDS.map((kind) => sql`${sql.ref(`${kind}_entries`)} = 0`);
  await sql`delete from half_month_totals where ${sql.join(emptied, sql` and `)}`.execute(trx);
  const PAGE = 5_000;
  for (let after = ''; ; ) {
    const page = await sql<ActivityRow>`
      select * from activities where kind in (${list}) and id > ${after} order by id limit ${PAGE}`.execute(trx);
    if (page.rows.length === 0) break;
    for (const statement of rollupChangesSql(page.rows.map((row) => ({ before: null, after: activityOf(row) })))) {
      await statement.execute(trx);
    }
    after = page.rows[page.rows.length - 1]!.id;
  }
}

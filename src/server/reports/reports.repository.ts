import { type Kysely, sql, type Transaction } from 'kysely';
import { addDays } from '../../shared/period';
import type { Database, FactRow } from '../db/schema';
import { endsHalfMonth, type HalfMonthDelta, halfMonthEndOf, halfMonthOf, type TaskHalfMonthDelta } from './facts';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** Roll-up rows of a subtree up to a date (later dates never change a period's report). */
export async function findFactRows(db: Db, scopePath: string, toDate: string): Promise<FactRow[]> {
  return db
    .selectFrom('facts')
    .innerJoin('units', 'units.id', 'facts.unit_id')
    .selectAll('facts')
    .where('units.path', 'like', likePrefix(scopePath))
    .where('facts.date', '<=', toDate)
    .where('facts.entries', '>', 0)
    .execute();
}

/** Every roll-up row with entries (tests compare it with a recount). */
export async function findAllFactRows(db: Db): Promise<FactRow[]> {
  return db.selectFrom('facts').selectAll().where('entries', '<>', 0).execute();
}

/** Adds deltas to both half-month roll-ups in the caller's transaction (beside the daily one's). */
export async function applyHalfMonthDeltas(
  db: Db,
  deltas: { facts: readonly HalfMonthDelta[]; tasks: readonly TaskHalfMonthDelta[] },
): Promise<void> {
  // Sorted by key so that two transactions touching the same rows lock them in one order.
  const byKey =
    <T>(keyOf: (row: T) => string) =>
    (a: T, b: T) =>
      keyOf(a) < keyOf(b) ? -1 : 1;
  if (deltas.facts.length > 0) {
    const rows = [...deltas.facts].sort(
      byKey((d) => `${d.unit_id}\u0000${d.date}\u0000${d.kind}\u0000${d.received_on}`),
    );
    await sql`
      insert into half_month_facts as h (unit_id, date, kind, received_on, entries, count, sessions, minutes,
        own_sessions, relay_sessions, participants, copies_received, copies_distributed, items)
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(unit_id text, date text, kind text,
        received_on text, entries int, count float8, sessions float8, minutes float8, own_sessions float8,
        relay_sessions float8, participants float8, copies_received float8, copies_distributed float8, items float8)
      on conflict (unit_id, date, kind, received_on) do update set
        entries = h.entries + excluded.entries, count = h.count + excluded.count,
        sessions = h.sessions + excluded.sessions, minutes = h.minutes + excluded.minutes,
        own_sessions = h.own_sessions + excluded.own_sessions,
        relay_sessions = h.relay_sessions + excluded.relay_sessions,
        participants = h.participants + excluded.participants,
        copies_received = h.copies_received + excluded.copies_received,
        copies_distributed = h.copies_distributed + excluded.copies_distributed,
        items = h.items + excluded.items`.execute(db);
  }
  if (deltas.tasks.length > 0) {
    const rows = [...deltas.tasks].sort(byKey((d) => `${d.unit_id}\u0000${d.date}\u0000${d.task_id}\u0000${d.kind}`));
    await sql`
      insert into half_month_task_facts as h (unit_id, date, task_id, kind, entries, count)
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(unit_id text, date text, task_id text,
        kind text, entries int, count float8)
      on conflict (unit_id, date, task_id, kind) do update set
        entries = h.entries + excluded.entries, count = h.count + excluded.count`.execute(db);
  }
}

/** Every half-month roll-up row with entries (tests compare them with a recount). */
export async function findAllHalfMonthRows(db: Db): Promise<{ facts: HalfMonthDelta[]; tasks: TaskHalfMonthDelta[] }> {
  const facts = await sql<HalfMonthDelta>`select * from half_month_facts where entries <> 0`.execute(db);
  const tasks = await sql<TaskHalfMonthDelta>`select * from half_month_task_facts where entries <> 0`.execute(db);
  return { facts: facts.rows, tasks: tasks.rows };
}

/** A roll-up row summed over a group, with the dates the group spans. */
export type FactGroupRow = FactRow;

const SUMS = sql`sum(f.entries)::int as entries, sum(f.count)::float8 as count,
  sum(f.sessions)::float8 as sessions, sum(f.minutes)::float8 as minutes,
  sum(f.own_sessions)::float8 as own_sessions, sum(f.relay_sessions)::float8 as relay_sessions,
  sum(f.participants)::float8 as participants, sum(f.copies_received)::float8 as copies_received,
  sum(f.copies_distributed)::float8 as copies_distributed, sum(f.items)::float8 as items`;

const FIGURES = sql`f.entries, f.count, f.sessions, f.minutes, f.own_sessions, f.relay_sessions, f.participants,
  f.copies_received, f.copies_distributed, f.items`;

/**
 * The period's roll-up of a subtree, summed per unit and kind (and per reporting month for
 * broadcasts, whose monthly presence is a coverage indicator), apart for entries received after
 * the period closed and for those dated after `stockDate`: everything the totals, the per-unit
 * rows, lateness and coverage read, in a few rows per unit. Each group keeps its latest date (on
 * its side of `stockDate`, inside its month) and, for late groups, its latest day of receipt; task
 * links are left out (the task rows read their own). Read from the half-month roll-up, whose
 * first days stand for its dates; only material of the half-month `stockDate` splits comes from
 * the daily one (post-office stock counts up to that very day).
 */
export async function findPeriodFactGroups(
  db: Db,
  scopePath: string,
  range: { from: string; to: string },
  stockDate: string,
  basis: 'decree09' | 'calendar',
): Promise<FactGroupRow[]> {
  // Decree 09 months run from the 15th: a day from the 15th on belongs to the next month.
  const month =
    basis === 'decree09'
      ? sql`case when substr(f.date, 9, 2) >= '15'
          then to_char((substr(f.date, 1, 7) || '-01')::date + interval '1 month', 'YYYY-MM')
          else substr(f.date, 1, 7) end`
      : sql`substr(f.date, 1, 7)`;
  const split =
    stockDate >= range.from && stockDate < range.to && !endsHalfMonth(stockDate) ? halfMonthOf(stockDate) : null;
  // No date equals '' so, without a split, the exclusion below excludes nothing.
  const splitDate = split ?? '';
  // The daily rows of the split half-month, material only.
  const daily = split
    ? sql`union all
      select f.unit_id, f.date, f.kind, f.received_on, ${FIGURES}
      from units u
        cross join lateral (
          select * from facts f
          where f.unit_id = u.id and f.kind = 'material' and f.date >= ${split} and f.date <= ${halfMonthEndOf(split)}
            and f.entries <> 0
          offset 0
        ) f
      where u.path like ${likePrefix(scopePath)}`
    : sql``;
  // Unit by unit through the roll-up's key (offset 0 keeps the planner from flattening it into one
  // scan of the whole country's rows, which it preferred once a period held a third of them).
  const result = await sql<FactGroupRow>`
    select f.unit_id, max(f.date) as date, f.kind, '' as task_id,
      case when bool_or(f.received_on > ${range.to}) then max(f.received_on) else min(f.received_on) end as received_on,
      ${SUMS}
    from (
      select f.unit_id, f.date, f.kind, f.received_on, ${FIGURES}
      from units u
        cross join lateral (
          select * from half_month_facts f
          where f.unit_id = u.id and f.date >= ${range.from} and f.date <= ${range.to} and f.entries <> 0
            and not (f.kind = 'material' and f.date = ${splitDate})
          offset 0
        ) f
      where u.path like ${likePrefix(scopePath)}
      ${daily}
    ) f
    group by f.unit_id, f.kind, case when f.kind = 'broadcast' then ${month} else '' end,
      f.received_on > ${range.to}, f.date <= ${stockDate}
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
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
      select f.unit_id, f.date, f.kind, f.task_id, f.entries, f.count
      from units u
        cross join jsonb_array_elements_text(${JSON.stringify(splits)}::jsonb) as s(start)
        cross join lateral (
          select * from facts f
          where f.unit_id = u.id and f.date >= s.start and f.date <= to_char(
              case when substr(s.start, 9, 2) = '01' then s.start::date + 13
                else (substr(s.start, 1, 8) || '01')::date + interval '1 month' - interval '1 day' end, 'YYYY-MM-DD')
            and f.date <= ${to} and f.task_id <> '' and f.entries <> 0
          offset 0
        ) f
        join ${bounds} on t."taskId" = f.task_id and f.date >= t."from" and s.start = any(t.split)
      where u.path like ${likePrefix(scopePath)}`
      : sql``;
  const result = await sql<FactGroupRow>`
    select f.unit_id, f.date, min(f.kind) as kind, f.task_id, f.date as received_on,
      sum(f.entries)::int as entries, sum(f.count)::float8 as count
    from (
      select f.unit_id, f.date, f.kind, f.task_id, f.entries, f.count
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

/**
 * Material received and handed out before `before` and up to `upTo`, per post-office point of a
 * subtree: whole half-months from the half-month roll-up, the days of one cut inside a half-month
 * (a report made before its period began counts stock up to that day) from the daily one.
 */
export async function findMaterialBefore(
  db: Db,
  scopePath: string,
  before: string,
  upTo: string,
): Promise<FactGroupRow[]> {
  // The first day not counted, and the half-month it cuts (if it does).
  const cut = addDays(upTo, 1) < before ? addDays(upTo, 1) : before;
  const cutStart = halfMonthOf(cut);
  const daily =
    cutStart < cut
      ? sql`union all
      select f.unit_id, f.date, f.received_on, ${FIGURES}
      from facts f join units u on u.id = f.unit_id
      where u.path like ${likePrefix(scopePath)} and u.kind = 'post_office' and f.kind = 'material'
        and f.date >= ${cutStart} and f.date < ${cut}`
      : sql``;
  const result = await sql<FactGroupRow>`
    select f.unit_id, min(f.date) as date, 'material' as kind, '' as task_id, min(f.received_on) as received_on,
      ${SUMS}
    from (
      select f.unit_id, f.date, f.received_on, ${FIGURES}
      from half_month_facts f join units u on u.id = f.unit_id
      where u.path like ${likePrefix(scopePath)} and u.kind = 'post_office' and f.kind = 'material'
        and f.date < ${cutStart}
      ${daily}
    ) f
    group by f.unit_id
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

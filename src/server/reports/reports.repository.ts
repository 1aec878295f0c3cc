import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, FactRow } from '../db/schema';
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

/** A roll-up row summed over a group, with the dates the group spans. */
export type FactGroupRow = FactRow;

const SUMS = sql`sum(f.entries)::int as entries, sum(f.count)::float8 as count,
  sum(f.sessions)::float8 as sessions, sum(f.minutes)::float8 as minutes,
  sum(f.own_sessions)::float8 as own_sessions, sum(f.relay_sessions)::float8 as relay_sessions,
  sum(f.participants)::float8 as participants, sum(f.copies_received)::float8 as copies_received,
  sum(f.copies_distributed)::float8 as copies_distributed, sum(f.items)::float8 as items`;

/**
 * The period's roll-up of a subtree, summed per unit and kind (and per reporting month for
 * broadcasts, whose monthly presence is a coverage indicator), apart for entries received after
 * the period closed and for those dated after `stockDate`: everything the totals, the per-unit
 * rows, lateness and coverage read, in a few rows per unit. Each group keeps its latest date (on
 * its side of `stockDate`, inside its month) and, for late groups, its latest day of receipt; task
 * links are left out (the task rows read their own).
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
  // Unit by unit through the roll-up's key (offset 0 keeps the planner from flattening it into one
  // scan of the whole country's rows, which it preferred once a period held a third of them).
  const result = await sql<FactGroupRow>`
    select f.unit_id, max(f.date) as date, f.kind, '' as task_id,
      case when bool_or(f.received_on > ${range.to}) then max(f.received_on) else min(f.received_on) end as received_on,
      ${SUMS}
    from units u
      cross join lateral (
        select * from facts f
        where f.unit_id = u.id and f.date >= ${range.from} and f.date <= ${range.to} and f.entries <> 0
        offset 0
      ) f
    where u.path like ${likePrefix(scopePath)}
    group by f.unit_id, f.kind, case when f.kind = 'broadcast' then ${month} else '' end,
      f.received_on > ${range.to}, f.date <= ${stockDate}
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

/**
 * Task-linked roll-up of a subtree per unit, task and day, each task from its own first useful
 * day (`from`) to the period's end: what progress against targets counts.
 */
export async function findTaskFactGroups(
  db: Db,
  scopePath: string,
  tasks: readonly { taskId: string; from: string }[],
  to: string,
): Promise<FactGroupRow[]> {
  if (tasks.length === 0) return [];
  const earliest = tasks.reduce((min, t) => (t.from < min ? t.from : min), to);
  const result = await sql<FactGroupRow>`
    select f.unit_id, f.date, min(f.kind) as kind, f.task_id, min(f.received_on) as received_on, ${SUMS}
    from units u
      cross join lateral (
        select * from facts f
        where f.unit_id = u.id and f.date >= ${earliest} and f.date <= ${to} and f.task_id <> '' and f.entries <> 0
        offset 0
      ) f
      join jsonb_to_recordset(${JSON.stringify(tasks)}::jsonb) as t("taskId" text, "from" text)
        on t."taskId" = f.task_id and f.date >= t."from"
    where u.path like ${likePrefix(scopePath)}
    group by f.unit_id, f.date, f.task_id
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

/** Material received and handed out before `before` and up to `upTo`, per post-office point of a subtree. */
export async function findMaterialBefore(
  db: Db,
  scopePath: string,
  before: string,
  upTo: string,
): Promise<FactGroupRow[]> {
  const result = await sql<FactGroupRow>`
    select f.unit_id, min(f.date) as date, 'material' as kind, '' as task_id, min(f.received_on) as received_on,
      ${SUMS}
    from facts f join units u on u.id = f.unit_id
    where u.path like ${likePrefix(scopePath)} and u.kind = 'post_office' and f.kind = 'material'
      and f.date < ${before} and f.date <= ${upTo}
    group by f.unit_id
    having sum(f.entries) > 0`.execute(db);
  return result.rows;
}

import { type Kysely, sql } from 'kysely';
import { halfMonthSql } from '../period-sql';

const halfMonthOfDate = halfMonthSql(sql.ref('date'));
const halfMonthOfReceipt = halfMonthSql(sql.ref('received_on'));

/**
 * Half-month roll-ups beside the daily one: every period of both bases starts on a 1st or a 15th
 * and ends on a 14th or a month's last day, so sums per half-month answer a period exactly with
 * about a fifteenth of the daily rows. `date` and `received_on` hold the half-month's first day
 * (a period ends on a half-month's last day, so "received after it" reads the same). The task
 * table keeps task links apart, as the period's totals never need them. Filled from the daily
 * roll-up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('half_month_facts')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('count', 'float8', (c) => c.notNull())
    .addColumn('sessions', 'float8', (c) => c.notNull())
    .addColumn('minutes', 'float8', (c) => c.notNull())
    .addColumn('own_sessions', 'float8', (c) => c.notNull())
    .addColumn('relay_sessions', 'float8', (c) => c.notNull())
    .addColumn('participants', 'float8', (c) => c.notNull())
    .addColumn('copies_received', 'float8', (c) => c.notNull())
    .addColumn('copies_distributed', 'float8', (c) => c.notNull())
    .addColumn('items', 'float8', (c) => c.notNull())
    .addPrimaryKeyConstraint('half_month_facts_pk', ['unit_id', 'date', 'kind', 'received_on'])
    .execute();
  await db.schema
    .createTable('half_month_task_facts')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('count', 'float8', (c) => c.notNull())
    .addPrimaryKeyConstraint('half_month_task_facts_pk', ['unit_id', 'date', 'task_id', 'kind'])
    .execute();
  await backfillHalfMonthFacts(db);
}

/** Refills both half-month roll-ups from the daily one. */
async function backfillHalfMonthFacts(db: Kysely<unknown>): Promise<void> {
  await sql`truncate half_month_facts, half_month_task_facts`.execute(db);
  await sql`
    insert into half_month_facts (unit_id, date, kind, received_on, entries, count, sessions, minutes,
      own_sessions, relay_sessions, participants, copies_received, copies_distributed, items)
    select unit_id, ${halfMonthOfDate}, kind, ${halfMonthOfReceipt}, sum(entries), sum(count),
      sum(sessions), sum(minutes), sum(own_sessions), sum(relay_sessions), sum(participants),
      sum(copies_received), sum(copies_distributed), sum(items)
    from facts
    group by 1, 2, 3, 4
    having sum(entries) <> 0`.execute(db);
  await sql`
    insert into half_month_task_facts (unit_id, date, task_id, kind, entries, count)
    select unit_id, ${halfMonthOfDate}, task_id, kind, sum(entries), sum(count)
    from facts
    where task_id <> ''
    group by 1, 2, 3, 4
    having sum(entries) <> 0`.execute(db);
}

/** Drops the half-month roll-ups. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('half_month_task_facts').ifExists().execute();
  await db.schema.dropTable('half_month_facts').ifExists().execute();
}

import { type Kysely, sql } from 'kysely';
import { halfMonthSql } from '../period-sql';

const halfMonthOfDate = halfMonthSql(sql.ref('date'));
const halfMonthOfReceipt = halfMonthSql(sql.ref('received_on'));

/**
 * What each kind added to the half-month totals when this migration was written, after the entries
 * and the count; later kinds and figures add their columns through the roll-ups' own schema step.
 */
const HALF_MONTH_TOTALS_LAYOUT = {
  broadcast: ['entries', 'count', 'sessions', 'minutes', 'own_sessions', 'relay_sessions'],
  article: ['entries', 'count', 'items'],
  material: ['entries', 'count', 'copies_received', 'copies_distributed'],
  visual: ['entries', 'count', 'items'],
  training: ['entries', 'count', 'sessions', 'participants'],
  meeting: ['entries', 'count', 'sessions', 'participants'],
  contest: ['entries', 'count', 'sessions', 'participants'],
  other: ['entries', 'count', 'items'],
} as const;

const HALF_MONTH_TOTALS_COLUMNS: readonly (readonly [string, string, string])[] = Object.entries(
  HALF_MONTH_TOTALS_LAYOUT,
).flatMap(([kind, figures]) => figures.map((figure) => [`${kind}_${figure}`, kind, figure] as const));

/**
 * One row per unit, half-month and half-month of receipt with every kind's figures side by side,
 * in place of the per-kind `half_month_facts` (migration 0005). A province's year read ~41,500 of
 * those scattered rows (one heap page each at 10,000,000 entries, 120–280 ms); kinds side by side
 * make it about an eighth as many, and the report sums them per unit in one pass. `date` and
 * `received_on` hold half-month first days as before. Filled from the daily roll-up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('half_month_totals')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull());
  for (const [column, , figure] of HALF_MONTH_TOTALS_COLUMNS) {
    table = table.addColumn(column, figure === 'entries' ? 'integer' : 'float8', (c) => c.notNull().defaultTo(0));
  }
  await table.addPrimaryKeyConstraint('half_month_totals_pk', ['unit_id', 'date', 'received_on']).execute();
  // A report sums each task over its range from the task roll-up's key alone (index-only): its rows
  // are written over months, so a unit's year lies on as many heap pages as it has rows.
  await sql`alter table half_month_task_facts drop constraint half_month_task_facts_pk,
    add constraint half_month_task_facts_pk primary key (unit_id, date, task_id, kind) include (entries, count)`.execute(
    db,
  );
  await backfillHalfMonthRollups(db);
  await db.schema.dropTable('half_month_facts').ifExists().execute();
}

/** Refills the half-month roll-ups (totals side by side per kind, and task links) from the daily one. */
async function backfillHalfMonthRollups(db: Kysely<unknown>): Promise<void> {
  await sql`truncate half_month_totals, half_month_task_facts`.execute(db);
  const columns = HALF_MONTH_TOTALS_COLUMNS.map(([column]) => sql.ref(column));
  const sums = HALF_MONTH_TOTALS_COLUMNS.map(
    ([, kind, figure]) => sql`sum(case when kind = ${kind} then ${sql.ref(figure)} else 0 end)`,
  );
  // Ordered by key so that a unit's rows sit together, as a report reads them.
  await sql`
    insert into half_month_totals (unit_id, date, received_on, ${sql.join(columns)})
    select unit_id, ${halfMonthOfDate}, ${halfMonthOfReceipt}, ${sql.join(sums)}
    from facts
    group by 1, 2, 3
    having sum(entries) <> 0
    order by 1, 2, 3`.execute(db);
  await sql`
    insert into half_month_task_facts (unit_id, date, task_id, kind, entries, count)
    select unit_id, ${halfMonthOfDate}, task_id, kind, sum(entries), sum(count)
    from facts
    where task_id <> ''
    group by 1, 2, 3, 4
    having sum(entries) <> 0`.execute(db);
}

/** Back to the per-kind half-month table, refilled from the daily roll-up. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('half_month_totals').ifExists().execute();
  const { up: createPerKind } = await import('./0005-half-month-facts');
  await db.schema.dropTable('half_month_task_facts').ifExists().execute();
  await createPerKind(db);
}

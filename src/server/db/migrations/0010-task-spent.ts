import { type Kysely, sql } from 'kysely';

/**
 * The money task-linked entries spent, in the half-month task roll-up, so that a report states
 * each task's spending against its budget without reading entries. Filled from the daily roll-up
 * when the kinds' definition adds `spentVnd` (ensureRollupSchema computes every kind again).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table half_month_task_facts add column spent_vnd float8 not null default 0`.execute(db);
}

/** Drops the column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table half_month_task_facts drop column if exists spent_vnd`.execute(db);
}

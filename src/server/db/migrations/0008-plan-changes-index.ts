import { type Kysely, sql } from 'kysely';

/**
 * The pull reads plan changes, which every device may need, through an index of plan rows only.
 * The index of every change but entries' also held the country's unit rows (3,355 since 7/2025),
 * and each first pull read all of them to find the few plans; a device's unit rows are found by
 * path instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index change_log_plan_idx on change_log (xid, id) where entity = 'plan'`.execute(db);
  await sql`drop index if exists change_log_not_activity_idx`.execute(db);
}

/** Back to the index of every change but entries'. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index change_log_not_activity_idx on change_log (xid, id) where entity <> 'activity'`.execute(db);
  await sql`drop index if exists change_log_plan_idx`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the pull: a device's subtree by path prefix (a commune among a country's changes
 * went from a scan of every row to a few index pages), and the rare plan and unit changes every
 * device may need.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index change_log_path_idx on change_log (path text_pattern_ops, xid, id)`.execute(db);
  await sql`create index change_log_not_activity_idx on change_log (xid, id) where entity <> 'activity'`.execute(db);
}

/** Drops the pull indexes. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists change_log_path_idx`.execute(db);
  await sql`drop index if exists change_log_not_activity_idx`.execute(db);
}

import type { Kysely } from 'kysely';

/**
 * The device whose push wrote a change-log row, so that a pull can leave out what the asking
 * phone sent itself (it learnt those versions from the push's results).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('change_log').addColumn('device_id', 'text').execute();
}

/** Drops the column again. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('change_log').dropColumn('device_id').execute();
}

import type { Kysely } from 'kysely';

/**
 * The outcome of each mutation a phone may still ask about: when the answer to a push is lost,
 * the retry must learn that an entry was rejected or conflicted, or the version it got, instead
 * of a bare "duplicate" the phone would take for success.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_results')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_results_pk', ['device_id', 'seq'])
    .execute();
}

/** Drops the table again. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_results').execute();
}

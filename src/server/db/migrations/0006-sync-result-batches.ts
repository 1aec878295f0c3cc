import { type Kysely, sql } from 'kysely';

/**
 * The remembered outcomes of a push kept as one row per push (its first and last seq and the
 * outcomes as a JSON array) instead of one row per mutation: the phone only ever asks again about
 * a whole batch it sent, and writing 500 rows per push cost more than the entries themselves.
 * Rows of the old table become one-outcome batches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_result_batches')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('first_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_result_batches_pk', ['device_id', 'first_seq'])
    .execute();
  await sql`
    insert into sync_result_batches (device_id, first_seq, last_seq, results)
    select device_id, seq, seq, '[' || result || ']' from sync_results`.execute(db);
  await db.schema.dropTable('sync_results').execute();
}

/** Back to one row per outcome. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_results')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_results_pk', ['device_id', 'seq'])
    .execute();
  await sql`
    insert into sync_results (device_id, seq, result)
    select b.device_id, (r.value ->> 'seq')::bigint, r.value::text
    from sync_result_batches b cross join jsonb_array_elements(b.results::jsonb) r
    on conflict do nothing`.execute(db);
  await db.schema.dropTable('sync_result_batches').execute();
}

import { type Kysely, sql } from 'kysely';

/**
 * Content relay (issue 15): items upstream publishes to units (an audio segment, a document or a
 * script), their file named by SHA-256 in the same `files` as evidence, and which unit downloaded
 * which item. Airings are not stored here: they are the broadcast entries naming the item.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('content_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('seconds', 'integer')
    .addColumn('topics', 'jsonb')
    .addColumn('period', 'text')
    .addColumn('task_id', 'text')
    .addColumn('plan_id', 'text')
    .addColumn('sha256', 'text')
    .addColumn('size', 'integer')
    .addColumn('mime', 'text')
    .addColumn('file_name', 'text')
    .addColumn('script', 'text')
    .addColumn('unit_ids', 'jsonb', (c) => c.notNull())
    .addColumn('unit_kinds', 'jsonb', (c) => c.notNull())
    .addColumn('expectation', 'text')
    .addColumn('min_airings', 'integer')
    .addColumn('due', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('content_items_sha256_idx').on('content_items').column('sha256').execute();
  await db.schema.createIndex('content_items_unit_idx').on('content_items').column('unit_id').execute();
  // The entries naming an item (its airings, its copies received) are found by this.
  await sql`create index activities_content_idx on activities ((figures->>'contentId')) where figures->>'contentId' is not null`.execute(
    db,
  );

  await db.schema
    .createTable('content_downloads')
    .addColumn('content_id', 'text', (c) => c.notNull().references('content_items.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('downloaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_downloads_pk', ['content_id', 'unit_id'])
    .execute();
}

/** Drops the content tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists activities_content_idx`.execute(db);
  await db.schema.dropTable('content_downloads').ifExists().execute();
  await db.schema.dropTable('content_items').ifExists().execute();
}

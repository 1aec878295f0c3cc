import { type Kysely, sql } from 'kysely';

/**
 * Evidence on entries (issue 14): files kept in the database itself, content-addressed by SHA-256,
 * so one backup holds the figures and their evidence. An upload in progress is kept as chunk rows
 * (appending to one bytea would rewrite it whole at every chunk); a finished file is one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('file_uploads')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('file_chunks')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('offset', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_chunks_pk', ['sha256', 'offset'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('thumb_sha256', 'text')
    .addColumn('thumb_size', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('lost', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('attachments_activity_idx').on('attachments').column('activity_id').execute();
  await db.schema.createIndex('attachments_sha256_idx').on('attachments').column('sha256').execute();
  await sql`create index attachments_thumb_idx on attachments (thumb_sha256) where thumb_sha256 is not null`.execute(
    db,
  );
  await db.schema.createIndex('attachments_unit_idx').on('attachments').column('unit_id').execute();
}

/** Drops the evidence tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachments').ifExists().execute();
  await db.schema.dropTable('file_chunks').ifExists().execute();
  await db.schema.dropTable('file_uploads').ifExists().execute();
  await db.schema.dropTable('files').ifExists().execute();
}

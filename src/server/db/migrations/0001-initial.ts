import { type Kysely, sql } from 'kysely';

/** The first schema: units, devices, codes, activities, plans, change log, fact roll-up. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('units.id'))
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('path', 'text', (c) => c.notNull())
    .execute();
  // text_pattern_ops lets `path LIKE 'prefix%'` use the index whatever the collation.
  await sql`create index units_path_idx on units (path text_pattern_ops)`.execute(db);
  await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sync_at', 'text')
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('devices_unit_idx').on('devices').column('unit_id').execute();

  await db.schema
    .createTable('enrollment_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('plan_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topics', 'jsonb')
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('location', 'jsonb')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('voided', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('void_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_unit_date_idx').on('activities').columns(['unit_id', 'date']).execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('number', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('issued_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('tasks', 'jsonb', (c) => c.notNull())
    .addColumn('assignments', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plans_pk', ['id', 'version'])
    .execute();

  // The pull cursor orders by the writing transaction's id: a transaction that has not finished
  // is older than the snapshot's xmin, so rows are only handed out once nothing below can appear.
  await sql`create table change_log (
    id bigint generated always as identity primary key,
    xid xid8 not null default pg_current_xact_id(),
    entity text not null,
    entity_id text not null,
    path text not null
  )`.execute(db);
  await sql`create index change_log_xid_idx on change_log (xid, id)`.execute(db);

  await db.schema
    .createTable('facts')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
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
    .addPrimaryKeyConstraint('facts_pk', ['unit_id', 'date', 'kind', 'task_id', 'received_on'])
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into meta (key, value) values ('epoch', ${crypto.randomUUID().slice(0, 8)})`.execute(db);
}

/** Drops everything the first migration made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['meta', 'facts', 'change_log', 'plans', 'activities', 'enrollment_codes', 'devices', 'units']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

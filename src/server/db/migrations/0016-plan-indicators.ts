import { type Kysely, sql } from 'kysely';

/**
 * A plan keeps its indicators ("Chỉ tiêu cụ thể", as definitions: the share of units of a kind that
 * logged a kind of activity in each month or quarter) and its schedule (reporting periods, deadlines
 * for subordinate plans), both read by the importer and reviewed in the console. Plans stored
 * before have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table plans add column indicators jsonb not null default '[]'::jsonb`.execute(db);
  await sql`alter table plans add column schedule jsonb`.execute(db);
}

/** Drops the columns. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table plans drop column if exists schedule`.execute(db);
  await sql`alter table plans drop column if exists indicators`.execute(db);
}

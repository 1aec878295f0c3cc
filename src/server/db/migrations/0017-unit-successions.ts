import { type Kysely, sql } from 'kysely';

/**
 * The 2025 reform's link between the two trees: which old unit went into which new one (`full`,
 * or `partial` when its area was shared among several, one row per new unit), from which day, and
 * when the merge command carried its phones and tasks over (null until then). Devices get a flag
 * the merge sets: the phone's next sync starts its scope again, now its new unit's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table unit_successions (
    old_unit_id text not null references units (id),
    new_unit_id text not null references units (id),
    merge text not null check (merge in ('full', 'partial')),
    effective_on text not null,
    merged_at timestamptz,
    primary key (old_unit_id, new_unit_id)
  )`.execute(db);
  await sql`create index unit_successions_new_idx on unit_successions (new_unit_id)`.execute(db);
  await sql`alter table devices add column rescope boolean not null default false`.execute(db);
}

/** Drops the table and the flag. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table devices drop column if exists rescope`.execute(db);
  await sql`drop table if exists unit_successions`.execute(db);
}

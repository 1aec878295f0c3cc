import { type Kysely, sql } from 'kysely';

/**
 * Whether a device last synced as a phone of the first release, which knew eight kinds of activity
 * and fails on any other: it is served none of the newer kinds, and is downloaded its scope again
 * once it says, after an update, which kinds it keeps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table devices add column legacy_kinds boolean not null default false`.execute(db);
}

/** Drops the flag. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table devices drop column if exists legacy_kinds`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * Every change of an entry (creation, edit, void, import, and a change refused as a conflict) kept
 * with its values, the device that sent it and the server's time, so that an entry's view can show
 * how it came to be. Entries that exist already get one row each, from their state now, marked as
 * carried over (their earlier versions were never kept).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table activity_history (
    id bigserial primary key,
    activity_id text not null,
    version int not null,
    action text not null check (action in ('create', 'edit', 'void', 'conflict', 'import')),
    values jsonb not null,
    device_id text,
    received_at timestamptz not null default now(),
    carried_over boolean not null default false
  )`.execute(db);
  await sql`create index activity_history_activity_idx on activity_history (activity_id)`.execute(db);
  await sql`insert into activity_history (activity_id, version, action, values, device_id, received_at, carried_over)
    select id, version, case when voided then 'void' when version = 1 then 'create' else 'edit' end,
      jsonb_strip_nulls(jsonb_build_object(
        'id', id, 'unitId', unit_id, 'kind', kind, 'date', date, 'taskId', task_id, 'planId', plan_id,
        'title', title, 'topics', topics, 'figures', figures, 'note', note, 'location', location,
        'deviceId', device_id, 'createdAt', created_at, 'receivedAt', received_at, 'version', version,
        'voided', voided, 'voidReason', void_reason)),
      device_id, updated_at::timestamptz, true
    from activities order by updated_at, id`.execute(db);
}

/** Drops the table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists activity_history`.execute(db);
}

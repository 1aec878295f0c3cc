import { type Kysely, sql } from 'kysely';

/**
 * Closing a period: a unit's submissions of a period with the figures as submitted, the
 * supervisor's approval or return on each, the history of those steps, and the nudges
 * supervisors send to units that are behind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table period_submissions (
    id text primary key,
    seq bigserial not null,
    unit_id text not null references units (id),
    period text not null,
    basis text not null,
    status text not null check (status in ('submitted', 'approved', 'returned')),
    submitted_at timestamptz not null,
    device_submitted_at text not null,
    device_id text not null,
    note text,
    snapshot jsonb not null,
    decided_at timestamptz,
    decided_by text,
    comment text
  )`.execute(db);
  await sql`create index period_submissions_unit_idx on period_submissions (unit_id, period, basis, submitted_at)`.execute(
    db,
  );
  await sql`create table period_events (
    id bigserial primary key,
    submission_id text not null references period_submissions (id),
    unit_id text not null,
    period text not null,
    basis text not null,
    action text not null check (action in ('submit', 'approve', 'return')),
    device_id text,
    comment text,
    at timestamptz not null
  )`.execute(db);
  await sql`create index period_events_unit_idx on period_events (unit_id, period, basis)`.execute(db);
  // "Changed after approval" reads the changes received since an approval.
  await sql`create index activity_history_received_idx on activity_history (received_at)`.execute(db);
  await sql`create table nudges (
    id text primary key,
    unit_id text not null references units (id),
    message text not null,
    from_device_id text not null,
    from_unit_id text not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index nudges_unit_idx on nudges (unit_id, created_at)`.execute(db);
}

/** Drops the tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists nudges`.execute(db);
  await sql`drop index if exists activity_history_received_idx`.execute(db);
  await sql`drop table if exists period_events`.execute(db);
  await sql`drop table if exists period_submissions`.execute(db);
}

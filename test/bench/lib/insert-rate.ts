// The database's own limit for the sync's writes: the rate of multi-row INSERTs of 500 rows (the
// batch size of a sync) into activities, one statement after another. The ingest and herd benches
// measure it in the same run as the figure they judge against it.
import type { Insertable, Kysely } from 'kysely';
import { JSON_ROW_COLUMNS, jsonRowOf } from '../../../src/server/activities/activity-row';
import type { ActivityTable, Database } from '../../../src/server/db/schema';
import type { Activity, ActivityInput } from '../../../src/shared/activity';

/** Rows per INSERT statement: the batch size of a sync. */
export const INSERT_BATCH = 500;

/** A rate measured over some rows. */
export interface InsertRate {
  entries: number;
  seconds: number;
  perSecond: number;
}

/**
 * The rows of activities as a multi-row INSERT writes them, stamped as the server stamps a first
 * version received at `now`. Kysely's VALUES lists: JSON columns as their text (a driver sends a
 * JS array as a PostgreSQL array).
 */
export function insertRowsOf(activities: ActivityInput[], now: string): Insertable<ActivityTable>[] {
  return activities.map((input) => {
    const activity: Activity = { ...input, version: 1, voided: false, voidReason: null, receivedAt: now };
    const values = jsonRowOf(activity).map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v));
    const row = Object.fromEntries(JSON_ROW_COLUMNS.map((column, i) => [column, values[i]]));
    return { ...row, updated_at: now } as Insertable<ActivityTable>;
  });
}

/**
 * Inserts `rows` (built before, so that only the database's work is timed) in multi-row INSERTs of
 * `batch`, one after another on one connection, and returns the rate.
 */
export async function measureInsertRate(
  db: Kysely<Database>,
  rows: Insertable<ActivityTable>[],
  batch = INSERT_BATCH,
): Promise<InsertRate> {
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batch)
    await db
      .insertInto('activities')
      .values(rows.slice(i, i + batch))
      .execute();
  const seconds = (performance.now() - started) / 1000;
  return { entries: rows.length, seconds, perSecond: rows.length / seconds };
}

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Activity } from '../../shared/activity';
import type { Database, FactRow } from '../db/schema';
import type { FactDelta } from '../reports/facts';
import { likePrefix } from '../units/units.repository';
import { activityOf, rowValuesOf } from './activity-row';

type Db = Kysely<Database> | Transaction<Database>;

/** Activities by id, locked for the rest of the transaction so concurrent edits queue. */
export async function findActivitiesForUpdate(trx: Transaction<Database>, ids: readonly string[]): Promise<Activity[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('activities')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .forUpdate()
    .execute();
  return rows.map(activityOf);
}

/** Activities by id, in scope of a path (for the pull). */
export async function findActivitiesByIds(db: Db, ids: readonly string[]): Promise<Activity[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('activities')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map(activityOf);
}

/**
 * The INSERT of a batch of activities, up to its ON CONFLICT clause. The rows travel as one JSON
 * parameter: 500 rows as 9,000 bound parameters cost the driver and the planner more than the
 * write itself.
 */
function insertActivitiesFrom(activities: readonly Activity[], nowIso: string) {
  const rows = JSON.stringify(activities.map((a) => rowValuesOf(a, nowIso)));
  return sql`
    insert into activities (id, unit_id, kind, date, task_id, plan_id, title, topics, figures, note, location,
      device_id, created_at, received_at, version, voided, void_reason, updated_at)
    select id, unit_id, kind, date, task_id, plan_id, title, topics::jsonb, figures::jsonb, note, location::jsonb,
      device_id, created_at, received_at, version, voided, void_reason, updated_at
    from jsonb_to_recordset(${rows}::jsonb) as t(id text, unit_id text, kind text, date text, task_id text,
      plan_id text, title text, topics text, figures text, note text, location text, device_id text,
      created_at text, received_at text, version int, voided boolean, void_reason text, updated_at text)`;
}

/** Inserts new activities and overwrites changed ones, in one statement. */
export async function writeActivities(db: Db, activities: readonly Activity[], nowIso: string): Promise<void> {
  if (activities.length === 0) return;
  const insert = insertActivitiesFrom(activities, nowIso);
  await sql`${insert}
    on conflict (id) do update set
      unit_id = excluded.unit_id, kind = excluded.kind, date = excluded.date, task_id = excluded.task_id,
      plan_id = excluded.plan_id, title = excluded.title, topics = excluded.topics, figures = excluded.figures,
      note = excluded.note, location = excluded.location, device_id = excluded.device_id,
      created_at = excluded.created_at, received_at = excluded.received_at, version = excluded.version,
      voided = excluded.voided, void_reason = excluded.void_reason, updated_at = excluded.updated_at`.execute(db);
}

/**
 * Inserts entries the batch took for new, skipping any id another transaction committed in the
 * meantime; returns how many it inserted, so the caller can tell that it lost such a race.
 */
export async function insertNewActivities(db: Db, activities: readonly Activity[], nowIso: string): Promise<number> {
  if (activities.length === 0) return 0;
  const insert = insertActivitiesFrom(activities, nowIso);
  const result = await sql<{ id: string }>`${insert}
    on conflict (id) do nothing
    returning id`.execute(db);
  return result.rows.length;
}

/** Adds deltas to the daily roll-up in the caller's transaction. */
export async function applyFactDeltas(db: Db, deltas: readonly FactDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  // Rows are sorted so that two transactions touching the same roll-up rows lock them in one order.
  const sorted = [...deltas].sort((a, b) =>
    a.unit_id === b.unit_id
      ? a.date === b.date
        ? `${a.kind}|${a.task_id}|${a.received_on}`.localeCompare(`${b.kind}|${b.task_id}|${b.received_on}`)
        : a.date.localeCompare(b.date)
      : a.unit_id.localeCompare(b.unit_id),
  );
  const add = (column: keyof FactRow) => sql<number>`facts.${sql.ref(column)} + excluded.${sql.ref(column)}`;
  await db
    .insertInto('facts')
    .values(sorted)
    .onConflict((oc) =>
      oc.columns(['unit_id', 'date', 'kind', 'task_id', 'received_on']).doUpdateSet({
        entries: add('entries'),
        count: add('count'),
        sessions: add('sessions'),
        minutes: add('minutes'),
        own_sessions: add('own_sessions'),
        relay_sessions: add('relay_sessions'),
        participants: add('participants'),
        copies_received: add('copies_received'),
        copies_distributed: add('copies_distributed'),
        items: add('items'),
      }),
    )
    .execute();
}

/** Records changed records in the change log the pull cursor walks. */
export async function insertChanges(
  db: Db,
  changes: readonly { entity: 'activity' | 'plan' | 'unit'; entityId: string; path: string; deviceId?: string }[],
): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto('change_log')
    .values(
      changes.map((c) => ({ entity: c.entity, entity_id: c.entityId, path: c.path, device_id: c.deviceId ?? null })),
    )
    .execute();
}

/** Filters of the drill-down list. */
export interface ActivityFilter {
  scopePath: string;
  from?: string;
  to?: string;
  kind?: string;
  taskId?: string;
  /** Only entries the server received after this local date (late for a period ending then). */
  receivedAfterDate?: string;
  includeVoided?: boolean;
  limit: number;
  offset: number;
}

/** Entries behind a figure: the subtree's entries of a period, newest first, paginated. */
export async function findActivities(db: Db, filter: ActivityFilter): Promise<{ items: Activity[]; total: number }> {
  let query = db
    .selectFrom('activities')
    .innerJoin('units', 'units.id', 'activities.unit_id')
    .where('units.path', 'like', likePrefix(filter.scopePath));
  if (filter.from) query = query.where('activities.date', '>=', filter.from);
  if (filter.to) query = query.where('activities.date', '<=', filter.to);
  if (filter.kind) query = query.where('activities.kind', '=', filter.kind);
  if (filter.taskId) query = query.where('activities.task_id', '=', filter.taskId);
  if (!filter.includeVoided) query = query.where('activities.voided', '=', false);
  if (filter.receivedAfterDate) {
    // received_at is UTC; a Vietnam local date ends at 17:00 UTC.
    const cutoff = new Date(Date.parse(`${filter.receivedAfterDate}T17:00:00Z`)).toISOString();
    query = query.where('activities.received_at', '>=', cutoff);
  }
  const total = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('activities')
    .orderBy('activities.date', 'desc')
    .orderBy('activities.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { items: rows.map((r) => activityOf(r)), total: Number(total.n) };
}

/** Every activity (tests and recounts). */
export async function findAllActivities(db: Db): Promise<Activity[]> {
  const rows = await db.selectFrom('activities').selectAll().orderBy('id').execute();
  return rows.map(activityOf);
}

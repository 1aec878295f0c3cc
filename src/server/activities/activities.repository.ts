import { type Kysely, sql, type Transaction } from 'kysely';
import type { Activity } from '../../shared/activity';
import type { Database } from '../db/schema';
import { likePrefix } from '../units/units.repository';
import { activityOf, jsonRowOf } from './activity-row';
import { endOfVietnamDay } from '../../shared/format';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * `= any(…)` of distinct ids sent as one JSON parameter: one placeholder per id (500 of them) costs
 * the driver and the planner more, and a JSON array is serialised natively where a PostgreSQL
 * array literal is built element by element.
 */
function anyOf(ids: readonly string[]) {
  const list = JSON.stringify([...new Set(ids)]);
  return sql<string>`any(array(select jsonb_array_elements_text(${list}::jsonb)))`;
}

/** Activities by id, locked for the rest of the transaction so concurrent edits queue. */
export async function findActivitiesForUpdate(trx: Transaction<Database>, ids: readonly string[]): Promise<Activity[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom('activities').selectAll().where('id', '=', anyOf(ids)).forUpdate().execute();
  return rows.map(activityOf);
}

/** Activities by id, in scope of a path (for the pull). */
export async function findActivitiesByIds(db: Db, ids: readonly string[]): Promise<Activity[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('activities').selectAll().where('id', '=', anyOf(ids)).execute();
  return rows.map(activityOf);
}

/**
 * The INSERT of a batch of activities, up to its ON CONFLICT clause. The rows travel as one JSON
 * parameter of arrays (500 rows as 9,000 bound parameters cost the driver and the planner more
 * than the write itself; arrays rather than objects halve the bytes to write and parse), the JSON
 * columns as JSON inside it rather than as strings to parse again.
 */
function insertActivitiesFrom(activities: readonly Activity[], nowIso: string) {
  const rows = JSON.stringify(activities.map(jsonRowOf));
  return sql`
    insert into activities (id, unit_id, kind, date, task_id, plan_id, title, topics, figures, note, location,
      device_id, created_at, received_at, version, voided, void_reason, updated_at)
    select r ->> 0, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, r ->> 6, nullif(r -> 7, 'null'), r -> 8, r ->> 9,
      nullif(r -> 10, 'null'), r ->> 11, r ->> 12, r ->> 13, (r ->> 14)::int, (r ->> 15)::boolean, r ->> 16, ${nowIso}
    from jsonb_array_elements(${rows}::jsonb) as r`;
}

/** The statement overwriting entries that exist (and inserting any that do not). */
export function overwriteActivitiesSql(activities: readonly Activity[], nowIso: string) {
  return sql`${insertActivitiesFrom(activities, nowIso)}
    on conflict (id) do update set
      unit_id = excluded.unit_id, kind = excluded.kind, date = excluded.date, task_id = excluded.task_id,
      plan_id = excluded.plan_id, title = excluded.title, topics = excluded.topics, figures = excluded.figures,
      note = excluded.note, location = excluded.location, device_id = excluded.device_id,
      created_at = excluded.created_at, received_at = excluded.received_at, version = excluded.version,
      voided = excluded.voided, void_reason = excluded.void_reason, updated_at = excluded.updated_at`;
}

/**
 * The statement inserting entries a batch took for new, skipping any id another transaction
 * committed in the meantime; it returns the ids it inserted, so the caller can tell that it lost
 * such a race.
 */
export function insertNewActivitiesSql(activities: readonly Activity[], nowIso: string) {
  return sql<{ id: string }>`${insertActivitiesFrom(activities, nowIso)}
    on conflict (id) do nothing
    returning id`;
}

/** Filters of the drill-down list. */
export interface ActivityFilter {
  scopePath: string;
  /** Further subtrees whose entries count as the scope's (old units merged into it, the 2025 reform). */
  alsoPaths?: readonly string[];
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
    .where((eb) =>
      eb.or([filter.scopePath, ...(filter.alsoPaths ?? [])].map((path) => eb('units.path', 'like', likePrefix(path)))),
    );
  if (filter.from) query = query.where('activities.date', '>=', filter.from);
  if (filter.to) query = query.where('activities.date', '<=', filter.to);
  if (filter.kind) query = query.where('activities.kind', '=', filter.kind);
  if (filter.taskId) query = query.where('activities.task_id', '=', filter.taskId);
  if (!filter.includeVoided) query = query.where('activities.voided', '=', false);
  if (filter.receivedAfterDate) {
    query = query.where('activities.received_at', '>=', endOfVietnamDay(filter.receivedAfterDate));
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

/** The unit path of an entry's unit (for scope checks); undefined for an unknown entry. */
export async function findActivityUnitPath(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('activities')
    .innerJoin('units', 'units.id', 'activities.unit_id')
    .select('units.path')
    .where('activities.id', '=', id)
    .executeTakeFirst();
  return row?.path;
}

/** Every activity (tests and recounts). */
export async function findAllActivities(db: Db): Promise<Activity[]> {
  const rows = await db.selectFrom('activities').selectAll().orderBy('id').execute();
  return rows.map(activityOf);
}

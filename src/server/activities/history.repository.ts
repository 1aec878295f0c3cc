import { type Kysely, sql, type Transaction } from 'kysely';
import type { HistoryAction, HistoryItem, HistoryValues } from '../../shared/history';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** One change of an entry to record. */
export interface HistoryEvent {
  activityId: string;
  version: number;
  action: HistoryAction;
  values: HistoryValues;
  deviceId: string;
}

/**
 * The statement recording changes of entries (at least one), for the caller to run with the
 * writes they describe. A conflict the entry's history already holds with the same values (a file
 * imported again) is not recorded again.
 */
export function historySql(events: readonly HistoryEvent[], nowIso: string) {
  const rows = JSON.stringify(events.map((e) => [e.activityId, e.version, e.action, e.values, e.deviceId]));
  return sql`
    insert into activity_history (activity_id, version, action, values, device_id, received_at)
    select r ->> 0, (r ->> 1)::int, r ->> 2, r -> 3, r ->> 4, ${nowIso}::timestamptz
    from jsonb_array_elements(${rows}::jsonb) as r
    where r ->> 2 <> 'conflict' or not exists (
      select 1 from activity_history h
      where h.activity_id = r ->> 0 and h.action = 'conflict' and h.values = r -> 3)`;
}

/** The changes of one entry, oldest first, with the names of the devices that sent them. */
export async function findHistory(db: Db, activityId: string): Promise<HistoryItem[]> {
  const rows = await db
    .selectFrom('activity_history as h')
    .leftJoin('devices as d', 'd.id', 'h.device_id')
    .select([
      'h.version',
      'h.action',
      'h.values',
      'h.device_id',
      'd.name as device_name',
      sql<string>`to_char(h.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('received_at'),
    ])
    .where('h.activity_id', '=', activityId)
    .orderBy('h.id')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    action: r.action as HistoryAction,
    values: r.values as HistoryValues,
    deviceId: r.device_id,
    deviceName: r.device_name,
    receivedAt: r.received_at,
  }));
}

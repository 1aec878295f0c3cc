import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** A device's position in its own sequence, locked until the transaction ends. */
export async function lockDeviceSequence(trx: Transaction<Database>, deviceId: string): Promise<number> {
  const row = await trx
    .selectFrom('devices')
    .select('last_seq')
    .where('id', '=', deviceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** Stores what a sync learnt of a device. */
export async function updateDeviceSync(
  db: Db,
  deviceId: string,
  values: { lastSeq: number; pending?: number; lastSyncAt: string },
): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      last_seq: values.lastSeq,
      last_sync_at: values.lastSyncAt,
      ...(values.pending !== undefined ? { pending: values.pending } : {}),
    })
    .where('id', '=', deviceId)
    .execute();
}

/** The epoch of this database: cursors of another database are unusable here. */
export async function findEpoch(db: Db): Promise<string> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return row.value;
}

/** The next transaction id not yet assigned: a cursor at or beyond it never came from here. */
export async function findNextXid(db: Db): Promise<string> {
  const result = await sql<{ xmax: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db);
  return result.rows[0]!.xmax;
}

/** A change-log row as the pull reads it. */
export interface ChangeRef {
  xid: string;
  id: string;
  entity: 'activity' | 'plan' | 'unit';
  entityId: string;
  /** The device whose push wrote the change, if a push did. */
  deviceId: string | null;
}

/**
 * Change-log rows after (xid, id) in the scope of `scopePath`, written by transactions that had
 * finished when this statement's snapshot was taken, below every transaction of this database
 * still running. The frontier is the oldest in-progress xid of the snapshot, leaving out only
 * those positively seen running in another database (a long load there must not stall phones
 * here); an xid that cannot be placed counts as ours, which can only delay a row, never skip it.
 */
export async function findChangesAfter(
  db: Db,
  after: { xid: string; id: string },
  scopePath: string,
  limit: number,
): Promise<ChangeRef[]> {
  const inScope = likePrefix(scopePath);
  // The scope's ancestors ('/a/', '/a/b/' for '/a/b/c/'): their unit records concern the device too.
  const parts = scopePath.split('/').filter((p) => p.length > 0);
  const ancestorPaths = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
  const result = await sql<{
    xid: string;
    id: string;
    entity: ChangeRef['entity'];
    entity_id: string;
    device_id: string | null;
  }>`
    with snap as (select pg_current_snapshot() as s),
    running as (select x from snap, pg_snapshot_xip(snap.s) as x),
    elsewhere as (
      select r.x from running r
      where exists (
        select 1 from pg_stat_activity a
        where a.datname is distinct from current_database()
          and a.backend_xid is not null
          and a.backend_xid::text::bigint = r.x::text::bigint % 4294967296
      )
    ),
    frontier as (
      select coalesce(
        (select min(x) from running where x not in (select x from elsewhere)),
        (select pg_snapshot_xmax(s) from snap)
      ) as f
    )
    select c.xid::text as xid, c.id::text as id, c.entity, c.entity_id, c.device_id
    from change_log c
    where (c.xid, c.id) > (${after.xid}::xid8, ${after.id}::bigint)
      and c.xid < (select f from frontier)
      and (
        c.path like ${inScope}
        or c.entity = 'plan'
        or (c.entity = 'unit' and c.path = any(${ancestorPaths}::text[]))
      )
    order by c.xid, c.id
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({
    xid: r.xid,
    id: r.id,
    entity: r.entity,
    entityId: r.entity_id,
    deviceId: r.device_id,
  }));
}

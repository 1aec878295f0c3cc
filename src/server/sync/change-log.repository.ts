import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { likePrefix } from '../units/units.repository';

// The change log, written and read here only: every write of an entry, plan or unit appends a row
// in the same transaction, and the pull walks the rows after a phone's cursor in the order their
// transactions committed (see README, steps 6-8).

type Db = Kysely<Database> | Transaction<Database>;

/** A change to record: which record, the unit path it belongs to, and the pushing device if any. */
export interface ChangeToLog {
  entity: 'activity' | 'plan' | 'unit';
  entityId: string;
  path: string;
  deviceId?: string;
}

/** Records changed records in the change log the pull cursor walks. */
export async function insertChanges(db: Db, changes: readonly ChangeToLog[]): Promise<void> {
  if (changes.length === 0) return;
  await changesSql(changes).execute(db);
}

/** The statement recording changed records in the change log (at least one): one JSON parameter, not four per row. */
export function changesSql(changes: readonly ChangeToLog[]) {
  const rows = JSON.stringify(changes.map((c) => [c.entity, c.entityId, c.path, c.deviceId ?? null]));
  return sql`
    insert into change_log (entity, entity_id, path, device_id)
    select r ->> 0, r ->> 1, r ->> 2, r ->> 3 from jsonb_array_elements(${rows}::jsonb) as r`;
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

/** A page of the change log: the rows to hand out, where the page ends, and whether more follow. */
export interface ChangePage {
  rows: ChangeRef[];
  /** The last row the page covers (left out of `rows` when it is the asking device's own). */
  last: { xid: string; id: string } | null;
  hasMore: boolean;
  /** The next transaction id not yet assigned, seen by the same snapshot: no cursor reaches it. */
  nextXid: string;
}

/**
 * Up to `limit` change-log rows after (xid, id) in the scope of `scopePath`, written by
 * transactions that had finished when this statement's snapshot was taken, below every transaction
 * of this database still running. The frontier is the oldest in-progress xid of the snapshot,
 * leaving out only those positively seen running in another database (a long load there must not
 * stall phones here); an xid that cannot be placed counts as ours, which can only delay a row,
 * never skip it. Rows written by `skipDeviceId` count towards the page but are not returned (the
 * phone has them): a phone that pushed 500 entries does not read them back.
 */
export async function findChangesAfter(
  db: Db,
  after: { xid: string; id: string },
  scopePath: string,
  limit: number,
  skipDeviceId?: string,
): Promise<ChangePage> {
  const inScope = likePrefix(scopePath);
  // The scope's ancestors ('/a/', '/a/b/' for '/a/b/c/'): their unit records concern the device too.
  // (The scope's own unit is in its subtree.)
  const parts = scopePath.split('/').filter((p) => p.length > 0);
  const ancestorPaths = parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
  const skip = skipDeviceId ?? null;
  // One row past the page tells whether more follow.
  const scanLimit = limit + 1;
  // Each kind of row the device may need is read through its own index, up to a page, and the
  // three merged: one scan filtering every change after the cursor by path read the whole
  // country's changes to find a commune's few (a phone back after days offline, or a first pull,
  // paid for every entry the rest of the country had sent meanwhile).
  const branch = (where: RawBuilder<unknown>) => sql`
    select c.xid, c.id, c.entity, c.entity_id, c.device_id
    from change_log c
    where (c.xid, c.id) > (${after.xid}::xid8, ${after.id}::bigint)
      and c.xid < (select f from frontier)
      and ${where}
    order by c.xid, c.id
    limit ${scanLimit}`;
  const result = await sql<{
    xid: string;
    id: string;
    entity: ChangeRef['entity'];
    entity_id: string;
    device_id: string | null;
    n: number;
    scanned: number;
    next_xid: string;
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
    ),
    page as (
      select c.xid, c.id, c.entity, c.entity_id, c.device_id, row_number() over (order by c.xid, c.id) as n
      from (
        (${branch(sql`c.path like ${inScope}`)})
        union
        (${branch(sql`c.entity = 'plan'`)})
        union
        (${branch(sql`c.entity = 'unit' and c.path = any(${ancestorPaths}::text[])`)})
        order by xid, id
        limit ${scanLimit}
      ) c
    ),
    counted as (select count(*)::int as scanned from page)
    select p.xid::text as xid, p.id::text as id, p.entity, p.entity_id, p.device_id, p.n::int as n, counted.scanned,
      (select pg_snapshot_xmax(s)::text from snap) as next_xid
    from counted left join page p on p.n <= ${limit}
      and (${skip}::text is null or p.device_id is distinct from ${skip}::text or p.n = least(counted.scanned, ${limit}))
    order by p.n`.execute(db);
  // One row at least (the count), with no change when the page is empty.
  const found = result.rows.filter((r) => r.xid !== null);
  const scanned = result.rows[0]?.scanned ?? 0;
  const end = Math.min(scanned, limit);
  const lastRow = found.find((r) => r.n === end);
  const rows = found.filter((r) => skip === null || r.device_id !== skip);
  return {
    rows: rows.map((r) => ({ xid: r.xid, id: r.id, entity: r.entity, entityId: r.entity_id, deviceId: r.device_id })),
    last: lastRow ? { xid: lastRow.xid, id: lastRow.id } : null,
    hasMore: scanned > limit,
    nextXid: result.rows[0]!.next_xid,
  };
}

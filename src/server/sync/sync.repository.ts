import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A device's position in its own sequence, locked until the transaction ends, and whether it last
 * synced as a first-release phone.
 */
export async function lockDeviceSequence(
  trx: Transaction<Database>,
  deviceId: string,
): Promise<{ lastSeq: number; legacyKinds: boolean; rescope: boolean }> {
  const row = await trx
    .selectFrom('devices')
    .select(['last_seq', 'legacy_kinds', 'rescope'])
    .where('id', '=', deviceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { lastSeq: Number(row.last_seq), legacyKinds: row.legacy_kinds, rescope: row.rescope === true };
}

/** The statement storing what a sync learnt of a device, for the caller to run with its other writes. */
export function updateDeviceSyncSql(
  deviceId: string,
  values: { lastSeq: number; pending?: number; lastSyncAt: string; legacyKinds: boolean; rescope?: boolean },
): RawBuilder<unknown> {
  return sql`update devices set last_seq = ${values.lastSeq}, last_sync_at = ${values.lastSyncAt},
    pending = coalesce(${values.pending ?? null}::int, pending), legacy_kinds = ${values.legacyKinds},
    rescope = ${values.rescope ?? false}
    where id = ${deviceId}`;
}

/** The epoch of this database, read once per database handle: it is set when the schema is made. */
export async function findEpoch(db: Db): Promise<string> {
  let epoch = epochs.get(db);
  if (epoch === undefined) {
    epoch = await readEpoch(db);
    epochs.set(db, epoch);
  }
  return epoch;
}
const epochs = new WeakMap<object, string>();

/** The epoch of this database: cursors of another database are unusable here. */
async function readEpoch(db: Db): Promise<string> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return row.value;
}

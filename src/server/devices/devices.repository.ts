import type { Kysely, Transaction } from 'kysely';
import type { Database, DeviceRow, EnrollmentCodeRow } from '../db/schema';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** A device with its unit's path. */
export type DeviceWithPath = DeviceRow & { path: string };

/** The device holding a token (by hash), with its unit's path. */
export async function findDeviceByTokenHash(db: Db, tokenHash: string): Promise<DeviceWithPath | undefined> {
  return db
    .selectFrom('devices')
    .innerJoin('units', 'units.id', 'devices.unit_id')
    .selectAll('devices')
    .select('units.path')
    .where('devices.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** One device with its unit's path. */
export async function findDevice(db: Db, id: string): Promise<DeviceWithPath | undefined> {
  return db
    .selectFrom('devices')
    .innerJoin('units', 'units.id', 'devices.unit_id')
    .selectAll('devices')
    .select('units.path')
    .where('devices.id', '=', id)
    .executeTakeFirst();
}

/** Devices of a subtree, with their unit's name. */
export async function findDevicesInSubtree(db: Db, path: string) {
  return db
    .selectFrom('devices')
    .innerJoin('units', 'units.id', 'devices.unit_id')
    .select([
      'devices.id',
      'devices.name',
      'devices.unit_id',
      'units.name as unit_name',
      'devices.role',
      'devices.created_at',
      'devices.last_sync_at',
      'devices.pending',
      'devices.revoked_at',
    ])
    .where('units.path', 'like', likePrefix(path))
    .orderBy('units.path')
    .orderBy('devices.created_at')
    .execute();
}

/** Every device (for the admin command). */
export async function findAllDevices(db: Db) {
  return db
    .selectFrom('devices')
    .select(['id', 'name', 'unit_id', 'role', 'created_at', 'last_sync_at', 'pending', 'revoked_at'])
    .orderBy('created_at')
    .execute();
}

/** Stores a new enrollment code (by hash). */
export async function insertEnrollmentCode(db: Db, row: EnrollmentCodeRow): Promise<void> {
  await db.insertInto('enrollment_codes').values(row).execute();
}

/**
 * Takes a code once: marks it used if it exists, is unused and has not expired, and returns it.
 * The conditional update makes two phones racing for one code get one device between them.
 */
export async function consumeEnrollmentCode(
  db: Db,
  codeHash: string,
  nowIso: string,
  deviceId: string,
): Promise<EnrollmentCodeRow | undefined> {
  return db
    .updateTable('enrollment_codes')
    .set({ used_at: nowIso, used_by: deviceId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .returningAll()
    .executeTakeFirst();
}

/** Stores a new device. */
export async function insertDevice(db: Db, row: DeviceRow): Promise<void> {
  await db.insertInto('devices').values(row).execute();
}

/** Revokes a device; its token stops working at once. */
export async function revokeDevice(db: Db, id: string, nowIso: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ revoked_at: nowIso })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Last good sync and unsent entries per unit of a subtree (devices not revoked). */
export async function findSyncStatusInSubtree(db: Db, path: string) {
  return db
    .selectFrom('devices')
    .innerJoin('units', 'units.id', 'devices.unit_id')
    .select((eb) => [
      'devices.unit_id',
      eb.fn.max('devices.last_sync_at').as('last_sync_at'),
      eb.fn.sum<number | string>('devices.pending').as('pending'),
    ])
    .where('units.path', 'like', likePrefix(path))
    .where('devices.revoked_at', 'is', null)
    .groupBy('devices.unit_id')
    .execute();
}

/** True when some supervisor device is enrolled and not revoked. */
export async function hasActiveSupervisor(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('devices')
    .select('id')
    .where('role', '=', 'supervisor')
    .where('revoked_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

import type { Kysely, Transaction } from 'kysely';
import type { Unit, UnitKind } from '../../shared/unit';
import type { Database, UnitRow } from '../db/schema';
import { insertChanges } from '../sync/change-log.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** The domain unit of a row. */
export function unitOf(row: UnitRow): Unit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as UnitKind,
    parentId: row.parent_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

/** Escapes LIKE wildcards so a path prefix matches literally. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The ids on a path, root first. */
function idsOnPath(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}

/** One unit by id. */
export async function findUnitById(db: Db, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Units by ids (missing ones are left out). */
export async function findUnitsByIds(db: Db, ids: readonly string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** The unit at `path` and every unit below it. */
export async function findSubtree(db: Db, path: string): Promise<UnitRow[]> {
  return db.selectFrom('units').selectAll().where('path', 'like', likePrefix(path)).orderBy('path').execute();
}

/** The ancestors of a unit, root first, the unit excluded. */
export async function findAncestors(db: Db, unit: UnitRow): Promise<UnitRow[]> {
  const ids = idsOnPath(unit.path).slice(0, -1);
  const rows = await findUnitsByIds(db, ids);
  return rows.sort((a, b) => a.path.length - b.path.length);
}

/** The direct children of a unit, optionally of one kind, by code. */
export async function findChildUnits(db: Db, parentId: string, kind?: UnitKind): Promise<UnitRow[]> {
  let query = db.selectFrom('units').selectAll().where('parent_id', '=', parentId);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('code').execute();
}

/** Every unit, or those of a kind. */
export async function findAllUnits(db: Db, kind?: UnitKind): Promise<UnitRow[]> {
  let query = db.selectFrom('units').selectAll();
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('path').execute();
}

/** True when the database holds no unit (an empty server). */
export async function hasNoUnits(db: Db): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Inserts units, parents before children (parents may be earlier in the list or already stored),
 * records them in the change log so phones in scope pull them, and returns the rows.
 */
export async function insertUnits(db: Db, units: readonly Unit[]): Promise<UnitRow[]> {
  const pathOf = new Map<string, string>();
  const parentIds = units.map((u) => u.parentId).filter((id): id is string => id !== null);
  for (const row of await findUnitsByIds(db, parentIds)) pathOf.set(row.id, row.path);
  const rows: UnitRow[] = [];
  for (const unit of units) {
    const parentPath = unit.parentId === null ? '/' : pathOf.get(unit.parentId);
    if (parentPath === undefined) throw new Error(`Đơn vị cha ${unit.parentId} của ${unit.id} không tồn tại.`);
    const path = `${parentPath}${unit.id}/`;
    pathOf.set(unit.id, path);
    rows.push({
      id: unit.id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parent_id: unit.parentId,
      valid_from: unit.validFrom ?? null,
      valid_to: unit.validTo ?? null,
      path,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db.insertInto('units').values(chunk).execute();
    await insertChanges(
      db,
      chunk.map((r) => ({ entity: 'unit', entityId: r.id, path: r.path })),
    );
  }
  return rows;
}

/** The top units still valid on `date` (a local date), in path order. */
export async function findCurrentRootUnits(db: Db, date: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('parent_id', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
    .orderBy('path')
    .execute();
}

import type { Kysely, Transaction } from 'kysely';
import type { MergeKind } from '../../shared/unit';
import type { Database, UnitRow, UnitSuccessionRow } from '../db/schema';
import { likePrefix } from './units.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** A succession as stored. */
export interface Succession {
  oldUnitId: string;
  newUnitId: string;
  merge: MergeKind;
  effectiveOn: string;
}

/** Stores successions; one given again (same old and new unit) takes the new merge and date. */
export async function upsertSuccessions(db: Db, successions: readonly Succession[]): Promise<void> {
  for (let i = 0; i < successions.length; i += 1000) {
    const rows: UnitSuccessionRow[] = successions.slice(i, i + 1000).map((s) => ({
      old_unit_id: s.oldUnitId,
      new_unit_id: s.newUnitId,
      merge: s.merge,
      effective_on: s.effectiveOn,
    }));
    await db
      .insertInto('unit_successions')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['old_unit_id', 'new_unit_id']).doUpdateSet((eb) => ({
          merge: eb.ref('excluded.merge'),
          effective_on: eb.ref('excluded.effective_on'),
        })),
      )
      .execute();
  }
}

/** An old unit that went (wholly or in part) into a unit of a subtree, with every unit it went into. */
export interface Predecessor {
  /** The old unit's row (its path reaches its own station and post-office point). */
  unit: UnitRow;
  merge: MergeKind;
  /** The local date the new units took over. */
  effectiveOn: string;
  /** Every new unit it went into, inside the subtree or not, by name. */
  successors: { id: string; name: string; path: string }[];
}

/** The old units that went into units of the subtree at `path`. */
export async function findPredecessorsInto(db: Db, path: string): Promise<Predecessor[]> {
  const into = await db
    .selectFrom('unit_successions as s')
    .innerJoin('units as n', 'n.id', 's.new_unit_id')
    .select('s.old_unit_id')
    .distinct()
    .where('n.path', 'like', likePrefix(path))
    .execute();
  if (into.length === 0) return [];
  const oldIds = into.map((r) => r.old_unit_id);
  const rows = await db
    .selectFrom('unit_successions as s')
    .innerJoin('units as n', 'n.id', 's.new_unit_id')
    .innerJoin('units as o', 'o.id', 's.old_unit_id')
    .select([
      's.old_unit_id',
      's.merge',
      's.effective_on',
      'n.id as new_id',
      'n.name as new_name',
      'n.path as new_path',
    ])
    .select(['o.code', 'o.name', 'o.kind', 'o.parent_id', 'o.valid_from', 'o.valid_to', 'o.path'])
    .where('s.old_unit_id', 'in', oldIds)
    .orderBy('o.path')
    .orderBy('n.path')
    .execute();
  const byOld = new Map<string, Predecessor>();
  for (const r of rows) {
    let found = byOld.get(r.old_unit_id);
    if (!found) {
      const unit: UnitRow = {
        id: r.old_unit_id,
        code: r.code,
        name: r.name,
        kind: r.kind,
        parent_id: r.parent_id,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        path: r.path,
      };
      found = { unit, merge: r.merge, effectiveOn: r.effective_on, successors: [] };
      byOld.set(r.old_unit_id, found);
    }
    // An old unit listed full on one row and partial on another is shared: shown as partial.
    if (r.merge === 'partial') found.merge = 'partial';
    found.successors.push({ id: r.new_id, name: r.new_name, path: r.new_path });
  }
  return [...byOld.values()];
}

/**
 * The paths of old units that went into a unit of the subtree at `path` (a moved phone's former
 * units), or only those that went into it whole.
 */
export async function findPredecessorPaths(db: Db, path: string, merge?: MergeKind): Promise<string[]> {
  let query = db
    .selectFrom('unit_successions as s')
    .innerJoin('units as n', 'n.id', 's.new_unit_id')
    .innerJoin('units as o', 'o.id', 's.old_unit_id')
    .select('o.path')
    .distinct()
    .where('n.path', 'like', likePrefix(path));
  if (merge) query = query.where('s.merge', '=', merge);
  return (await query.execute()).map((r) => r.path);
}

/** The units an old unit went into, with how. */
export async function findSuccessorsOf(db: Db, oldUnitId: string) {
  return db
    .selectFrom('unit_successions')
    .selectAll()
    .where('old_unit_id', '=', oldUnitId)
    .orderBy('new_unit_id')
    .execute();
}

/** Records that the merge command carried an old unit's phones and tasks into a new unit. */
export async function markMerged(db: Db, oldUnitId: string, newUnitId: string, atIso: string): Promise<void> {
  await db
    .updateTable('unit_successions')
    .set({ merged_at: atIso })
    .where('old_unit_id', '=', oldUnitId)
    .where('new_unit_id', '=', newUnitId)
    .execute();
}

import type { Kysely } from 'kysely';
import type { Assignment, Plan } from '../../shared/plan';
import type { Database, UnitRow } from '../db/schema';
import { findLatestPlans, insertPlanVersion, updatePlanVersion } from '../plans/plans.repository';
import { insertChanges } from '../sync/change-log.repository';
import { findSuccessorsOf, markMerged } from './successions.repository';
import { findChildUnits, findSubtree, findUnitById, findUnitsByIds } from './units.repository';

/** A merge refused, in words: nothing was changed. */
export class MergeError extends Error {}

/** What a merge carried over. */
export interface MergeOutcome {
  from: { id: string; name: string };
  into: { id: string; name: string };
  devices: number;
  plans: number;
  /**
   * Tasks the old unit had through an assignment by kind ("every commune of the district") that
   * does not reach the new unit, now assigned to it (one per task and unit).
   */
  byKind: number;
}

/**
 * Carries an old unit over into the new unit it went into (the 2025 reform): its phones (and
 * unused enrollment codes) move to the new unit, those of its station and post-office point to
 * the new unit's own when it has one of that kind, and each phone's next sync downloads its new
 * scope; tasks assigned to it (or to its station, point), directly or as a unit of a kind under an
 * old district, are also assigned to the new one in a new version of each plan, which phones learn
 * through the change log. Entries stay under the old
 * unit, where they were logged: reports count them under the new one through the succession. The
 * succession records when this was done. A unit shared among several (partial) needs `intoId`.
 */
export async function mergeUnit(
  db: Kysely<Database>,
  input: { fromId: string; intoId?: string | undefined; now: Date },
): Promise<MergeOutcome> {
  const from = await findUnitById(db, input.fromId);
  if (!from) throw new MergeError(`Không có đơn vị ${input.fromId}; xem "npm run admin -- units".`);
  const successions = await findSuccessorsOf(db, from.id);
  if (successions.length === 0)
    throw new MergeError(
      `${from.name} (${from.id}) chưa có trong danh sách sáp nhập; hãy nạp tệp sáp nhập trước (load-successions).`,
    );
  const successors = await findUnitsByIds(
    db,
    successions.map((s) => s.new_unit_id),
  );
  const listed = successors.map((u) => `${u.name} (${u.id})`).join(', ');
  const intoId = input.intoId ?? (successions.length === 1 ? successions[0]!.new_unit_id : undefined);
  if (!intoId)
    throw new MergeError(
      `${from.name} được sáp nhập một phần vào ${listed}: hãy chọn đơn vị nhận máy và nhiệm vụ bằng --into <id>.`,
    );
  const into = successors.find((u) => u.id === intoId);
  if (!into) throw new MergeError(`${from.name} không sáp nhập vào ${intoId}; đơn vị kế tiếp của nó: ${listed}.`);

  // Each unit of the old subtree and where it goes: the new unit's own unit of the same kind, else the new unit.
  const children = await findChildUnits(db, into.id);
  const targetOf = new Map<string, string>();
  const oldUnits = await findSubtree(db, from.path);
  for (const unit of oldUnits) {
    const sameKind = children.filter((c) => c.kind === unit.kind);
    targetOf.set(unit.id, unit.id !== from.id && sameKind.length === 1 ? sameKind[0]!.id : into.id);
  }
  const nowIso = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    let devices = 0;
    for (const [oldId, newId] of targetOf) {
      const moved = await trx
        .updateTable('devices')
        .set({ unit_id: newId, rescope: true })
        .where('unit_id', '=', oldId)
        .executeTakeFirst();
      devices += Number(moved.numUpdatedRows);
      await trx
        .updateTable('enrollment_codes')
        .set({ unit_id: newId })
        .where('unit_id', '=', oldId)
        .where('used_at', 'is', null)
        .execute();
    }
    const latest = await findLatestPlans(trx);
    // Where the units named by kind assignments sit, to tell which units such an assignment reaches.
    const holders = latest.flatMap((plan) => plan.assignments.filter((a) => a.unitKind !== null).map((a) => a.unitId));
    const units = new Map([into, ...children, ...(await findUnitsByIds(trx, holders))].map((u) => [u.id, u]));
    const tree: MergeTree = { targetOf, oldUnits, units };
    let plans = 0;
    let byKind = 0;
    for (const plan of latest) {
      const carried = carriedPlan(plan, tree);
      if (!carried) continue;
      plans++;
      byKind += carried.byKind;
      if (plan.status === 'draft') {
        await updatePlanVersion(trx, carried.plan, nowIso);
        continue;
      }
      const next: Plan = { ...carried.plan, version: plan.version + 1, publishedAt: nowIso };
      await insertPlanVersion(trx, next, nowIso);
      const owner = await findUnitById(trx, next.unitId);
      // Phones of the old unit's scope and of the new one's both hear of it.
      const paths = new Set([owner!.path, from.path, into.path]);
      await insertChanges(
        trx,
        [...paths].map((path) => ({ entity: 'plan' as const, entityId: next.id, path })),
      );
    }
    await markMerged(trx, from.id, into.id, nowIso);
    return { from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, devices, plans, byKind };
  });
}

/** The old subtree, where each of its units goes, and the rows of the units plans name by kind. */
interface MergeTree {
  readonly targetOf: ReadonlyMap<string, string>;
  readonly oldUnits: readonly UnitRow[];
  readonly units: ReadonlyMap<string, UnitRow>;
}

/**
 * The plan with each task given to an old unit also given to its target (the old assignment stays:
 * the months before the reform are still reported as they were, in the old tree), and `byKind`, how
 * many of those came from an assignment by kind; null when it names none of them. A task given to
 * every unit of a kind under an old district reaches the old unit but not the new one, which sits
 * under the new province: the new one gets it directly, unless an assignment already reaches it.
 * A plan owned by the old unit passes to the new one.
 */
function carriedPlan(plan: Plan, tree: MergeTree): { plan: Plan; byKind: number } | null {
  const assignments: Assignment[] = [...plan.assignments];
  const has = (a: Assignment) =>
    assignments.some((b) => b.taskId === a.taskId && b.unitId === a.unitId && b.unitKind === a.unitKind);
  const reaches = (a: Assignment, unit: UnitRow) => {
    if (a.unitKind === null) return a.unitId === unit.id;
    const holder = tree.units.get(a.unitId);
    return a.unitKind === unit.kind && holder !== undefined && unit.path.startsWith(holder.path);
  };
  for (const a of plan.assignments) {
    const target = tree.targetOf.get(a.unitId);
    if (target === undefined) continue;
    const moved = { ...a, unitId: target };
    if (!has(moved)) assignments.push(moved);
  }
  let byKind = 0;
  for (const old of tree.oldUnits) {
    const target = tree.units.get(tree.targetOf.get(old.id)!);
    if (!target) continue;
    for (const a of plan.assignments) {
      if (a.unitKind === null || !reaches(a, old)) continue;
      if (assignments.some((b) => b.taskId === a.taskId && reaches(b, target))) continue;
      assignments.push({ taskId: a.taskId, unitId: target.id, unitKind: null });
      byKind++;
    }
  }
  const owner = tree.targetOf.get(plan.unitId) ?? plan.unitId;
  if (owner === plan.unitId && assignments.length === plan.assignments.length) return null;
  return { plan: { ...plan, unitId: owner, assignments }, byKind };
}

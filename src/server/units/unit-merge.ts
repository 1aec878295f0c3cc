import type { Kysely } from 'kysely';
import type { Assignment, Plan } from '../../shared/plan';
import type { Database } from '../db/schema';
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
}

/**
 * Carries an old unit over into the new unit it went into (the 2025 reform): its phones (and
 * unused enrollment codes) move to the new unit, those of its station and post-office point to
 * the new unit's own when it has one of that kind, and each phone's next sync downloads its new
 * scope; tasks assigned to it (or to its station, point) are also assigned to the new one in a new
 * version of each plan, which phones learn through the change log. Entries stay under the old
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
  for (const unit of await findSubtree(db, from.path)) {
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
    let plans = 0;
    for (const plan of await findLatestPlans(trx)) {
      const carried = carriedPlan(plan, targetOf);
      if (!carried) continue;
      plans++;
      if (plan.status === 'draft') {
        await updatePlanVersion(trx, carried, nowIso);
        continue;
      }
      const next: Plan = { ...carried, version: plan.version + 1, publishedAt: nowIso };
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
    return { from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, devices, plans };
  });
}

/**
 * The plan with each task given to an old unit also given to its target (the old assignment stays:
 * the months before the reform are still reported as they were, in the old tree); null when it
 * names none of them. A plan owned by the old unit passes to the new one.
 */
function carriedPlan(plan: Plan, targetOf: ReadonlyMap<string, string>): Plan | null {
  const assignments: Assignment[] = [...plan.assignments];
  for (const a of plan.assignments) {
    const target = targetOf.get(a.unitId);
    if (target === undefined) continue;
    const moved = { ...a, unitId: target };
    if (
      !assignments.some((b) => b.taskId === moved.taskId && b.unitId === moved.unitId && b.unitKind === moved.unitKind)
    )
      assignments.push(moved);
  }
  const owner = targetOf.get(plan.unitId) ?? plan.unitId;
  if (owner === plan.unitId && assignments.length === plan.assignments.length) return null;
  return { ...plan, unitId: owner, assignments };
}

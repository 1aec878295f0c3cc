import type { Plan } from '../../shared/plan';

/**
 * True when a plan concerns a device's scope: a task is assigned to a unit inside it, or to a
 * kind of unit under one of its ancestors (a district's "every commune"), or the plan is owned
 * inside it. `pathOf` maps unit ids to their paths.
 */
export function isPlanInScope(plan: Plan, scopePath: string, pathOf: ReadonlyMap<string, string>): boolean {
  const ownerPath = pathOf.get(plan.unitId);
  if (ownerPath?.startsWith(scopePath)) return true;
  return plan.assignments.some((assignment) => {
    const path = pathOf.get(assignment.unitId);
    if (!path) return false;
    if (path.startsWith(scopePath)) return true;
    return assignment.unitKind !== null && scopePath.startsWith(path);
  });
}

/** The unit ids a plan names (owner and assignments), to look up their paths. */
export function unitIdsOfPlan(plan: Plan): string[] {
  return [plan.unitId, ...plan.assignments.map((a) => a.unitId)];
}

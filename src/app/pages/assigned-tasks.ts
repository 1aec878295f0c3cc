import type { ActivityKind } from '../../shared/activity';
import type { Plan, Task } from '../../shared/plan';
import { resolveAssignees } from '../../shared/report';
import { indexUnits, subtreeOf, type Unit } from '../../shared/unit';

/** A task assigned within the phone's unit, with its plan. */
export interface AssignedTask {
  planId: string;
  task: Task;
}

// Walking a province's tree for every task costs a slow phone milliseconds per screen; the scope's
// arrays only change when a sync brings new plans or units.
let cached: { plans: readonly Plan[]; units: readonly Unit[]; unitId: string; tasks: AssignedTask[] } | null = null;

/** The tasks of the stored plans assigned to the unit or to a unit below it. */
export function assignedTasks(plans: readonly Plan[], units: readonly Unit[], unitId: string): AssignedTask[] {
  if (cached && cached.plans === plans && cached.units === units && cached.unitId === unitId) return cached.tasks;
  const tasks = findAssignedTasks(plans, units, unitId);
  cached = { plans, units, unitId, tasks };
  return tasks;
}

function findAssignedTasks(plans: readonly Plan[], units: readonly Unit[], unitId: string): AssignedTask[] {
  const index = indexUnits(units);
  const mine = new Set(subtreeOf(index, unitId).map((u) => u.id));
  const result: AssignedTask[] = [];
  for (const plan of plans) {
    for (const task of plan.tasks) {
      const assigned = plan.assignments.some(
        (a) => a.taskId === task.id && resolveAssignees(a, index).some((u) => mine.has(u.id)),
      );
      if (assigned) result.push({ planId: plan.id, task });
    }
  }
  return result;
}

/** True when a task asks for a kind of activity (or names no kind at all). */
export function taskTakesKind(task: Task, kind: ActivityKind): boolean {
  return task.kinds.includes(kind);
}

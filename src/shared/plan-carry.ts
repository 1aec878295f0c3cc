import { isRealDate } from './format';
import type { Assignment, Plan } from './plan';

/** Where a carried plan goes: its year, its owner, and which units still exist then. */
export interface CarryOptions {
  readonly year: number;
  /**
   * The unit that owns the carried plan: the old owner while it still exists in `year`; after a
   * reorganisation (no districts since 1/7/2025), the unit that took its work over.
   */
  readonly ownerId: string;
  /** True when a unit exists in `year`. */
  readonly exists: (unitId: string) => boolean;
  readonly newId: () => string;
}

/**
 * A plan carried into another year, as a draft to review: the same tasks, targets, budgets and
 * assignments, with new ids, the year moved in the title, the timing words and every date. A
 * plan is mostly the same from year to year; the officer then edits what changed and publishes.
 * It has no number nor date of issue yet. An assignment to a unit that no longer exists moves
 * to the new owner when it names a kind of unit ("every commune"), and is dropped otherwise.
 */
export function carryPlan(plan: Plan, options: CarryOptions): Plan {
  const { year, ownerId } = options;
  const shift = year - plan.year;
  const words = (text: string) => text.replace(new RegExp(`(?<!\\d)${plan.year}(?!\\d)`, 'g'), String(year));
  const date = (iso: string) => shiftYears(iso, shift);
  const idOf = new Map(plan.tasks.map((task) => [task.id, options.newId()] as const));
  const tasks = plan.tasks.map((task) => ({
    ...task,
    id: idOf.get(task.id)!,
    title: words(task.title),
    timing: words(task.timing),
    window: task.window && { from: date(task.window.from), to: date(task.window.to) },
    deadline: task.deadline && date(task.deadline),
  }));
  const assignments: Assignment[] = [];
  const seen = new Set<string>();
  for (const assignment of plan.assignments) {
    const taskId = idOf.get(assignment.taskId);
    if (!taskId) continue;
    const unitId = options.exists(assignment.unitId) ? assignment.unitId : assignment.unitKind ? ownerId : null;
    if (unitId === null) continue;
    const key = `${taskId} ${unitId} ${assignment.unitKind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    assignments.push({ taskId, unitId, unitKind: assignment.unitKind });
  }
  return {
    ...plan,
    id: '',
    unitId: ownerId,
    number: null,
    title: words(plan.title),
    // The issuer is the owner's people's committee: a new owner issues its own plan.
    issuer: ownerId === plan.unitId ? plan.issuer : null,
    year,
    issuedOn: null,
    version: 1,
    status: 'draft',
    publishedAt: null,
    tasks,
    assignments,
  };
}

/** An ISO date moved by whole years; 29 February becomes 28 February in a common year. */
function shiftYears(iso: string, years: number): string {
  const moved = `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
  return isRealDate(moved) ? moved : `${moved.slice(0, 8)}28`;
}

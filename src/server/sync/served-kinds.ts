import type { Activity } from '../../shared/activity';
import type { Plan } from '../../shared/plan';

/**
 * The kinds the first release of the phone knew. That release fails on an entry or a task of any
 * other kind, and it says nothing of the kinds it knows; later releases say so (`kinds`) and keep
 * and show entries of kinds they do not know.
 */
const FIRST_RELEASE_KINDS: ReadonlySet<string> = new Set([
  'broadcast',
  'article',
  'material',
  'visual',
  'training',
  'meeting',
  'contest',
  'other',
]);

/** The kinds a phone may be served: all (null) when it said which it knows, else the first release's. */
export function servedKindsOf(known: readonly string[] | undefined): ReadonlySet<string> | null {
  return known === undefined ? FIRST_RELEASE_KINDS : null;
}

/** Entries a phone may be served: those of kinds it can hold. */
export function servedActivities(activities: Activity[], served: ReadonlySet<string> | null): Activity[] {
  return served ? activities.filter((a) => served.has(a.kind)) : activities;
}

/** A plan as a phone may be served it: each task counts only kinds the phone can log ("other" at least). */
export function servedPlan(plan: Plan, served: ReadonlySet<string> | null): Plan {
  if (!served || plan.tasks.every((task) => task.kinds.every((kind) => served.has(kind)))) return plan;
  return {
    ...plan,
    tasks: plan.tasks.map((task) => {
      const kinds = task.kinds.filter((kind) => served.has(kind));
      return { ...task, kinds: kinds.length > 0 ? kinds : ['other'] };
    }),
  };
}

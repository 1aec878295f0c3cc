import type { Kysely, Transaction } from 'kysely';
import type { Assignment, Indicator, Plan, PlanSchedule, Task } from '../../shared/plan';
import type { Database, PlanRow } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The domain plan of a row. */
export function planOf(row: PlanRow): Plan {
  return {
    id: row.id,
    unitId: row.unit_id,
    number: row.number,
    title: row.title,
    issuer: row.issuer,
    year: row.year,
    issuedOn: row.issued_on,
    version: row.version,
    status: row.status as Plan['status'],
    publishedAt: row.published_at,
    tasks: row.tasks as unknown as Task[],
    assignments: row.assignments as unknown as Assignment[],
    indicators: (row.indicators ?? []) as unknown as Indicator[],
    schedule: (row.schedule ?? null) as PlanSchedule | null,
  };
}

/** The row values of a plan version. */
function planValuesOf(plan: Plan, updatedAt: string) {
  return {
    id: plan.id,
    version: plan.version,
    unit_id: plan.unitId,
    number: plan.number,
    title: plan.title,
    issuer: plan.issuer,
    year: plan.year,
    issued_on: plan.issuedOn,
    status: plan.status,
    published_at: plan.publishedAt,
    tasks: JSON.stringify(plan.tasks),
    assignments: JSON.stringify(plan.assignments),
    indicators: JSON.stringify(plan.indicators ?? []),
    schedule: plan.schedule ? JSON.stringify(plan.schedule) : null,
    updated_at: updatedAt,
  };
}

/** The newest published version of each plan (of the given ids, or all). */
export async function findPublishedPlans(db: Db, ids?: readonly string[]): Promise<Plan[]> {
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom('plans').selectAll().distinctOn('id').where('status', '=', 'published');
  if (ids) query = query.where('id', 'in', [...new Set(ids)]);
  const rows = await query.orderBy('id').orderBy('version', 'desc').execute();
  return rows.map(planOf);
}

/** The newest version (draft or published) of each plan owned by units of the given ids. */
export async function findLatestPlans(db: Db, unitIds?: readonly string[]): Promise<Plan[]> {
  if (unitIds && unitIds.length === 0) return [];
  let query = db.selectFrom('plans').selectAll().distinctOn('id');
  if (unitIds) query = query.where('unit_id', 'in', [...new Set(unitIds)]);
  const rows = await query.orderBy('id').orderBy('version', 'desc').execute();
  return rows.map(planOf);
}

/** Every version of one plan, newest first. */
export async function findPlanVersions(db: Db, id: string): Promise<Plan[]> {
  const rows = await db.selectFrom('plans').selectAll().where('id', '=', id).orderBy('version', 'desc').execute();
  return rows.map(planOf);
}

/** Stores a new plan version. */
export async function insertPlanVersion(db: Db, plan: Plan, nowIso: string): Promise<void> {
  await db.insertInto('plans').values(planValuesOf(plan, nowIso)).execute();
}

/** Overwrites a plan version (a draft being edited, or being published). */
export async function updatePlanVersion(db: Db, plan: Plan, nowIso: string): Promise<void> {
  const { id, version, ...values } = planValuesOf(plan, nowIso);
  await db.updateTable('plans').set(values).where('id', '=', id).where('version', '=', version).execute();
}

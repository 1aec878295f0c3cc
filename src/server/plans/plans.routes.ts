import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import * as z from 'zod/mini';
import {
  type Assignment,
  assignmentSchema,
  type Plan,
  type PlanInput,
  planInputSchema,
  type Task,
} from '../../shared/plan';
import type { Database } from '../db/schema';
import { insertChanges } from '../sync/change-log.repository';
import { authenticate, authenticateSupervisor, type Caller, isInScope } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { findUnitById, findUnitsByIds } from '../units/units.repository';
import { registerPlanImportRoute } from './plan-import.route';
import { isPlanInScope, unitIdsOfPlan } from './plan-scope';
import {
  findLatestPlans,
  findPlanVersions,
  findPublishedPlans,
  insertPlanVersion,
  updatePlanVersion,
} from './plans.repository';

/** Turns a plan as typed or imported into a plan version: ids for tasks, assignments resolved. */
function planFromInput(input: PlanInput, id: string, unitId: string, version: number): Plan {
  const tasks: Task[] = input.tasks.map((t, index) => ({
    id: t.id ?? randomUUID(),
    ordinal: t.ordinal ?? String(index + 1),
    title: t.title,
    products: t.products ?? [],
    lead: t.lead ?? [],
    cooperating: t.cooperating ?? [],
    timing: t.timing ?? '',
    window: t.window ?? null,
    deadline: t.deadline ?? null,
    target: t.target ?? null,
    budgetVnd: t.budgetVnd ?? null,
    kinds: t.kinds ?? [],
    notes: t.notes ?? null,
  }));
  const byKey = new Map<string, string>();
  for (const task of tasks) {
    byKey.set(task.ordinal, task.id);
    byKey.set(task.id, task.id);
  }
  const assignments: Assignment[] = [];
  for (const [index, a] of (input.assignments ?? []).entries()) {
    const taskId = byKey.get(a.taskId);
    if (!taskId) {
      const message = `Phân công thứ ${index + 1} chỉ tới nhiệm vụ "${a.taskId}" không có trong kế hoạch.`;
      throw new HttpError(400, MESSAGES.badRequest, [{ path: `assignments.${index}.taskId`, message }]);
    }
    assignments.push(assignmentSchema.parse({ taskId, unitId: a.unitId, unitKind: a.unitKind ?? null }));
  }
  return {
    id,
    unitId,
    number: input.number ?? null,
    title: input.title,
    issuer: input.issuer ?? null,
    year: input.year,
    issuedOn: input.issuedOn ?? null,
    version,
    status: 'draft',
    publishedAt: null,
    tasks,
    assignments,
    indicators: input.indicators ?? [],
    schedule: input.schedule ?? null,
  };
}

/** Plans: list, create a draft, edit or revise, publish, and import a document. */
export async function plansRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  // Inside a transaction, pass it: PGlite has one connection and would wait on itself.
  const checkUnits = async (db: Kysely<Database> | Transaction<Database>, caller: Caller, plan: Plan) => {
    const units = await findUnitsByIds(db, unitIdsOfPlan(plan));
    const pathOf = new Map(units.map((u) => [u.id, u.path] as const));
    const owner = pathOf.get(plan.unitId);
    if (!owner) throw new HttpError(400, MESSAGES.unitNotFound, [{ path: 'unitId', message: MESSAGES.unitNotFound }]);
    if (!isInScope(caller, owner)) throw new HttpError(403, MESSAGES.outOfScope);
    for (const [index, a] of plan.assignments.entries()) {
      const path = pathOf.get(a.unitId);
      if (!path) {
        throw new HttpError(400, MESSAGES.unitNotFound, [
          { path: `assignments.${index}.unitId`, message: MESSAGES.unitNotFound },
        ]);
      }
      if (!isInScope(caller, path)) throw new HttpError(403, MESSAGES.outOfScope);
    }
  };

  app.get('/plans', async (request) => {
    const caller = await authenticate(ctx, request);
    const caller_unit = (await findUnitById(ctx.db, caller.unitId))!;
    const published = await findPublishedPlans(ctx.db);
    const pathOf = new Map(
      (await findUnitsByIds(ctx.db, published.flatMap(unitIdsOfPlan))).map((u) => [u.id, u.path] as const),
    );
    const relevant = published.filter((p) => isPlanInScope(p, caller_unit.path, pathOf));
    const own =
      caller.role === 'supervisor'
        ? (await findLatestPlans(ctx.db)).filter((p) => {
            const owner = pathOf.get(p.unitId);
            return owner === undefined ? p.unitId === caller.unitId : owner.startsWith(caller.scopePath);
          })
        : [];
    const byId = new Map<string, Plan>();
    for (const plan of [...relevant, ...own]) {
      const known = byId.get(plan.id);
      if (!known || plan.version > known.version) byId.set(plan.id, plan);
    }
    return { plans: [...byId.values()] };
  });

  app.get('/plans/:id', async (request) => {
    const caller = await authenticate(ctx, request);
    const { id } = parseOr400(z.object({ id: z.string().check(z.maxLength(64)) }), request.params);
    const versions = await findPlanVersions(ctx.db, id);
    if (versions.length === 0) throw new HttpError(404, MESSAGES.planNotFound);
    const owner = await findUnitById(ctx.db, versions[0]!.unitId);
    if (!owner || !isInScope(caller, owner.path)) throw new HttpError(403, MESSAGES.outOfScope);
    return {
      plan: versions[0],
      versions: versions.map((v) => ({ version: v.version, status: v.status, publishedAt: v.publishedAt })),
    };
  });

  app.post('/plans', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const input = parseOr400(planInputSchema, request.body);
    const plan = planFromInput(input, randomUUID(), input.unitId ?? caller.unitId, 1);
    await checkUnits(ctx.db, caller, plan);
    await insertPlanVersion(ctx.db, plan, ctx.now().toISOString());
    return { plan };
  });

  app.put('/plans/:id', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const { id } = parseOr400(z.object({ id: z.string().check(z.maxLength(64)) }), request.params);
    const input = parseOr400(planInputSchema, request.body);
    const now = ctx.now().toISOString();
    return ctx.db.transaction().execute(async (trx) => {
      const [latest] = await findPlanVersions(trx, id);
      if (!latest) throw new HttpError(404, MESSAGES.planNotFound);
      // Editing a draft changes it in place; editing a published plan starts its next version.
      const version = latest.status === 'draft' ? latest.version : latest.version + 1;
      const plan = planFromInput(input, id, input.unitId ?? latest.unitId, version);
      await checkUnits(trx, caller, plan);
      if (latest.status === 'draft') await updatePlanVersion(trx, plan, now);
      else await insertPlanVersion(trx, plan, now);
      return { plan };
    });
  });

  app.post('/plans/:id/publish', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const { id } = parseOr400(z.object({ id: z.string().check(z.maxLength(64)) }), request.params);
    const now = ctx.now().toISOString();
    return ctx.db.transaction().execute(async (trx) => {
      const [latest] = await findPlanVersions(trx, id);
      if (!latest) throw new HttpError(404, MESSAGES.planNotFound);
      if (latest.status !== 'draft') throw new HttpError(400, MESSAGES.noDraft, []);
      await checkUnits(trx, caller, latest);
      const plan: Plan = { ...latest, status: 'published', publishedAt: now };
      await updatePlanVersion(trx, plan, now);
      const owner = (await findUnitById(trx, plan.unitId))!;
      await insertChanges(trx, [{ entity: 'plan', entityId: plan.id, path: owner.path }]);
      return { plan };
    });
  });

  registerPlanImportRoute(app, ctx);
}

import type { FastifyInstance } from 'fastify';
import type { BootstrapResponse } from '../../shared/sync';
import { authenticate } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { isPlanInScope, unitIdsOfPlan } from '../plans/plan-scope';
import { findPublishedPlans } from '../plans/plans.repository';
import { findAncestors, findSubtree, findUnitById, findUnitsByIds, unitOf } from '../units/units.repository';

/** GET /bootstrap: what a phone caches on enrollment and after a reset. */
export async function bootstrapRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.get('/bootstrap', async (request): Promise<BootstrapResponse> => {
    const caller = await authenticate(ctx, request);
    const unit = (await findUnitById(ctx.db, caller.unitId))!;
    // A reporter's subtree is its unit's own station and post-office point: it logs for them.
    const [ancestors, subtree] = await Promise.all([findAncestors(ctx.db, unit), findSubtree(ctx.db, unit.path)]);
    const published = await findPublishedPlans(ctx.db);
    const pathOf = new Map(
      (await findUnitsByIds(ctx.db, published.flatMap(unitIdsOfPlan))).map((u) => [u.id, u.path] as const),
    );
    return {
      unit: unitOf(unit),
      units: [...ancestors, ...subtree].map(unitOf),
      plans: published.filter((plan) => isPlanInScope(plan, caller.scopePath, pathOf)),
      role: caller.role,
      deviceId: caller.deviceId,
      serverTime: ctx.now().toISOString(),
    };
  });
}

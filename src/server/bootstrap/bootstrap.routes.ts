import type { FastifyInstance } from 'fastify';
import type { BootstrapResponse } from '../../shared/sync';
import { authenticate } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { isPlanInScope, unitIdsOfPlan } from '../plans/plan-scope';
import { findPublishedPlans } from '../plans/plans.repository';
import { servedKindsOf, servedPlan } from '../sync/served-kinds';
import { findAncestors, findSubtree, findUnitById, findUnitsByIds, unitOf } from '../units/units.repository';

/** GET /bootstrap: what a phone caches on enrollment and after a reset. */
export async function bootstrapRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.get('/bootstrap', async (request): Promise<BootstrapResponse> => {
    const caller = await authenticate(ctx, request);
    // A phone that names the kinds it knows (`?kinds=a,b`) keeps any other; one that does not is of
    // the first release and is served only its kinds.
    const { kinds } = request.query as { kinds?: unknown };
    const served = servedKindsOf(typeof kinds === 'string' ? kinds.split(',') : undefined);
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
      plans: published
        .filter((plan) => isPlanInScope(plan, caller.scopePath, pathOf))
        .map((p) => servedPlan(p, served)),
      role: caller.role,
      deviceId: caller.deviceId,
      serverTime: ctx.now().toISOString(),
    };
  });
}

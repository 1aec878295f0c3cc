import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { vietnamDateOf } from '../../shared/format';
import { parsePeriodCode, periodBasisSchema, periodCodeSchema } from '../../shared/period';
import { authenticate, isInScope } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { findUnitById } from '../units/units.repository';
import { buildReport } from './report.service';

const reportQuerySchema = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  period: periodCodeSchema,
  basis: z.optional(periodBasisSchema),
  asOf: z.optional(z.iso.date()),
});

/** GET /report: the period report of a unit in the caller's scope. */
export async function reportsRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.get('/report', async (request) => {
    const caller = await authenticate(ctx, request);
    const query = parseOr400(reportQuerySchema, request.query);
    const unitId = query.unitId ?? caller.unitId;
    const unit = await findUnitById(ctx.db, unitId);
    if (!unit) throw new HttpError(404, MESSAGES.unitNotFound);
    if (!isInScope(caller, unit.path)) throw new HttpError(403, MESSAGES.outOfScope);
    return buildReport(ctx.db, {
      unitId,
      period: parsePeriodCode(query.period)!,
      basis: query.basis ?? 'decree09',
      asOf: query.asOf ?? vietnamDateOf(ctx.now()),
    });
  });
}

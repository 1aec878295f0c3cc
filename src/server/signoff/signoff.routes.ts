import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { formatPeriodCode, parsePeriodCode, periodBasisSchema, periodCodeSchema } from '../../shared/period';
import {
  approveRequestSchema,
  nudgeRequestSchema,
  returnRequestSchema,
  type SignoffStatusResponse,
  submitRequestSchema,
} from '../../shared/signoff';
import { authenticate, authenticateSupervisor, isInScope } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { findUnitById } from '../units/units.repository';
import { findNudges, findPeriodEvents, findUnitSubmissions } from './signoff.repository';
import { decidePeriod, sendNudges, submitPeriod } from './signoff.service';

const idParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });
const periodQuery = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  period: periodCodeSchema,
  basis: z.optional(periodBasisSchema),
});

/** How long a nudge stays on the phones. */
const NUDGE_DAYS = 60;

/**
 * Closing a period: POST /submissions (a unit submits its period), POST /submissions/:id/approve
 * and /return (its supervisor decides), GET /signoff (a phone's submissions and nudges after its
 * sync), GET /period-history, POST /nudges.
 */
export async function signoffRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.post('/submissions', async (request) => {
    const caller = await authenticate(ctx, request);
    const body = parseOr400(submitRequestSchema, request.body);
    return { submission: await submitPeriod(ctx.db, caller, body, ctx.now()) };
  });

  app.post('/submissions/:id/approve', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const { id } = parseOr400(idParams, request.params);
    const body = parseOr400(approveRequestSchema, request.body ?? {});
    return {
      submission: await decidePeriod(
        ctx.db,
        caller,
        id,
        { status: 'approved', comment: body.comment || null },
        ctx.now(),
      ),
    };
  });

  app.post('/submissions/:id/return', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const { id } = parseOr400(idParams, request.params);
    const body = parseOr400(returnRequestSchema, request.body ?? {});
    return {
      submission: await decidePeriod(ctx.db, caller, id, { status: 'returned', comment: body.comment }, ctx.now()),
    };
  });

  app.get('/signoff', async (request): Promise<SignoffStatusResponse> => {
    const caller = await authenticate(ctx, request);
    const since = new Date(ctx.now().getTime() - NUDGE_DAYS * 86_400_000).toISOString();
    const [submissions, nudges] = await Promise.all([
      findUnitSubmissions(ctx.db, caller.unitId),
      findNudges(ctx.db, caller.unitId, since),
    ]);
    return { submissions, nudges };
  });

  app.get('/period-history', async (request) => {
    const caller = await authenticate(ctx, request);
    const query = parseOr400(periodQuery, request.query);
    const unit = await findUnitById(ctx.db, query.unitId ?? caller.unitId);
    if (!unit) throw new HttpError(404, MESSAGES.unitNotFound);
    if (!isInScope(caller, unit.path)) throw new HttpError(403, MESSAGES.outOfScope);
    const events = await findPeriodEvents(ctx.db, {
      scopePath: unit.path,
      period: formatPeriodCode(parsePeriodCode(query.period)!),
      basis: query.basis ?? 'decree09',
    });
    return { events };
  });

  app.post('/nudges', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const body = parseOr400(nudgeRequestSchema, request.body);
    return { sent: await sendNudges(ctx.db, caller, body.unitIds, body.message, ctx.now()) };
  });
}

import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { activityKindSchema } from '../../shared/activity';
import { entryFileItemSchema, entryFileSchema, FILE_VOID_REASON } from '../../shared/entry-file';
import { parsePeriodCode, periodBasisSchema, periodCodeSchema, periodRange } from '../../shared/period';
import { authenticate, isInScopeOrMerged } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, issuesOf, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { EntryChangeBatch, retryOnConcurrentInsert } from '../sync/apply-mutations';
import { findAttachmentsOfActivities } from '../files/attachments.repository';
import { findPredecessorPaths } from '../units/successions.repository';
import { findUnitById } from '../units/units.repository';
import { findActivities, findActivityUnitPath } from './activities.repository';
import { findHistory } from './history.repository';
import { withPeriodSteps } from '../signoff/signoff.service';

const listQuerySchema = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  period: z.optional(periodCodeSchema),
  basis: z.optional(periodBasisSchema),
  kind: z.optional(activityKindSchema),
  taskId: z.optional(z.string().check(z.maxLength(64))),
  late: z.optional(z.enum(['0', '1'])),
  voided: z.optional(z.enum(['0', '1'])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(500))),
  offset: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(10_000_000))),
});

const historyParamsSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

/**
 * GET /activities (the entries behind a figure), GET /activities/:id/history (an entry's changes)
 * and POST /activities/import (a phone's file).
 */
export async function activitiesRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.get('/activities', async (request) => {
    const caller = await authenticate(ctx, request);
    const query = parseOr400(listQuerySchema, request.query);
    const unit = await findUnitById(ctx.db, query.unitId ?? caller.unitId);
    if (!unit) throw new HttpError(404, MESSAGES.unitNotFound);
    // An old unit merged into the caller's scope (the 2025 reform) is listed in its reports: its own.
    if (!(await isInScopeOrMerged(ctx.db, caller, unit.path))) throw new HttpError(403, MESSAGES.outOfScope);
    const range = query.period ? periodRange(parsePeriodCode(query.period)!, query.basis ?? 'decree09') : null;
    const limit = query.limit ?? 100;
    const offset = query.offset ?? 0;
    const { items, total } = await findActivities(ctx.db, {
      scopePath: unit.path,
      // The old units merged whole into it count as it does in its report.
      alsoPaths: await findPredecessorPaths(ctx.db, unit.path, 'full'),
      ...(range ? { from: range.from, to: range.to } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.taskId ? { taskId: query.taskId } : {}),
      ...(query.late === '1' && range ? { receivedAfterDate: range.to } : {}),
      includeVoided: query.voided === '1',
      limit,
      offset,
    });
    // Each entry with its evidence, for the page in one query.
    const attachments = await findAttachmentsOfActivities(
      ctx.db,
      items.map((a) => a.id),
    );
    return {
      items: items.map((a) => ({ ...a, attachments: attachments.get(a.id) ?? [] })),
      total,
      limit,
      offset,
      period: range,
    };
  });

  app.get('/activities/:id/history', async (request) => {
    const caller = await authenticate(ctx, request);
    const { id } = parseOr400(historyParamsSchema, request.params);
    const path = await findActivityUnitPath(ctx.db, id);
    if (path === undefined) throw new HttpError(404, MESSAGES.activityNotFound);
    if (!(await isInScopeOrMerged(ctx.db, caller, path))) throw new HttpError(403, MESSAGES.activityOutOfScope);
    return { items: await withPeriodSteps(ctx.db, path, await findHistory(ctx.db, id)) };
  });

  app.post('/activities/import', { bodyLimit: ctx.limits.importBodyBytes }, async (request) => {
    const caller = await authenticate(ctx, request);
    const file = parseOr400(entryFileSchema, request.body);
    const now = ctx.now().toISOString();
    let counts = { created: 0, duplicates: 0, conflicts: 0, rejected: 0 };
    let problems: { index: number; id: string | null; error: string }[] = [];
    await retryOnConcurrentInsert(() =>
      ctx.db.transaction().execute(async (trx) => {
        counts = { created: 0, duplicates: 0, conflicts: 0, rejected: 0 };
        problems = [];
        const items = file.activities.map((raw) => entryFileItemSchema.safeParse(raw));
        const valid = items.flatMap((r) => (r.success ? [r.data] : []));
        const batch = await EntryChangeBatch.open(
          trx,
          caller,
          now,
          valid.map((a) => a.id),
          valid.map((a) => a.unitId),
          'import',
        );
        for (const [index, result] of items.entries()) {
          const rawId = (file.activities[index] as { id?: unknown }).id;
          if (!result.success) {
            counts.rejected++;
            const detail = issuesOf(result.error)
              .map((i) => `${i.path}: ${i.message}`)
              .join('; ');
            problems.push({
              index,
              id: typeof rawId === 'string' ? rawId : null,
              error: MESSAGES.invalidMutation(detail),
            });
            continue;
          }
          const { voided, voidReason, ...activity } = result.data;
          const outcome = batch.apply({ op: 'upsert', baseVersion: 0, activity });
          if (outcome.status === 'applied') {
            counts.created++;
            if (voided)
              batch.apply({ op: 'void', id: activity.id, baseVersion: 1, reason: voidReason || FILE_VOID_REASON });
          } else if (outcome.status === 'duplicate') {
            counts.duplicates++;
            // The file knows of a void the server has not heard yet (an already voided entry stays as it is).
            if (voided && outcome.version !== undefined) {
              batch.apply({
                op: 'void',
                id: activity.id,
                baseVersion: outcome.version,
                reason: voidReason || FILE_VOID_REASON,
              });
            }
          } else if (outcome.status === 'conflict') counts.conflicts++;
          else {
            counts.rejected++;
            problems.push({ index, id: activity.id, error: outcome.error ?? MESSAGES.badRequest });
          }
        }
        await batch.write();
      }),
    );
    return { ...counts, problems };
  });
}

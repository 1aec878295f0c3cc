import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { type ContentInput, type ContentReport, contentInputSchema } from '../../shared/content';
import { authenticate, authenticateSupervisor, isInScope } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { findUnitsByIds } from '../units/units.repository';
import {
  deliveriesOf,
  findContent,
  insertContent,
  isAddressedWithin,
  listContentForScope,
  listContentPublishedIn,
  recordDownload,
} from './content.repository';

const idParams = z.object({ id: z.uuid(MESSAGES.contentNotFound) });

// The same item sent again (its answer lost) is the same; another under its id is a conflict.
function sameItem(stored: { kind: string; title: string; file?: { sha256: string } | null }, input: ContentInput) {
  return (
    stored.kind === input.kind &&
    stored.title === input.title.normalize('NFC') &&
    (stored.file?.sha256 ?? null) === (input.file?.sha256 ?? null)
  );
}

/**
 * Content relay (issue 15): a supervisor publishes items to units of its subtree; phones list the
 * items sent to their units and say when they downloaded one; the publisher sees per unit who
 * downloaded, aired or received it. Files go through the evidence routes (`/files/:sha256`).
 */
export async function contentRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.post('/content', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const input = parseOr400(contentInputSchema, request.body);
    const existing = await findContent(ctx.db, input.id);
    if (existing) {
      if (!sameItem(existing, input) || !isInScope(caller, existing.ownerPath))
        throw new HttpError(409, MESSAGES.contentIdTaken);
      const { ownerPath: _, ...item } = existing;
      return { item };
    }
    const named = await findUnitsByIds(ctx.db, input.unitIds);
    if (named.length !== new Set(input.unitIds).size)
      throw new HttpError(404, MESSAGES.contentUnitUnknown, [
        { path: 'unitIds', message: MESSAGES.contentUnitUnknown },
      ]);
    if (named.some((unit) => !isInScope(caller, unit.path))) throw new HttpError(403, MESSAGES.contentUnitOutOfScope);
    await insertContent(ctx.db, input, {
      unitId: caller.unitId,
      deviceId: caller.deviceId,
      receivedAt: ctx.now().toISOString(),
    });
    const { ownerPath: _, ...item } = (await findContent(ctx.db, input.id))!;
    return { item };
  });

  app.get('/content', async (request) => {
    const caller = await authenticate(ctx, request);
    return { items: await listContentForScope(ctx.db, caller.scopePath) };
  });

  app.get('/content/sent', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const items = await listContentPublishedIn(ctx.db, caller.scopePath);
    const reports: ContentReport[] = [];
    for (const item of items) {
      const deliveries = await deliveriesOf(ctx.db, item.id);
      reports.push({ ...item, deliveries, airings: deliveries.reduce((sum, d) => sum + d.airings, 0) });
    }
    return { items: reports };
  });

  app.post('/content/:id/downloaded', async (request) => {
    const caller = await authenticate(ctx, request);
    const { id } = parseOr400(idParams, request.params);
    const units = await isAddressedWithin(ctx.db, id, caller.scopePath);
    if (units.length === 0) throw new HttpError(404, MESSAGES.contentNotFound);
    await recordDownload(ctx.db, id, units, caller.deviceId, ctx.now().toISOString());
    return { unitIds: units };
  });
}

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { authenticate, authenticateSupervisor, isInScope } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { findAncestors, findSubtree, findUnitById, insertUnits, unitOf } from './units.repository';

const createUnitSchema = z.object({
  parentId: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.trim(), z.minLength(1, 'Hãy nhập tên đơn vị.'), z.maxLength(200)),
  kind: z.enum(['station', 'post_office', 'agency']),
  code: z.optional(z.string().check(z.trim(), z.maxLength(32))),
});

/** GET /units (the caller's subtree; `all=1` adds its ancestors) and POST /units (a child unit). */
export async function unitsRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.get('/units', async (request) => {
    const caller = await authenticate(ctx, request);
    const { all } = parseOr400(z.object({ all: z.optional(z.enum(['0', '1', 'true', 'false'])) }), request.query);
    const unit = (await findUnitById(ctx.db, caller.unitId))!;
    const subtree = await findSubtree(ctx.db, unit.path);
    const ancestors = all === '1' || all === 'true' ? await findAncestors(ctx.db, unit) : [];
    return { units: [...ancestors, ...subtree].map(unitOf) };
  });

  app.post('/units', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const body = parseOr400(createUnitSchema, request.body);
    const parent = await findUnitById(ctx.db, body.parentId);
    if (!parent)
      throw new HttpError(400, MESSAGES.unitNotFound, [{ path: 'parentId', message: MESSAGES.unitNotFound }]);
    if (!isInScope(caller, parent.path)) throw new HttpError(403, MESSAGES.outOfScope);
    const [row] = await ctx.db
      .transaction()
      .execute((trx) =>
        insertUnits(trx, [
          { id: randomUUID(), code: body.code ?? '', name: body.name, kind: body.kind, parentId: parent.id },
        ]),
      );
    return { unit: unitOf(row!) };
  });
}

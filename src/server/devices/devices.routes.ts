import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { type EnrollResponse, enrollRequestSchema, type Role, roleSchema } from '../../shared/sync';
import { authenticateSupervisor, hashSecret, isInScope, newToken, normalizeCode } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { findUnitById, unitOf } from '../units/units.repository';
import {
  consumeEnrollmentCode,
  findDevice,
  findDevicesInSubtree,
  insertDevice,
  revokeDevice,
} from './devices.repository';
import { createEnrollmentCode } from './enrollment';

const codeRequestSchema = z.object({
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  role: roleSchema,
  ttlHours: z.optional(z.number().check(z.gt(0), z.lte(24 * 90))),
});

/** Enrollment, enrollment codes and the device list. */
export async function devicesRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.post('/enroll', async (request): Promise<EnrollResponse> => {
    const ip = request.ip;
    const wait = ctx.codeLimiter.check(ip);
    if (wait > 0) throw new HttpError(429, MESSAGES.tooManyCodeTries, undefined, { 'retry-after': String(wait) });
    const body = parseOr400(enrollRequestSchema, request.body);
    const now = ctx.now().toISOString();
    const deviceId = randomUUID();
    const token = newToken();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const code = await consumeEnrollmentCode(trx, hashSecret(normalizeCode(body.code)), now, deviceId);
      if (!code) return null;
      await insertDevice(trx, {
        id: deviceId,
        name: body.deviceName,
        unit_id: code.unit_id,
        role: code.role,
        legacy_kinds: false,
        token_hash: hashSecret(token),
        created_at: now,
        last_sync_at: null,
        pending: 0,
        last_seq: 0,
        revoked_at: null,
      });
      return code;
    });
    if (!result) {
      ctx.codeLimiter.hit(ip);
      throw new HttpError(400, MESSAGES.badCode, [{ path: 'code', message: MESSAGES.badCode }]);
    }
    const unit = await findUnitById(ctx.db, result.unit_id);
    return { deviceId, token, unit: unitOf(unit!), role: result.role as Role };
  });

  app.post('/enrollment-codes', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const body = parseOr400(codeRequestSchema, request.body);
    const unit = await findUnitById(ctx.db, body.unitId);
    if (!unit) throw new HttpError(400, MESSAGES.unitNotFound, [{ path: 'unitId', message: MESSAGES.unitNotFound }]);
    if (!isInScope(caller, unit.path)) throw new HttpError(403, MESSAGES.outOfScope);
    const { code, expiresAt } = await createEnrollmentCode(ctx.db, {
      unitId: unit.id,
      role: body.role,
      ...(body.ttlHours !== undefined ? { ttlHours: body.ttlHours } : {}),
      createdBy: caller.deviceId,
      now: ctx.now(),
    });
    const origin = `${request.protocol}://${request.host}`;
    return { code, url: `${origin}/?code=${code}`, expiresAt, unit: unitOf(unit), role: body.role };
  });

  app.get('/devices', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const rows = await findDevicesInSubtree(ctx.db, caller.scopePath);
    return {
      devices: rows.map((r) => ({
        id: r.id,
        name: r.name,
        unitId: r.unit_id,
        unitName: r.unit_name,
        role: r.role,
        createdAt: r.created_at,
        lastSyncAt: r.last_sync_at,
        pending: r.pending,
        revokedAt: r.revoked_at,
      })),
    };
  });

  app.post('/devices/:id/revoke', async (request) => {
    const caller = await authenticateSupervisor(ctx, request);
    const { id } = parseOr400(z.object({ id: z.string().check(z.maxLength(64)) }), request.params);
    const device = await findDevice(ctx.db, id);
    if (!device) throw new HttpError(404, MESSAGES.deviceNotFound);
    if (!isInScope(caller, device.path)) throw new HttpError(403, MESSAGES.outOfScope);
    await revokeDevice(ctx.db, id, ctx.now().toISOString());
    return { id, revokedAt: (await findDevice(ctx.db, id))!.revoked_at };
  });
}

import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findDeviceByTokenHash } from '../devices/devices.repository';
import { findPredecessorPaths } from '../units/successions.repository';
import type { AppContext } from '../http/context';
import { HttpError } from '../http/errors';
import { MESSAGES } from '../http/messages';

/** The device a request comes from, with its scope. */
export interface Caller {
  deviceId: string;
  unitId: string;
  role: Role;
  /** The path of the device's unit: its scope is every unit whose path starts with it. */
  scopePath: string;
}

/** SHA-256 hex of a secret; the only form tokens and codes are stored in. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A bearer token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

// No 0/O, 1/I/L: a code is read off a screen or paper and typed on a phone.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 10;

/** A one-time enrollment code short enough to type (10 characters, about 49 bits). */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A typed code in its stored form: upper case, without spaces or dashes. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** The caller of a request, or 401: no token, an unknown one, or a revoked device. */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{20,100})\s*$/.exec(header) : null;
  if (!header) throw new HttpError(401, MESSAGES.noToken);
  if (!match) throw new HttpError(401, MESSAGES.badToken);
  const device = await findDeviceByTokenHash(ctx.db, hashSecret(match[1]!));
  if (!device || device.revoked_at !== null) throw new HttpError(401, MESSAGES.badToken);
  return { deviceId: device.id, unitId: device.unit_id, role: device.role as Role, scopePath: device.path };
}

/** The caller when it is a supervisor, else 403. */
export async function authenticateSupervisor(ctx: AppContext, request: FastifyRequest): Promise<Caller> {
  const caller = await authenticate(ctx, request);
  if (caller.role !== 'supervisor') throw new HttpError(403, MESSAGES.supervisorOnly);
  return caller;
}

/** True when a unit path lies in the caller's scope. */
export function isInScope(caller: Pick<Caller, 'scopePath'>, unitPath: string): boolean {
  return unitPath.startsWith(caller.scopePath);
}

/**
 * True when a unit path lies in the caller's scope, or in an old unit merged into it by the 2025
 * reform (a moved phone's former unit, an old commune a new province's report lists): its entries
 * and their evidence are the caller's too.
 */
export async function isInScopeOrMerged(
  db: Kysely<Database>,
  caller: Pick<Caller, 'scopePath'>,
  unitPath: string,
): Promise<boolean> {
  if (isInScope(caller, unitPath)) return true;
  return (await findPredecessorPaths(db, caller.scopePath)).some((path) => unitPath.startsWith(path));
}

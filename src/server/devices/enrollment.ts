import type { Kysely } from 'kysely';
import { vietnamDateOf } from '../../shared/format';
import type { Role } from '../../shared/sync';
import { hashSecret, newEnrollmentCode } from '../auth/auth';
import type { Database } from '../db/schema';
import { findCurrentRootUnits } from '../units/units.repository';
import { hasActiveSupervisor, insertEnrollmentCode } from './devices.repository';

/** Codes expire after a week unless told otherwise. */
const DEFAULT_CODE_TTL_HOURS = 7 * 24;

/** Makes a one-time code for a unit and role; only its hash is stored. */
export async function createEnrollmentCode(
  db: Kysely<Database>,
  input: { unitId: string; role: Role; ttlHours?: number; createdBy?: string | null; now: Date },
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrollmentCode();
  const expiresAt = new Date(
    input.now.getTime() + (input.ttlHours ?? DEFAULT_CODE_TTL_HOURS) * 3_600_000,
  ).toISOString();
  await insertEnrollmentCode(db, {
    code_hash: hashSecret(code),
    unit_id: input.unitId,
    role: input.role,
    expires_at: expiresAt,
    used_at: null,
    used_by: null,
    created_at: input.now.toISOString(),
    created_by: input.createdBy ?? null,
  });
  return { code, expiresAt };
}

/**
 * A supervisor code for each current top unit when no supervisor device is enrolled and active:
 * without one nobody can open the console, make codes or publish a plan, so every start prints
 * a fresh one until someone has used it. Empty once a supervisor is enrolled.
 */
export async function supervisorCodesIfNone(
  db: Kysely<Database>,
  now: Date,
): Promise<{ label: string; unitId: string; code: string; expiresAt: string }[]> {
  if (await hasActiveSupervisor(db)) return [];
  const roots = await findCurrentRootUnits(db, vietnamDateOf(now));
  const codes = [];
  for (const root of roots) {
    const { code, expiresAt } = await createEnrollmentCode(db, { unitId: root.id, role: 'supervisor', now });
    codes.push({ label: `${root.name} (giám sát)`, unitId: root.id, code, expiresAt });
  }
  return codes;
}

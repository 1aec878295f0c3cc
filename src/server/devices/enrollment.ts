import type { Kysely } from 'kysely';
import type { Role } from '../../shared/sync';
import { hashSecret, newEnrollmentCode } from '../auth/auth';
import type { Database } from '../db/schema';
import { insertEnrollmentCode } from './devices.repository';

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

import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Limits } from '../../../src/server/app';
import type { Database } from '../../../src/server/db/schema';
import type { Role } from '../../../src/shared/sync';
import { enroll, openTestServer } from '../../support/test-server';

export { seedTree, type TestDevice, type Tree } from '../../support/test-server';

/** The fixed clock of the proof's servers. */
export const PROOF_NOW = new Date('2021-07-20T03:00:00Z');

/** Enrolls a device through the API with a fresh code made at the proof's time. */
export function enrollAs(app: FastifyInstance, db: Kysely<Database>, unitId: string, role: Role = 'reporter') {
  return enroll(app, db, unitId, role, PROOF_NOW);
}

/** An in-memory PGlite server for one test file, from the one fixture, its clock at PROOF_NOW. */
export async function startProofServer(limits?: Partial<Limits>) {
  const server = await openTestServer('pglite', limits);
  server.clock.set(PROOF_NOW.toISOString());
  return server;
}

const TABLES = ['units', 'devices', 'enrollment_codes', 'activities', 'plans', 'change_log', 'facts', 'meta'] as const;

/** Row count and an md5 of every row of every table: equal checksums mean nothing was written. */
export async function databaseChecksum(db: Kysely<Database>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const result = await sql<{ n: number; h: string | null }>`
      select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h
      from ${sql.table(table)} t`.execute(db);
    const row = result.rows[0]!;
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}

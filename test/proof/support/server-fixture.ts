import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { buildApp, type Limits } from '../../../src/server/app';
import { type OpenDatabase, openDatabase } from '../../../src/server/db/database';
import type { Database } from '../../../src/server/db/schema';
import { createEnrollmentCode } from '../../../src/server/devices/enrollment';
import { insertUnits } from '../../../src/server/units/units.repository';
import type { Role } from '../../../src/shared/sync';

/** The fixed clock of the proof's servers. */
export const PROOF_NOW = new Date('2021-07-20T03:00:00Z');

/** Two districts of one province, two communes with their station and post office, and a far one. */
export interface ProofTree {
  province: string;
  district: string;
  commune: string;
  station: string;
  postOffice: string;
  neighbour: string;
  otherDistrict: string;
  farCommune: string;
}

/** Inserts a fresh tree under a random prefix. */
export async function seedProofTree(db: Kysely<Database>): Promise<ProofTree> {
  const p = randomUUID().slice(0, 8);
  const t: ProofTree = {
    province: `${p}:42`,
    district: `${p}:446`,
    commune: `${p}:18673`,
    station: `${p}:18673:station`,
    postOffice: `${p}:18673:post-office`,
    neighbour: `${p}:18676`,
    otherDistrict: `${p}:436`,
    farCommune: `${p}:18073`,
  };
  await insertUnits(db, [
    { id: t.province, code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    { id: t.district, code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: t.province },
    { id: t.otherDistrict, code: '436', name: 'Thành phố Hà Tĩnh', kind: 'district', parentId: t.province },
    { id: t.commune, code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: t.district },
    { id: t.station, code: '', name: 'Trạm truyền thanh Cẩm Xuyên', kind: 'station', parentId: t.commune },
    { id: t.postOffice, code: '', name: 'Điểm BĐ-VH Cẩm Xuyên', kind: 'post_office', parentId: t.commune },
    { id: t.neighbour, code: '18676', name: 'Thị trấn Thiên Cầm', kind: 'commune', parentId: t.district },
    { id: t.farCommune, code: '18073', name: 'Phường Nam Hà', kind: 'commune', parentId: t.otherDistrict },
  ]);
  return t;
}

/** An enrolled device: ids, token and its auth header. */
export interface ProofDevice {
  deviceId: string;
  token: string;
  unitId: string;
  headers: { authorization: string };
}

/** Enrolls a device through the API with a fresh code. */
export async function enrollAs(
  app: FastifyInstance,
  db: Kysely<Database>,
  unitId: string,
  role: Role = 'reporter',
): Promise<ProofDevice> {
  const { code } = await createEnrollmentCode(db, { unitId, role, now: PROOF_NOW });
  const res = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceName: 'Máy thử' } });
  if (res.statusCode !== 200) throw new Error(`enroll failed ${res.statusCode} ${res.body}`);
  const body = res.json() as { deviceId: string; token: string };
  return { deviceId: body.deviceId, token: body.token, unitId, headers: { authorization: `Bearer ${body.token}` } };
}

/** An in-memory PGlite server for one test file. */
export async function startProofServer(limits?: Partial<Limits>): Promise<{
  app: FastifyInstance;
  opened: OpenDatabase;
  db: Kysely<Database>;
  close(): Promise<void>;
}> {
  const opened = await openDatabase({ dataDir: 'memory://' });
  const app = await buildApp({ db: opened.db, now: () => PROOF_NOW, ...(limits ? { limits } : {}) });
  return {
    app,
    opened,
    db: opened.db,
    async close() {
      await app.close();
      await opened.close();
    },
  };
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

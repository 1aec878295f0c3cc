import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { buildApp, type Limits } from '../../src/server/app';
import { openDatabase } from '../../src/server/db/database';
import { migrationProvider } from '../../src/server/db/migrations/index';
import type { Database } from '../../src/server/db/schema';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { insertUnits } from '../../src/server/units/units.repository';
import type { Role } from '../../src/shared/sync';

// The one fixture that starts a server in process over a database of its own with a seeded tree,
// used by the server, app and proof tests (the e2e tests and benches start the real process, see
// ./processes.ts). Test files add only the requests they make.

/** The databases the server suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function backends(): ('pglite' | 'postgres')[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

// Vitest gives __dirname (its DOM environment has no file URL in import.meta.url); tsx, which runs
// the benches, gives only import.meta.url.
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));

// A migrated empty PGlite cluster, dumped once and loaded by every test file: loading takes about
// 1 s where creating and migrating takes 3 to 4 s. Keyed by the migrations, so a new one rebuilds it.
async function pgliteSnapshot(): Promise<Blob | undefined> {
  const names = Object.keys(await migrationProvider.getMigrations()).join(',');
  const key = createHash('sha256').update(names).digest('hex').slice(0, 12);
  const dir = path.resolve(HERE, '../../node_modules/.cache/cchc-server-tests');
  const file = path.join(dir, `pglite-${key}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const fresh = await openDatabase({ dataDir: 'memory://' });
  try {
    const dump = await fresh.pglite!.dumpDataDir('gzip');
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    renameSync(temp, file);
    return dump;
  } finally {
    await fresh.close();
  }
}

/** A database for one test file: in-memory PGlite (from a migrated snapshot), or a fresh PostgreSQL database. */
export async function openTestDatabase(backend: 'pglite' | 'postgres') {
  if (backend === 'pglite') {
    const snapshot = await pgliteSnapshot();
    const opened = await openDatabase({ dataDir: 'memory://', ...(snapshot ? { loadDataDir: snapshot } : {}) });
    return { ...opened, databaseUrl: null };
  }
  // A database of its own, not just a schema: the pull waits for transactions still running in
  // its database, and other test runs may share this server.
  const name = `cchc_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(process.env.DATABASE_URL!);
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: own.toString() });
  return {
    ...opened,
    databaseUrl: own.toString(),
    async close() {
      await opened.close();
      // Closed connections may still be leaving; forcing them out would raise on the closing
      // client, so wait for them first and force only as a last resort.
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await admin(`drop database if exists ${name}`);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A test clock that tests can move. */
export class TestClock {
  constructor(public current = new Date('2021-07-20T03:00:00Z')) {}
  now = (): Date => this.current;
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/** Builds the app over a database with a movable clock. */
export async function buildTestApp(db: Kysely<Database>, clock = new TestClock(), limits?: Partial<Limits>) {
  const app = await buildApp({ db, now: clock.now, ...(limits ? { limits } : {}) });
  return { app, clock };
}

/**
 * What most server test files start from: a database of their own, the app over it with a movable
 * clock, and the small tree seeded; `close` shuts the app, then the database.
 */
export async function openTestServer(backend: 'pglite' | 'postgres', limits?: Partial<Limits>) {
  const opened = await openTestDatabase(backend);
  const { app, clock } = await buildTestApp(opened.db, undefined, limits);
  const tree = await seedTree(opened.db);
  return {
    opened,
    db: opened.db,
    app,
    clock,
    tree,
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

/** The ids of a small tree: province → two districts → communes, each commune with its station and post office. */
export interface Tree {
  province: string;
  district: string;
  otherDistrict: string;
  commune: string;
  station: string;
  postOffice: string;
  neighbour: string;
  neighbourStation: string;
  farCommune: string;
}

/** Inserts a fresh tree whose ids start with `prefix` (so tests in one file do not meet). */
export async function seedTree(db: Kysely<Database>, prefix = randomUUID().slice(0, 8)): Promise<Tree> {
  const id = (s: string) => `${prefix}:${s}`;
  const t: Tree = {
    province: id('42'),
    district: id('446'),
    otherDistrict: id('436'),
    commune: id('18673'),
    station: id('18673:station'),
    postOffice: id('18673:post-office'),
    neighbour: id('18676'),
    neighbourStation: id('18676:station'),
    farCommune: id('18073'),
  };
  await insertUnits(db, [
    { id: t.province, code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    { id: t.district, code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: t.province },
    { id: t.otherDistrict, code: '436', name: 'Thành phố Hà Tĩnh', kind: 'district', parentId: t.province },
    { id: t.commune, code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: t.district },
    { id: t.station, code: '', name: 'Trạm truyền thanh Thị trấn Cẩm Xuyên', kind: 'station', parentId: t.commune },
    { id: t.postOffice, code: '', name: 'Điểm BĐ-VH Thị trấn Cẩm Xuyên', kind: 'post_office', parentId: t.commune },
    { id: t.neighbour, code: '18676', name: 'Thị trấn Thiên Cầm', kind: 'commune', parentId: t.district },
    { id: t.neighbourStation, code: '', name: 'Trạm truyền thanh Thiên Cầm', kind: 'station', parentId: t.neighbour },
    { id: t.farCommune, code: '18073', name: 'Phường Nam Hà', kind: 'commune', parentId: t.otherDistrict },
  ]);
  return t;
}

/** An enrolled device and how to call the API as it. */
export interface TestDevice {
  deviceId: string;
  token: string;
  unitId: string;
  role: Role;
  headers: { authorization: string };
  seq: number;
  cursor: string | null;
}

/** Makes a code and enrolls a device with it through the API. */
export async function enroll(
  app: FastifyInstance,
  db: Kysely<Database>,
  unitId: string,
  role: Role = 'reporter',
  now = new Date(),
): Promise<TestDevice> {
  const { code } = await createEnrollmentCode(db, { unitId, role, now });
  const res = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceName: 'Máy thử' } });
  if (res.statusCode !== 200) throw new Error(`enroll failed ${res.statusCode} ${res.body}`);
  const body = res.json() as { deviceId: string; token: string };
  return {
    deviceId: body.deviceId,
    token: body.token,
    unitId,
    role,
    headers: { authorization: `Bearer ${body.token}` },
    seq: 0,
    cursor: null,
  };
}
